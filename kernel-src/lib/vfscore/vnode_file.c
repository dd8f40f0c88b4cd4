/* Files on file systems: open()/openat()/creat() make an open file whose
 * operations go to its vnode's (VOP_READ, VOP_WRITE ...) at the file's
 * offset; lseek() moves the offset. The file holds a dentry (f_dentry)
 * with the absolute path it was opened by. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>
#include <uk/syscall.h>
#include <vfscore/dentry.h>
#include <vfscore/fs.h>
#include <vfscore/mount.h>
#include <vfscore/vnode.h>
#include "vfscore_impl.h"

static struct vnode *file_vnode(struct vfscore_file *fp)
{
	return fp->f_dentry->d_vnode;
}

/* One buffer at a time, so the caller's iovec array stays as it is. */
static ssize_t transfer(struct vfscore_file *fp, const struct iovec *iov,
			int iovcnt, enum uio_rw rw)
{
	struct vnode *vp = file_vnode(fp);
	ssize_t total = 0;
	int i, rc = 0;

	FD_LOCK(fp);
	if (rw == UIO_WRITE && (fp->f_flags & O_APPEND))
		fp->f_offset = vp->v_size;
	for (i = 0; i < iovcnt && !rc; i++) {
		struct iovec one = iov[i];
		struct uio uio = { &one, 1, fp->f_offset,
				   (ssize_t)one.iov_len, rw };

		vn_lock(vp);
		rc = rw == UIO_READ ? VOP_READ(vp, fp, &uio, 0) :
				      VOP_WRITE(vp, &uio, 0);
		vn_unlock(vp);
		total += (ssize_t)iov[i].iov_len - uio.uio_resid;
		fp->f_offset = uio.uio_offset;
		if (uio.uio_resid)
			break;	/* end of file, or a device's short transfer */
	}
	FD_UNLOCK(fp);
	return total ? total : -rc;
}

static ssize_t vnode_read(struct vfscore_file *fp, const struct iovec *iov,
			  int iovcnt)
{
	if (file_vnode(fp)->v_type == VDIR)
		return -EISDIR;
	return transfer(fp, iov, iovcnt, UIO_READ);
}

static ssize_t vnode_write(struct vfscore_file *fp, const struct iovec *iov,
			   int iovcnt)
{
	return transfer(fp, iov, iovcnt, UIO_WRITE);
}

static int vnode_close(struct vfscore_file *fp)
{
	struct vnode *vp;

	if (!fp->f_dentry)	/* open() failed before it had one */
		return 0;
	vp = file_vnode(fp);
	if (vp->v_op->vop_close)
		VOP_CLOSE(vp, fp);
	vfs_unbusy(vp->v_mount);
	drele(fp->f_dentry);
	return 0;
}

static int vnode_ioctl(struct vfscore_file *fp, unsigned long request,
		       void *argp)
{
	struct vnode *vp = file_vnode(fp);

	if (!vp->v_op->vop_ioctl)
		return -ENOTTY;
	return -VOP_IOCTL(vp, fp, request, argp);
}

const struct vfscore_file_ops vfscore_vnode_file_ops = {
	.name = "vnode",
	.read = vnode_read,
	.write = vnode_write,
	.close = vnode_close,
	.ioctl = vnode_ioctl,
};

/* The vnode abs names, created (a regular file) if O_CREAT asks. */
static long open_vnode(char *abs, int flags, mode_t mode, struct vnode **vpp)
{
	struct vnode *dvp;
	char *name;
	long rc = vfscore_lookup(abs, vpp);

	if (!rc && (flags & O_CREAT) && (flags & O_EXCL)) {
		vrele(*vpp);
		return -EEXIST;
	}
	if (rc != -ENOENT || !(flags & O_CREAT))
		return rc;
	rc = vfscore_lookup_parent(abs, &dvp, &name);
	if (rc)
		return rc;
	vn_lock(dvp);
	rc = -VOP_CREATE(dvp, name, S_IFREG | (mode & UK_ALLPERMS));
	vn_unlock(dvp);
	vrele(dvp);
	return rc ? rc : vfscore_lookup(abs, vpp);
}

