/* read, write, readv, writev, ioctl and close on an fd: each resolves the
 * fd to its file and hands over to the file's operation. */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>
#include <uk/syscall.h>
#include <vfscore/file.h>
#include "vfscore_impl.h"

static int iov_valid(const struct iovec *iov, int iovcnt)
{
	if (iovcnt < 0 || iovcnt > IOV_MAX)
		return -EINVAL;
	if (iovcnt && !iov)
		return -EFAULT;
	return 0;
}

static ssize_t do_readv(int fd, const struct iovec *iov, int iovcnt)
{
	struct vfscore_file *fp = vfscore_get_file(fd);
	ssize_t rc;

	if (!fp)
		return -EBADF;
	rc = iov_valid(iov, iovcnt);
	if (!rc && (fp->f_flags & O_ACCMODE) == O_WRONLY)
		rc = -EBADF;
	else if (!rc && !fp->f_op->read)
		rc = -EINVAL;
	else if (!rc)
		rc = fp->f_op->read(fp, iov, iovcnt);
	vfscore_put_file(fp);
	return rc;
}

static ssize_t do_writev(int fd, const struct iovec *iov, int iovcnt)
{
	struct vfscore_file *fp = vfscore_get_file(fd);
	ssize_t rc;

	if (!fp)
		return -EBADF;
	rc = iov_valid(iov, iovcnt);
	if (!rc && (fp->f_flags & O_ACCMODE) == O_RDONLY)
		rc = -EBADF;
	else if (!rc && !fp->f_op->write)
		rc = -EINVAL;
	else if (!rc)
		rc = fp->f_op->write(fp, iov, iovcnt);
	vfscore_put_file(fp);
	return rc;
}

UK_SYSCALL_R_DEFINE(ssize_t, read, int, fd, void *, buf, size_t, count)
{
	struct iovec iov = { buf, count };

	return do_readv(fd, &iov, 1);
}

UK_SYSCALL_R_DEFINE(ssize_t, write, int, fd, const void *, buf, size_t,
		    count)
{
	struct iovec iov = { (void *)buf, count };

	return do_writev(fd, &iov, 1);
}

UK_SYSCALL_R_DEFINE(ssize_t, readv, int, fd, const struct iovec *, iov, int,
		    iovcnt)
{
	return do_readv(fd, iov, iovcnt);
}

UK_SYSCALL_R_DEFINE(ssize_t, writev, int, fd, const struct iovec *, iov,
		    int, iovcnt)
{
	return do_writev(fd, iov, iovcnt);
}

UK_SYSCALL_R_DEFINE(int, close, int, fd)
{
	struct vfscore_file *fp;

	if (!fd_valid(fd))
		return -EBADF;
	fp = vfscore_fd_replace(fd, NULL, 0);
	if (!fp)
		return -EBADF;
	vfscore_put_file(fp);
	return 0;
}

/* FIONBIO is every file's; the rest is the kind's. */
static int do_ioctl(struct vfscore_file *fp, unsigned long request,
		    void *argp)
{
	if (request == FIONBIO) {
		if (!argp)
			return -EFAULT;
		if (*(int *)argp)
			__atomic_fetch_or(&fp->f_flags, O_NONBLOCK,
					  __ATOMIC_SEQ_CST);
		else
			__atomic_fetch_and(&fp->f_flags, ~O_NONBLOCK,
					   __ATOMIC_SEQ_CST);
		return 0;
	}
	if (!fp->f_op->ioctl)
		return -ENOTTY;
	return fp->f_op->ioctl(fp, request, argp);
}

UK_LLSYSCALL_R_DEFINE(int, ioctl, int, fd, unsigned long, request, void *,
		      argp)
{
	struct vfscore_file *fp = vfscore_get_file(fd);
	int rc;

	if (!fp)
		return -EBADF;
	rc = do_ioctl(fp, request, argp);
	vfscore_put_file(fp);
	return rc;
}

#if UK_LIBC_SYSCALLS
int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *argp;

	va_start(ap, request);
	argp = va_arg(ap, void *);
	va_end(ap);
	return (int)uk_syscall_errno(uk_syscall6_r(__NR_ioctl, fd,
						   (long)request, (long)argp,
						   0, 0, 0));
}
#endif
