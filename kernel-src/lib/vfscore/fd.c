/* dup, dup2, dup3 and fcntl: more fds for one open file, fd flags and
 * file status flags. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>
#include <uk/syscall.h>
#include <vfscore/file.h>
#include "vfscore_impl.h"

/* O_NONBLOCK is the only status flag F_SETFL changes here. */
#define SETFL_MASK	O_NONBLOCK

static int dup_from(int oldfd, int min_fd, int fd_flags)
{
	struct vfscore_file *fp = vfscore_get_file(oldfd);
	int fd;

	if (!fp)
		return -EBADF;
	fd = vfscore_install_file(fp, min_fd, fd_flags);
	if (fd < 0)
		vfscore_put_file(fp);
	return fd;
}

UK_SYSCALL_R_DEFINE(int, dup, int, oldfd)
{
	return dup_from(oldfd, 0, 0);
}

static int do_dup3(int oldfd, int newfd, int flags)
{
	struct vfscore_file *fp, *old;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (!fd_valid(newfd))
		return -EBADF;
	fp = vfscore_get_file(oldfd);
	if (!fp)
		return -EBADF;
	old = vfscore_fd_replace(newfd, fp, flags ? FD_CLOEXEC : 0);
	vfscore_put_file(fp);
	if (old)
		vfscore_put_file(old);	/* closing newfd first, silently */
	return newfd;
}

UK_SYSCALL_R_DEFINE(int, dup3, int, oldfd, int, newfd, int, flags)
{
	if (oldfd == newfd)
		return -EINVAL;
	return do_dup3(oldfd, newfd, flags);
}

UK_SYSCALL_R_DEFINE(int, dup2, int, oldfd, int, newfd)
{
	struct vfscore_file *fp;

	if (oldfd == newfd) {	/* only checks that oldfd is open */
		fp = vfscore_get_file(oldfd);
		if (!fp)
			return -EBADF;
		vfscore_put_file(fp);
		return newfd;
	}
	return do_dup3(oldfd, newfd, 0);
}

static int set_status_flags(int fd, int flags)
{
	struct vfscore_file *fp = vfscore_get_file(fd);
	int old;

	if (!fp)
		return -EBADF;
	do {
		old = fp->f_flags;
	} while (!__atomic_compare_exchange_n(&fp->f_flags, &old,
					      (old & ~SETFL_MASK) |
					      (flags & SETFL_MASK), 0,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	vfscore_put_file(fp);
	return 0;
}

static int get_status_flags(int fd)
{
	struct vfscore_file *fp = vfscore_get_file(fd);
	int flags;

	if (!fp)
		return -EBADF;
	flags = fp->f_flags;
	vfscore_put_file(fp);
	return flags;
}

static int do_fcntl(int fd, int cmd, long arg)
{
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg < 0 || arg >= FDTABLE_MAX_FILES)
			return -EINVAL;
		return dup_from(fd, (int)arg,
				cmd == F_DUPFD_CLOEXEC ? FD_CLOEXEC : 0);
	case F_GETFD:
		return fd_valid(fd) ? vfscore_fd_flags(fd, 0, 0) : -EBADF;
	case F_SETFD:
		if (!fd_valid(fd))
			return -EBADF;
		return MIN(vfscore_fd_flags(fd, 1, (int)arg & FD_CLOEXEC), 0);
	case F_GETFL:
		return get_status_flags(fd);
	case F_SETFL:
		return set_status_flags(fd, (int)arg);
	default:
		return -EINVAL;
	}
}

UK_LLSYSCALL_R_DEFINE(int, fcntl, int, fd, int, cmd, long, arg)
{
	return do_fcntl(fd, cmd, arg);
}

#if UK_LIBC_SYSCALLS
int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return (int)uk_syscall_errno(uk_syscall6_r(__NR_fcntl, fd, cmd, arg,
						   0, 0, 0));
}
#endif
