/* Internals shared by the files of lib/posix-socket. */
#ifndef __POSIX_SOCKET_IMPL_H__
#define __POSIX_SOCKET_IMPL_H__

#include <uk/socket.h>

extern const struct vfscore_file_ops posix_socket_file_ops;

/* A new fd for a socket of driver d: the fd or a negative errno. */
int posix_socket_alloc_fd(struct posix_socket_driver *d, int type,
			  void *sock_data);
/* The socket behind fd with a file reference (drop it with _put), or NULL
 * and *err = -EBADF / -ENOTSOCK. */
struct posix_socket_file *posix_socket_file_get(int fd, int *err);
void posix_socket_file_put(struct posix_socket_file *s);
void psock_sync_nonblock(struct posix_socket_file *s);

/* A driver result that is a socket: an errno in [-4095, -1] or data. */
static inline int psock_is_err(const void *p)
{
	return (unsigned long)p >= (unsigned long)-4095L;
}

#endif /* __POSIX_SOCKET_IMPL_H__ */
