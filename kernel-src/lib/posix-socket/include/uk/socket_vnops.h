/* Socket fds (Unikraft 0.10 <uk/socket_vnops.h>): from an fd to its socket
 * and back. */
#ifndef __UK_SOCKET_VNOPS_H__
#define __UK_SOCKET_VNOPS_H__

#include <uk/socket.h>

/*
 * The socket behind sock_fd with a reference on its file, which the caller
 * drops with vfscore_put_file(file->vfs_file); or ERR2PTR(-EBADF) (no such
 * fd) or ERR2PTR(-ENOTSOCK) (not a socket). 0.10 answers -ENOENT and
 * -EINVAL there; the socket calls pass these errors on, so we answer what
 * Linux's calls answer.
 */
struct posix_socket_file *posix_socket_file_get(int sock_fd);

/*
 * A new fd for sock_data, a socket of driver d created with `type` (its
 * SOCK_NONBLOCK and SOCK_CLOEXEC are honoured): the fd or a negative errno.
 * On failure the socket is the caller's to close.
 */
int posix_socket_alloc_fd(struct posix_socket_driver *d, int type,
			  void *sock_data);

#endif /* __UK_SOCKET_VNOPS_H__ */
