/* posix-socket: socket calls dispatched to the library that registered the
 * address family (Unikraft 0.10 API). This header holds what a socket fd
 * points at; the drivers' side is <uk/socket_driver.h>, the fd side
 * <uk/socket_vnops.h>, both included here as 0.10 does. */
#ifndef __UK_SOCKET_H__
#define __UK_SOCKET_H__

#include <sys/socket.h>
#include <sys/uio.h>
#include <uk/alloc.h>
#include <uk/errptr.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <vfscore/eventpoll.h>
#include <vfscore/file.h>

struct posix_socket_driver;

/* The type bits of socket()'s type argument (the rest are SOCK_NONBLOCK,
 * SOCK_CLOEXEC); no libc names them. */
#define SOCK_TYPE_MASK	0xf

/* What a socket fd's file points at (its f_data); the driver's operations
 * get it as their `sock`. */
struct posix_socket_file {
	void *sock_data;		/* the driver's own socket */
	int type;			/* SOCK_STREAM, SOCK_DGRAM, ... */
	struct vfscore_file *vfs_file;
	struct posix_socket_driver *driver;
	int nonblock;			/* O_NONBLOCK as the driver last heard it */
};

/* Error messages of the socket layer (CONFIG_LIBPOSIX_SOCKET_PRINT_ERRORS) */
#if CONFIG_LIBPOSIX_SOCKET_PRINT_ERRORS
#define PSOCKET_ERR(msg, ...)	uk_pr_err(msg, ##__VA_ARGS__)
#else
#define PSOCKET_ERR(msg, ...)	do { } while (0)
#endif

#include <uk/socket_driver.h>
#include <uk/socket_vnops.h>

#endif /* __UK_SOCKET_H__ */
