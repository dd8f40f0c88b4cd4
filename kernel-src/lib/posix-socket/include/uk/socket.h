/* posix-socket: socket calls dispatched to the library that registered the
 * address family (Unikraft 0.10 API uk/socket.h, uk/socket_driver.h). */
#ifndef __UK_SOCKET_H__
#define __UK_SOCKET_H__

#include <sys/socket.h>
#include <sys/uio.h>
#include <uk/alloc.h>
#include <uk/essentials.h>
#include <vfscore/eventpoll.h>
#include <vfscore/file.h>

struct posix_socket_driver;

/*
 * The operations of a family. A socket is the driver's own `void *`; each
 * operation gets the driver first. Results: 0 / bytes / a socket, or a
 * negative errno (ERR2PTR-style for the two that return sockets: a value
 * in [-4095, -1] cast to a pointer). Missing operations answer
 * EOPNOTSUPP. O_NONBLOCK changes of the fd reach the driver as
 * ioctl(FIONBIO) before its next operation.
 */
typedef int (*posix_socket_driver_init_func_t)(struct posix_socket_driver *d);
typedef void *(*posix_socket_create_func_t)(struct posix_socket_driver *d,
		int family, int type, int protocol);
typedef void *(*posix_socket_accept4_func_t)(struct posix_socket_driver *d,
		void *sock, struct sockaddr *restrict addr,
		socklen_t *restrict addr_len, int flags);
typedef int (*posix_socket_bind_func_t)(struct posix_socket_driver *d,
		void *sock, const struct sockaddr *addr, socklen_t addr_len);
typedef int (*posix_socket_shutdown_func_t)(struct posix_socket_driver *d,
		void *sock, int how);
typedef int (*posix_socket_getpeername_func_t)(struct posix_socket_driver *d,
		void *sock, struct sockaddr *restrict addr,
		socklen_t *restrict addr_len);
typedef int (*posix_socket_getsockname_func_t)(struct posix_socket_driver *d,
		void *sock, struct sockaddr *restrict addr,
		socklen_t *restrict addr_len);
typedef int (*posix_socket_getsockopt_func_t)(struct posix_socket_driver *d,
		void *sock, int level, int optname, void *restrict optval,
		socklen_t *restrict optlen);
typedef int (*posix_socket_setsockopt_func_t)(struct posix_socket_driver *d,
		void *sock, int level, int optname, const void *optval,
		socklen_t optlen);
typedef int (*posix_socket_connect_func_t)(struct posix_socket_driver *d,
		void *sock, const struct sockaddr *addr, socklen_t addr_len);
typedef int (*posix_socket_listen_func_t)(struct posix_socket_driver *d,
		void *sock, int backlog);
typedef ssize_t (*posix_socket_recvfrom_func_t)(struct posix_socket_driver *d,
		void *sock, void *restrict buf, size_t len, int flags,
		struct sockaddr *from, socklen_t *restrict fromlen);
typedef ssize_t (*posix_socket_recvmsg_func_t)(struct posix_socket_driver *d,
		void *sock, struct msghdr *msg, int flags);
typedef ssize_t (*posix_socket_sendmsg_func_t)(struct posix_socket_driver *d,
		void *sock, const struct msghdr *msg, int flags);
typedef ssize_t (*posix_socket_sendto_func_t)(struct posix_socket_driver *d,
		void *sock, const void *buf, size_t len, int flags,
		const struct sockaddr *dest_addr, socklen_t addrlen);
typedef int (*posix_socket_socketpair_func_t)(struct posix_socket_driver *d,
		int family, int type, int protocol, void *sockvec[2]);
typedef ssize_t (*posix_socket_write_func_t)(struct posix_socket_driver *d,
		void *sock, const struct iovec *iov, int iovcnt);
typedef ssize_t (*posix_socket_read_func_t)(struct posix_socket_driver *d,
		void *sock, const struct iovec *iov, int iovcnt);
typedef int (*posix_socket_close_func_t)(struct posix_socket_driver *d,
		void *sock);
typedef int (*posix_socket_ioctl_func_t)(struct posix_socket_driver *d,
		void *sock, int request, void *argp);
/* Sets *revents; registers ecb (see vfscore/eventpoll.h) and later calls
 * eventpoll_signal() on it when the socket's state changes. */
typedef int (*posix_socket_poll_func_t)(struct posix_socket_driver *d,
		void *sock, unsigned int *revents, struct eventpoll_cb *ecb);

struct posix_socket_ops {
	posix_socket_driver_init_func_t init;
	posix_socket_create_func_t create;
	posix_socket_accept4_func_t accept4;
	posix_socket_bind_func_t bind;
	posix_socket_shutdown_func_t shutdown;
	posix_socket_getpeername_func_t getpeername;
	posix_socket_getsockname_func_t getsockname;
	posix_socket_getsockopt_func_t getsockopt;
	posix_socket_setsockopt_func_t setsockopt;
	posix_socket_connect_func_t connect;
	posix_socket_listen_func_t listen;
	posix_socket_recvfrom_func_t recvfrom;
	posix_socket_recvmsg_func_t recvmsg;
	posix_socket_sendmsg_func_t sendmsg;
	posix_socket_sendto_func_t sendto;
	posix_socket_socketpair_func_t socketpair;
	posix_socket_write_func_t write;
	posix_socket_read_func_t read;
	posix_socket_close_func_t close;
	posix_socket_ioctl_func_t ioctl;
	posix_socket_poll_func_t poll;
};

/* A registered family: the library's private data and allocator. */
struct posix_socket_driver {
	int family;
	const char *libname;
	const struct posix_socket_ops *ops;
	struct uk_alloc *allocator;	/* default allocator unless init set it */
	void *private;
};

/* What a library registers: one entry of the linker section
 * uk_posix_socket_families (8-aligned, so the section is an array). */
struct posix_socket_family {
	int family;
	const char *libname;
	const struct posix_socket_ops *ops;
};

#define POSIX_SOCKET_FAMILY_REGISTER(fam, vops)				\
	static const struct posix_socket_family __used			\
	__section("uk_posix_socket_families") __align(8)		\
	UK_CONCAT(__posix_socket_family_, __COUNTER__) = {		\
		.family = (fam),					\
		.libname = __STR_LIBNAME__,				\
		.ops = (vops),						\
	}

extern const struct posix_socket_family __start_uk_posix_socket_families[];
extern const struct posix_socket_family __stop_uk_posix_socket_families[];

/* The registered families, for the host to read (count entries used). */
extern struct posix_socket_driver
	posix_socket_drivers[CONFIG_LIBPOSIX_SOCKET_MAX_FAMILIES];
extern unsigned int posix_socket_driver_count;

/*
 * Registers one family: fills a slot of posix_socket_drivers, runs the
 * ops' init. 0, -EEXIST (family taken), -ENOSPC (table full), -EINVAL, or
 * init's error. Boot calls it for the kernel's section; the cell loader
 * calls posix_socket_family_register_all() for a cell's section.
 */
int posix_socket_family_register(const struct posix_socket_family *f);
/* Every entry of [start, end): 0 or the first error (later entries are
 * then not registered). */
int posix_socket_family_register_all(const struct posix_socket_family *start,
				     const struct posix_socket_family *end);

struct posix_socket_driver *posix_socket_driver_get(int family);
unsigned int posix_socket_family_count(void);

/* What a socket fd's file points at (its f_data). */
struct posix_socket_file {
	void *sock_data;
	int type;
	struct vfscore_file *vfs_file;
	struct posix_socket_driver *driver;
	int nonblock;			/* as the driver last heard it */
};

#endif /* __UK_SOCKET_H__ */
