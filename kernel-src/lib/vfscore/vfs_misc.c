/* The small helpers of vfscore's 0.10 headers: uio transfers (uio.h),
 * file flags (fs.h), sys_panic (prex.h; its strlcpy/strlcat are the
 * libc's), the do-nothing operations and mount counts (mount.h,
 * vnode.h). */
#include <errno.h>
#include <string.h>
#include <uk/assert.h>
#include <vfscore/dentry.h>
#include <vfscore/fs.h>
#include <vfscore/mount.h>
#include <vfscore/prex.h>
#include <vfscore/uio.h>
#include <vfscore/vnode.h>

/* ---------------------------------------------------------------- uio */

int vfscore_uioforeach(int (*f)(void *, void *, size_t *), void *cp,
		       size_t n, struct uio *uio)
{
	int rc;

	if (uio->uio_rw != UIO_READ && uio->uio_rw != UIO_WRITE)
		return EINVAL;
	while (n > 0 && uio->uio_resid > 0 && uio->uio_iovcnt > 0) {
		struct iovec *iov = uio->uio_iov;
		size_t len = MIN(iov->iov_len, n);

		if (!len) {
			uio->uio_iov++;
			uio->uio_iovcnt--;
			continue;
		}
		rc = f(cp, iov->iov_base, &len);
		if (rc)
			return rc;
		iov->iov_base = (char *)iov->iov_base + len;
		iov->iov_len -= len;
		uio->uio_resid -= len;
		uio->uio_offset += len;
		cp = (char *)cp + len;
		n -= len;
	}
	return 0;
}

static int copy_to_buffer(void *cp, void *buf, size_t *len)
{
	memcpy(buf, cp, *len);
	return 0;
}

static int copy_from_buffer(void *cp, void *buf, size_t *len)
{
	memcpy(cp, buf, *len);
	return 0;
}

int vfscore_uiomove(void *cp, int n, struct uio *uio)
{
	if (n < 0)
		return EINVAL;
	return vfscore_uioforeach(uio->uio_rw == UIO_READ ? copy_to_buffer :
							     copy_from_buffer,
				  cp, (size_t)n, uio);
}

/* ---------------------------------------------------------------- flags */

int vfscore_fflags(int oflags)
{
	int acc = oflags & O_ACCMODE;
	int f = oflags & ~O_ACCMODE;

	if (acc == O_RDONLY || acc == O_RDWR)
		f |= UK_FREAD;
	if (acc == O_WRONLY || acc == O_RDWR)
		f |= UK_FWRITE;
	return f;
}

int vfscore_oflags(int fflags)
{
	int rw = fflags & (UK_FREAD | UK_FWRITE);
	int o = fflags & ~(UK_FREAD | UK_FWRITE);

	if (rw == (UK_FREAD | UK_FWRITE))
		return o | O_RDWR;
	return o | (rw == UK_FWRITE ? O_WRONLY : O_RDONLY);
}

/* ---------------------------------------------------------------- prex */

void sys_panic(const char *msg)
{
	UK_CRASH("vfscore: %s", msg);
}

/* ---------------------------------------------------------------- no-ops */

int vfscore_nullop(void)
{
	return 0;
}

int vfscore_einval(void)
{
	return EINVAL;
}

int vfscore_vop_nullop(void)
{
	return 0;
}

int vfscore_vop_einval(void)
{
	return EINVAL;
}

int vfscore_vop_eperm(void)
{
	return EPERM;
}

int vfscore_vop_erofs(void)
{
	return EROFS;
}

void vfs_busy(struct mount *mp)
{
	__atomic_fetch_add(&mp->m_count, 1, __ATOMIC_ACQ_REL);
}

void vfs_unbusy(struct mount *mp)
{
	__atomic_fetch_sub(&mp->m_count, 1, __ATOMIC_ACQ_REL);
}