/* What the open flags ask of the file found. */
static long check_open(struct vnode *vp, int flags)
{
	int acc = flags & O_ACCMODE;

	if ((flags & O_DIRECTORY) && vp->v_type != VDIR)
		return -ENOTDIR;
	if (vp->v_type == VDIR && acc != O_RDONLY)
		return -EISDIR;
	if ((flags & O_TRUNC) && acc != O_RDONLY && vp->v_type == VREG) {
		vn_lock(vp);
		flags = VOP_TRUNCATE(vp, 0);
		vn_unlock(vp);
		return -flags;
	}
	return 0;
}

static long new_file(struct vnode *vp, const char *abs, int flags)
{
	struct vfscore_file *fp;
	long rc;

	fp = vfscore_file_alloc(&vfscore_vnode_file_ops, NULL,
				flags & (O_ACCMODE | O_NONBLOCK | O_APPEND));
	if (!fp)
		return -ENOMEM;
	fp->f_dentry = dentry_alloc(NULL, vp, abs);
	rc = fp->f_dentry ? 0 : -ENOMEM;
	if (!rc)
		vfs_busy(vp->v_mount);	/* no unmount under an open file */
	if (!rc && vp->v_op->vop_open)
		rc = -VOP_OPEN(vp, fp);
	if (!rc)
		rc = vfscore_install_file(fp, 0,
					  flags & O_CLOEXEC ? FD_CLOEXEC : 0);
	if (rc < 0)
		vfscore_put_file(fp);	/* closes it (drops the dentry) */
	return rc;
}

static long do_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	char abs[PATH_MAX];
	struct vnode *vp;
	long rc = vfscore_abspath(dirfd, path, abs);

	if (!rc)
		rc = open_vnode(abs, flags, mode, &vp);
	if (rc)
		return rc;
	rc = check_open(vp, flags);
	if (!rc)
		rc = new_file(vp, abs, flags);
	vrele(vp);
	return rc;
}

UK_LLSYSCALL_R_DEFINE(int, openat, int, dirfd, const char *, path, int,
		      flags, mode_t, mode)
{
	return (int)do_openat(dirfd, path, flags, mode);
}

UK_LLSYSCALL_R_DEFINE(int, open, const char *, path, int, flags, mode_t,
		      mode)
{
	return (int)do_openat(AT_FDCWD, path, flags, mode);
}

UK_SYSCALL_R_DEFINE(int, creat, const char *, path, mode_t, mode)
{
	return (int)do_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC,
			      mode);
}

#if UK_LIBC_SYSCALLS
/* The mode argument is there only with O_CREAT. */
#define MODE_ARG(flags, mode)						\
	do {								\
		va_list ap;						\
									\
		va_start(ap, flags);					\
		mode = (flags) & O_CREAT ? va_arg(ap, mode_t) : 0;	\
		va_end(ap);						\
	} while (0)

int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode;

	MODE_ARG(flags, mode);
	return (int)uk_syscall_errno(uk_syscall6_r(__NR_openat, dirfd,
						   (long)path, flags, mode,
						   0, 0));
}

int open(const char *path, int flags, ...)
{
	mode_t mode;

	MODE_ARG(flags, mode);
	if (__NR_open == UK_SYSCALL_NR_NONE)	/* arm64: openat only */
		return openat(AT_FDCWD, path, flags, mode);
	return (int)uk_syscall_errno(uk_syscall6_r(__NR_open, (long)path,
						   flags, mode, 0, 0, 0));
}
#endif

static long do_lseek(int fd, off_t offset, int whence)
{
	struct vfscore_file *fp = vfscore_get_file(fd);
	off_t base;
	long rc;

	if (!fp)
		return -EBADF;
	if (fp->f_op != &vfscore_vnode_file_ops) {
		vfscore_put_file(fp);
		return -ESPIPE;
	}
	FD_LOCK(fp);
	base = whence == SEEK_SET ? 0 :
	       whence == SEEK_CUR ? fp->f_offset :
	       whence == SEEK_END ? file_vnode(fp)->v_size : -1;
	if (base < 0 || (whence != SEEK_SET && whence != SEEK_CUR &&
			 whence != SEEK_END))
		rc = -EINVAL;
	else if (base + offset < 0)
		rc = -EINVAL;
	else
		rc = fp->f_offset = base + offset;
	FD_UNLOCK(fp);
	vfscore_put_file(fp);
	return rc;
}

UK_SYSCALL_R_DEFINE(off_t, lseek, int, fd, off_t, offset, int, whence)
{
	return do_lseek(fd, offset, whence);
}
