/* Internals shared by the files of lib/vfscore. */
#ifndef __VFSCORE_IMPL_H__
#define __VFSCORE_IMPL_H__

#include <vfscore/file.h>

static inline int fd_valid(int fd)
{
	return fd >= 0 && fd < FDTABLE_MAX_FILES;
}

/* fdtable.c: see there. */
struct vfscore_file *vfscore_fd_replace(int fd, struct vfscore_file *fp,
					int fd_flags);
/* The FD_* flags of fd (after setting them to `flags` if `set`), or
 * -EBADF. */
int vfscore_fd_flags(int fd, int set, int flags);

/* lookup.c: path -> absolute path (relative ones from dirfd or the
 * working directory, "." and ".." resolved) in abs[PATH_MAX]; absolute
 * path -> vnode, referenced and unlocked; its parent directory
 * (referenced) and the last component (a pointer into abs). 0 or -errno. */
struct vnode;
long vfscore_abspath(int dirfd, const char *path, char *abs);
long vfscore_lookup(const char *abs, struct vnode **vpp);
long vfscore_lookup_parent(char *abs, struct vnode **dvpp, char **name);

/* mount.c: the mount holding abs, and where abs goes on inside it. */
struct mount *vfscore_mount_of(const char *abs, const char **rest);

/* vnode_file.c: the file ops of files on file systems. */
extern const struct vfscore_file_ops vfscore_vnode_file_ops;

#endif /* __VFSCORE_IMPL_H__ */
