/* The calls on names and file attributes: stat and friends, mkdir, unlink,
 * rmdir, access, truncate, fsync, isatty and getdents64. Each resolves its
 * path (lookup.c) and hands over to the vnode's operations. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uk/syscall.h>
#include <vfscore/dentry.h>
#include <vfscore/fs.h>
#include <vfscore/vnode.h>
#include "vfscore_impl.h"

static long lookup_at(int dirfd, const char *path, struct vnode **vpp)
{
	char abs[PATH_MAX];
	long rc = vfscore_abspath(dirfd, path, abs);

	return rc ? rc : vfscore_lookup(abs, vpp);
}

/* Files that are no vnode's (console, sockets, eventfds) are character
 * devices or anonymous, as on Linux. */
static long stat_file(struct vfscore_file *fp, struct stat *st)
{
	if (fp->f_dentry)
		return -vn_stat(fp->f_dentry->d_vnode, st);
	memset(st, 0, sizeof(*st));
	st->st_mode = !strcmp(fp->f_op->name, "console") ? S_IFCHR | 0620 :
							   0600;
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

static long do_fstatat(int dirfd, const char *path, struct stat *st,
		       int flags)
{
	struct vfscore_file *fp;
	struct vnode *vp;
	long rc;

	if (!st)
		return -EFAULT;
	if ((flags & AT_EMPTY_PATH) && path && !*path) {
		fp = vfscore_get_file(dirfd);
		if (!fp)
			return -EBADF;
		rc = stat_file(fp, st);
		vfscore_put_file(fp);
		return rc;
	}
	rc = lookup_at(dirfd, path, &vp);
	if (rc)
		return rc;
	rc = -vn_stat(vp, st);
	vrele(vp);
	return rc;
}

/* Linux's name of fstatat on 64-bit machines */
UK_LLSYSCALL_R_DEFINE(int, newfstatat, int, dirfd, const char *, path,
		      struct stat *, st, int, flags)
{
	return (int)do_fstatat(dirfd, path, st, flags);
}

#if UK_LIBC_SYSCALLS
int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	return (int)uk_syscall_errno(uk_syscall6_r(__NR_newfstatat, dirfd,
						   (long)path, (long)st,
						   flags, 0, 0));
}
#endif

UK_SYSCALL_R_DEFINE(int, stat, const char *, path, struct stat *, st)
{
	return (int)do_fstatat(AT_FDCWD, path, st, 0);
}

/* No symbolic links here: lstat is stat. */
UK_SYSCALL_R_DEFINE(int, lstat, const char *, path, struct stat *, st)
{
	return (int)do_fstatat(AT_FDCWD, path, st, 0);
}

UK_SYSCALL_R_DEFINE(int, fstat, int, fd, struct stat *, st)
{
	return (int)do_fstatat(fd, "", st, AT_EMPTY_PATH);
}

/* mkdir, unlink and rmdir: an operation on the parent directory. */
enum name_op { NAME_MKDIR, NAME_UNLINK, NAME_RMDIR };

static long name_op(struct vnode *dvp, char *name, enum name_op op,
		    mode_t mode)
{
	struct vnode *vp = NULL;
	long rc;

	vn_lock(dvp);
	if (op == NAME_MKDIR) {
		rc = VOP_MKDIR(dvp, name, S_IFDIR | (mode & UK_ALLPERMS));
	} else {
		rc = VOP_LOOKUP(dvp, name, &vp);
		if (!rc && op == NAME_UNLINK)
			rc = vp->v_type == VDIR ? EISDIR :
						  VOP_REMOVE(dvp, vp, name);
		else if (!rc)
			rc = vp->v_type != VDIR ? ENOTDIR :
						  VOP_RMDIR(dvp, vp, name);
	}
	vn_unlock(dvp);
	if (vp)
		vrele(vp);
	return -rc;
}

static long do_name_op(int dirfd, const char *path, enum name_op op,
		       mode_t mode)
{
	char abs[PATH_MAX];
	struct vnode *dvp;
	char *name;
	long rc = vfscore_abspath(dirfd, path, abs);

	if (!rc)
		rc = vfscore_lookup_parent(abs, &dvp, &name);
	if (rc)
		return rc == -EBUSY && op == NAME_MKDIR ? -EEXIST : rc;
	rc = name_op(dvp, name, op, mode);
	vrele(dvp);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, mkdirat, int, dirfd, const char *, path, mode_t,
		    mode)
{
	return (int)do_name_op(dirfd, path, NAME_MKDIR, mode);
}

UK_SYSCALL_R_DEFINE(int, mkdir, const char *, path, mode_t, mode)
{
	return (int)do_name_op(AT_FDCWD, path, NAME_MKDIR, mode);
}

UK_SYSCALL_R_DEFINE(int, unlinkat, int, dirfd, const char *, path, int,
		    flags)
{
	return (int)do_name_op(dirfd, path,
			       flags & AT_REMOVEDIR ? NAME_RMDIR : NAME_UNLINK,
			       0);
}

