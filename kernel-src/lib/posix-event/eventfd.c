/* eventfd: a 64-bit counter as a file. Writes add, reads take the whole
 * count (or 1 in semaphore mode); both wait while they cannot proceed. */
#include <uk/syscall.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <uk/alloc.h>
#include <uk/arch/atomic.h>
#include <uk/wait.h>
#include <vfscore/eventpoll.h>
#include <vfscore/file.h>

#define COUNT_MAX	0xfffffffffffffffeULL	/* a write never goes past */

/* The count changes by compare-and-swap: a write and a read are one
 * atomic step each, with no lock for the other CPU to wait on. */
struct eventfd_ctx {
	__u64 count;
	int semaphore;
	struct uk_waitq wq;		/* readers and writers */
	struct uk_list_head ecbs;	/* eventpoll callbacks */
};

static unsigned int revents_of(__u64 count)
{
	return (count ? EPOLLIN | EPOLLRDNORM : 0) |
	       (count < COUNT_MAX ? EPOLLOUT | EPOLLWRNORM : 0);
}

/* After a change: wake waiters and tell watchers (no lock held). */
static void changed(struct eventfd_ctx *e, __u64 count)
{
	uk_waitq_wake_up(&e->wq);
	eventpoll_signal_list(&e->ecbs, revents_of(count));
}

/* Replaces *seen (what the caller last read) by want; on failure *seen
 * is the count as it is now. */
static int swap_count(struct eventfd_ctx *e, __u64 *seen, __u64 want)
{
	return __atomic_compare_exchange_n(&e->count, seen, want, 0,
					   __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

/* Takes what a read gets, or returns 0 if the count is 0. */
static __u64 take(struct eventfd_ctx *e, __u64 *left)
{
	__u64 c = __atomic_load_n(&e->count, __ATOMIC_RELAXED), got;

	do {
		if (!c) {
			*left = 0;
			return 0;
		}
		got = e->semaphore ? 1 : c;
	} while (!swap_count(e, &c, c - got));
	*left = c - got;
	return got;
}

static ssize_t efd_read(struct vfscore_file *fp, const struct iovec *iov,
			    int iovcnt)
{
	struct eventfd_ctx *e = fp->f_data;
	__u64 got, left;

	if (vfscore_iov_total(iov, iovcnt) < sizeof(got))
		return -EINVAL;
	while (!(got = take(e, &left))) {
		if (fp->f_flags & O_NONBLOCK)
			return -EAGAIN;
		uk_waitq_wait_event(&e->wq, UK_READ_ONCE(e->count) != 0);
	}
	vfscore_iov_copy_out(iov, iovcnt, &got, sizeof(got));
	changed(e, left);
	return sizeof(got);
}

/* Adds v if the count stays <= COUNT_MAX; returns whether it did. */
static int add(struct eventfd_ctx *e, __u64 v, __u64 *now)
{
	__u64 c = __atomic_load_n(&e->count, __ATOMIC_RELAXED);

	do {
		if (COUNT_MAX - c < v) {
			*now = c;
			return 0;
		}
	} while (!swap_count(e, &c, c + v));
	*now = c + v;
	return 1;
}

static ssize_t efd_write(struct vfscore_file *fp,
			     const struct iovec *iov, int iovcnt)
{
	struct eventfd_ctx *e = fp->f_data;
	__u64 v, now;

	if (vfscore_iov_copy_in(&v, sizeof(v), iov, iovcnt) < sizeof(v))
		return -EINVAL;
	if (v == ~0ULL)
		return -EINVAL;
	while (!add(e, v, &now)) {
		if (fp->f_flags & O_NONBLOCK)
			return -EAGAIN;
		uk_waitq_wait_event(&e->wq,
				    COUNT_MAX - UK_READ_ONCE(e->count) >= v);
	}
	if (v)
		changed(e, now);
	return sizeof(v);
}

/* eventpoll_lock is held here (see vfscore/eventpoll.h). */
static int efd_poll(struct vfscore_file *fp, unsigned int *revents,
			struct eventpoll_cb *ecb)
{
	struct eventfd_ctx *e = fp->f_data;

	eventpoll_register(&e->ecbs, ecb);
	*revents = revents_of(UK_READ_ONCE(e->count));
	return 0;
}

static int efd_close(struct vfscore_file *fp)
{
	uk_free(uk_alloc_get_default(), fp->f_data);
	return 0;
}

static const struct vfscore_file_ops eventfd_ops = {
	.name = "eventfd",
	.read = efd_read,
	.write = efd_write,
	.close = efd_close,
	.poll = efd_poll,
};

static int do_eventfd(unsigned int initval, int flags)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct vfscore_file *fp;
	struct eventfd_ctx *e;
	int fd;

	if (flags & ~(EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC))
		return -EINVAL;
	e = uk_zalloc(a, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->count = initval;
	e->semaphore = !!(flags & EFD_SEMAPHORE);
	uk_waitq_init(&e->wq);
	UK_INIT_LIST_HEAD(&e->ecbs);
	fp = vfscore_file_alloc(&eventfd_ops, e,
				O_RDWR | (flags & EFD_NONBLOCK));
	if (!fp) {
		uk_free(a, e);
		return -ENOMEM;
	}
	fd = vfscore_install_file(fp, 0, (flags & EFD_CLOEXEC) ? FD_CLOEXEC : 0);
	if (fd < 0)
		vfscore_put_file(fp);
	return fd;
}

UK_SYSCALL_R_DEFINE(int, eventfd2, unsigned int, initval, int, flags)
{
	return do_eventfd(initval, flags);
}

/* Linux's older call, without flags */
UK_LLSYSCALL_R_DEFINE(int, eventfd, unsigned int, initval)
{
	return do_eventfd(initval, 0);
}

#if UK_LIBC_SYSCALLS
/* libc's eventfd takes flags: it is eventfd2 */
int eventfd(unsigned int initval, int flags)
{
	return (int)uk_syscall_errno(uk_syscall6_r(__NR_eventfd2, initval,
						   flags, 0, 0, 0, 0));
}

int eventfd_read(int fd, eventfd_t *value)
{
	return read(fd, value, sizeof(*value)) == sizeof(*value) ? 0 : -1;
}

int eventfd_write(int fd, eventfd_t value)
{
	return write(fd, &value, sizeof(value)) == sizeof(value) ? 0 : -1;
}
#endif
