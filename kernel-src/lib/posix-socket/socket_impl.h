/* Internals shared by the files of lib/posix-socket. */
#ifndef __POSIX_SOCKET_IMPL_H__
#define __POSIX_SOCKET_IMPL_H__

#include <uk/socket.h>

extern const struct vfscore_file_ops posix_socket_file_ops;

void psock_sync_nonblock(struct posix_socket_file *s);

/* A driver result that is a socket: NULL (taken as -ENOMEM), an error
 * pointer, or the socket's data. */
static inline int psock_is_err(const void *p)
{
	return !p || PTRISERR(p);
}

static inline int psock_err(const void *p)
{
	return p ? PTR2ERR(p) : -ENOMEM;
}

/* Closes a socket that has no fd yet (its create or accept4 succeeded,
 * the fd did not). */
void psock_close_unfiled(struct posix_socket_driver *d, int type,
			 void *sock_data);

#endif /* __POSIX_SOCKET_IMPL_H__ */