UK_SYSCALL_R_DEFINE(int, unlink, const char *, path)
{
	return (int)do_name_op(AT_FDCWD, path, NAME_UNLINK, 0);
}

UK_SYSCALL_R_DEFINE(int, rmdir, const char *, path)
{
	return (int)do_name_op(AT_FDCWD, path, NAME_RMDIR, 0);
}

static long do_access(int dirfd, const char *path, int mode)
{
	struct vnode *vp;
	long rc;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	rc = lookup_at(dirfd, path, &vp);
	if (rc)
		return rc;
	rc = -vn_access(vp, (mode & R_OK ? VREAD : 0) |
			    (mode & W_OK ? VWRITE : 0) |
			    (mode & X_OK ? VEXEC : 0));
	vrele(vp);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, faccessat, int, dirfd, const char *, path, int,
		    mode, int, flags)
{
	(void)flags;	/* one user: effective and real IDs are the same */
	return (int)do_access(dirfd, path, mode);
}

UK_SYSCALL_R_DEFINE(int, access, const char *, path, int, mode)
{
	return (int)do_access(AT_FDCWD, path, mode);
}

static long truncate_vnode(struct vnode *vp, off_t length)
{
	long rc;

	if (length < 0)
		return -EINVAL;
	if (vp->v_type == VDIR)
		return -EISDIR;
	if (vp->v_type != VREG)
		return -EINVAL;
	vn_lock(vp);
	rc = -VOP_TRUNCATE(vp, length);
	vn_unlock(vp);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, truncate, const char *, path, off_t, length)
{
	struct vnode *vp;
	long rc = lookup_at(AT_FDCWD, path, &vp);

	if (!rc) {
		rc = truncate_vnode(vp, length);
		vrele(vp);
	}
	return (int)rc;
}

/* fd's file with a reference, if it is a file system's. */
static long vnode_file(int fd, struct vfscore_file **fpp)
{
	*fpp = vfscore_get_file(fd);
	if (!*fpp)
		return -EBADF;
	if ((*fpp)->f_dentry)
		return 0;
	vfscore_put_file(*fpp);
	return -EINVAL;
}

UK_SYSCALL_R_DEFINE(int, ftruncate, int, fd, off_t, length)
{
	struct vfscore_file *fp;
	long rc = vnode_file(fd, &fp);

	if (rc)
		return (int)rc;
	if ((fp->f_flags & O_ACCMODE) == O_RDONLY)
		rc = -EBADF;
	else
		rc = truncate_vnode(fp->f_dentry->d_vnode, length);
	vfscore_put_file(fp);
	return (int)rc;
}

/* Everything lives in memory: nothing to write back. */
UK_SYSCALL_R_DEFINE(int, fsync, int, fd)
{
	struct vfscore_file *fp = vfscore_get_file(fd);

	if (!fp)
		return -EBADF;
	vfscore_put_file(fp);
	return 0;
}

#if UK_LIBC_SYSCALLS
int isatty(int fd)
{
	struct winsize ws;

	return ioctl(fd, TIOCGWINSZ, &ws) == 0;
}
#endif

/* Linux's struct linux_dirent64, one after another in the buffer. */
struct dirent64_rec {
	ino_t d_ino;
	off_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static long fill_dirents(struct vfscore_file *fp, char *buf, size_t count)
{
	struct vnode *vp = fp->f_dentry->d_vnode;
	struct dirent64_rec *rec;
	struct dirent d;
	size_t used = 0, len;

	if (vp->v_type != VDIR)
		return -ENOTDIR;
	for (;;) {
		vn_lock(vp);
		if (VOP_READDIR(vp, fp, &d)) {	/* ENOENT: no more */
			vn_unlock(vp);
			break;
		}
		vn_unlock(vp);
		len = (sizeof(*rec) + strlen(d.d_name) + 1 + 7) & ~7UL;
		if (used + len > count) {
			fp->f_offset--;	/* this one goes in the next call */
			if (!used)
				return -EINVAL;
			break;
		}
		rec = (struct dirent64_rec *)(buf + used);
		rec->d_ino = d.d_ino;
		rec->d_off = fp->f_offset;
		rec->d_reclen = (unsigned short)len;
		rec->d_type = d.d_type;
		strcpy(rec->d_name, d.d_name);
		used += len;
	}
	return (long)used;
}

UK_SYSCALL_R_DEFINE(long, getdents64, int, fd, void *, buf, size_t, count)
{
	struct vfscore_file *fp;
	long rc = vnode_file(fd, &fp);

	if (rc)
		return rc == -EINVAL ? -ENOTDIR : rc;
	FD_LOCK(fp);
	rc = fill_dirents(fp, buf, count);
	FD_UNLOCK(fp);
	vfscore_put_file(fp);
	return rc;
}
