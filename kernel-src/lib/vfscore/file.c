/* Open file descriptions: allocation and reference counts. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/arch/atomic.h>
#include <vfscore/eventpoll.h>
#include <vfscore/file.h>

static unsigned long next_id = 1;

struct vfscore_file *vfscore_file_alloc(const struct vfscore_file_ops *ops,
					void *data, int flags)
{
	struct vfscore_file *fp;

	fp = uk_zalloc(uk_alloc_get_default(), sizeof(*fp));
	if (!fp)
		return NULL;
	fp->f_op = ops;
	fp->f_data = data;
	fp->f_flags = flags;
	fp->f_count = 1;
	fp->f_id = ukarch_fetch_add(&next_id, 1);
	UK_INIT_LIST_HEAD(&fp->f_ep);
	fp->fd = -1;
	uk_mutex_init(&fp->f_lock);
	return fp;
}

void vfscore_file_ref(struct vfscore_file *fp)
{
	ukarch_inc(&fp->f_count);
}

/* The last reference: watchers first (they hold no reference, as with
 * Linux epoll), then the kind's close. */
int fdrop(struct vfscore_file *fp)
{
	int old = ukarch_dec(&fp->f_count);

	UK_ASSERT(old > 0);
	if (old > 1)
		return 0;
	eventpoll_notify_close(fp);
	if (fp->f_op->close)
		fp->f_op->close(fp);
	uk_free(uk_alloc_get_default(), fp);
	return 1;
}

void vfscore_put_file(struct vfscore_file *fp)
{
	fdrop(fp);
}

long vfscore_result(long rc)
{
	if (rc >= 0)
		return rc;
	errno = (int)-rc;
	return -1;
}

size_t vfscore_iov_total(const struct iovec *iov, int iovcnt)
{
	size_t total = 0;
	int i;

	for (i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > SSIZE_MAX - total)
			return SSIZE_MAX;
		total += iov[i].iov_len;
	}
	return total;
}

size_t vfscore_iov_copy_out(const struct iovec *iov, int iovcnt,
			    const void *src, size_t n)
{
	size_t done = 0, k;
	int i;

	for (i = 0; i < iovcnt && done < n; i++) {
		k = MIN(iov[i].iov_len, n - done);
		memcpy(iov[i].iov_base, (const char *)src + done, k);
		done += k;
	}
	return done;
}

size_t vfscore_iov_copy_in(void *dst, size_t n, const struct iovec *iov,
			   int iovcnt)
{
	size_t done = 0, k;
	int i;

	for (i = 0; i < iovcnt && done < n; i++) {
		k = MIN(iov[i].iov_len, n - done);
		memcpy((char *)dst + done, iov[i].iov_base, k);
		done += k;
	}
	return done;
}
