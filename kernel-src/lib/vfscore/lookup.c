/* From a path to a vnode: the working directory, absolute paths made by
 * text (no symbolic links here, so "." and ".." can go before any lookup),
 * the mount that holds a path, and the walk through its directories. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <uk/syscall.h>
#include <vfscore/dentry.h>
#include <vfscore/mount.h>
#include <vfscore/prex.h>
#include <vfscore/vnode.h>
#include "vfscore_impl.h"

static char cwd[PATH_MAX] = "/";
static struct uk_mutex cwd_lock = UK_MUTEX_INITIALIZER(cwd_lock);

/* Appends the components of path to abs (absolute, no trailing '/'
 * except the root), resolving "." and "..". */
static long append_path(char *abs, const char *path)
{
	size_t len = strlen(abs), n;

	while (*path) {
		while (*path == '/')
			path++;
		n = strcspn(path, "/");
		if (!n)
			break;
		if (n == 2 && path[0] == '.' && path[1] == '.') {
			while (len > 1 && abs[--len] != '/')
				;
			abs[len ? len : 1] = '\0';
			len = strlen(abs);
		} else if (!(n == 1 && path[0] == '.')) {
			if (n > NAME_MAX)
				return -ENAMETOOLONG;
			if (len + n + 2 > PATH_MAX)
				return -ENAMETOOLONG;
			if (len > 1)
				abs[len++] = '/';
			memcpy(abs + len, path, n);
			len += n;
			abs[len] = '\0';
		}
		path += n;
	}
	return 0;
}

/* The directory a relative path starts from: the working directory, or
 * the one dirfd has open. */
static long start_dir(int dirfd, char *abs)
{
	struct vfscore_file *fp;
	long rc = 0;

	if (dirfd == AT_FDCWD) {
		uk_mutex_lock(&cwd_lock);
		strcpy(abs, cwd);
		uk_mutex_unlock(&cwd_lock);
		return 0;
	}
	fp = vfscore_get_file(dirfd);
	if (!fp)
		return -EBADF;
	if (!fp->f_dentry)
		rc = -ENOTDIR;
	else if (fp->f_dentry->d_vnode->v_type != VDIR)
		rc = -ENOTDIR;
	else
		strlcpy(abs, fp->f_dentry->d_path, PATH_MAX);
	vfscore_put_file(fp);
	return rc;
}

long vfscore_abspath(int dirfd, const char *path, char *abs)
{
	long rc;

	if (!path)
		return -EFAULT;
	if (!*path)
		return -ENOENT;
	if (strnlen(path, PATH_MAX) == PATH_MAX)
		return -ENAMETOOLONG;
	if (*path == '/')
		strcpy(abs, "/");
	else if ((rc = start_dir(dirfd, abs)))
		return rc;
	return append_path(abs, path);
}

/* One step: the entry `name` of the directory dvp, referenced. */
static long step(struct vnode *dvp, char *name, struct vnode **vpp)
{
	long rc;

	if (dvp->v_type != VDIR)
		return -ENOTDIR;
	vn_lock(dvp);
	rc = VOP_LOOKUP(dvp, name, vpp);
	vn_unlock(dvp);
	return -rc;
}

long vfscore_lookup(const char *abs, struct vnode **vpp)
{
	char name[NAME_MAX + 1];
	struct vnode *vp, *next;
	const char *rest;
	struct mount *mp = vfscore_mount_of(abs, &rest);
	size_t n;
	long rc;

	if (!mp)
		return -ENOENT;
	vp = mp->m_root->d_vnode;
	vref(vp);
	while (*rest) {
		rest += strspn(rest, "/");
		n = strcspn(rest, "/");
		if (!n)
			break;
		memcpy(name, rest, n);
		name[n] = '\0';
		rest += n;
		rc = step(vp, name, &next);
		vrele(vp);
		if (rc)
			return rc;
		vp = next;
	}
	*vpp = vp;
	return 0;
}

long vfscore_lookup_parent(char *abs, struct vnode **dvpp, char **name)
{
	char *slash = strrchr(abs, '/');
	struct mount *mp;
	long rc;

	if (!strcmp(abs, "/"))
		return -EBUSY;
	/* the root of a mount has no parent in it */
	mp = vfscore_mount_of(abs, NULL);
	if (mp && !strcmp(mp->m_path, abs))
		return -EBUSY;
	*slash = '\0';
	rc = vfscore_lookup(slash == abs ? "/" : abs, dvpp);
	*slash = '/';
	if (!rc && (*dvpp)->v_type != VDIR) {
		vrele(*dvpp);
		rc = -ENOTDIR;
	}
	*name = slash + 1;
	return rc;
}

/* Linux's call: the length with the NUL (libc's getcwd returns buf). */
UK_LLSYSCALL_R_DEFINE(long, getcwd, char *, buf, size_t, size)
{
	size_t n;

	if (!buf)
		return -EFAULT;
	uk_mutex_lock(&cwd_lock);
	n = strlen(cwd) + 1;
	if (size >= n)
		memcpy(buf, cwd, n);
	uk_mutex_unlock(&cwd_lock);
	return size < n ? -ERANGE : (long)n;
}

#if UK_LIBC_SYSCALLS
char *getcwd(char *buf, size_t size)
{
	if (buf && !size) {
		uk_syscall_errno(-EINVAL);
		return NULL;
	}
	if (uk_syscall_errno(uk_syscall6_r(__NR_getcwd, (long)buf,
					   (long)size, 0, 0, 0, 0)) < 0)
		return NULL;
	return buf;
}
#endif

static long set_cwd(const char *abs)
{
	struct vnode *vp;
	long rc = vfscore_lookup(abs, &vp);

	if (rc)
		return rc;
	if (vp->v_type != VDIR)
		rc = -ENOTDIR;
	vrele(vp);
	if (rc)
		return rc;
	uk_mutex_lock(&cwd_lock);
	strcpy(cwd, abs);
	uk_mutex_unlock(&cwd_lock);
	return 0;
}

UK_SYSCALL_R_DEFINE(int, chdir, const char *, path)
{
	char abs[PATH_MAX];
	long rc = vfscore_abspath(AT_FDCWD, path, abs);

	return (int)(rc ? rc : set_cwd(abs));
}

UK_SYSCALL_R_DEFINE(int, fchdir, int, fd)
{
	char abs[PATH_MAX];
	long rc = vfscore_abspath(fd, ".", abs);

	return (int)(rc ? rc : set_cwd(abs));
}
