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

#endif /* __VFSCORE_IMPL_H__ */
