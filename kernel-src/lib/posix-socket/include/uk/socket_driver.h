/* posix-socket's driver side (Unikraft 0.10 <uk/socket_driver.h>): what a
 * library implements for an address family, and how it registers. */
#ifndef __UK_SOCKET_DRIVER_H__
#define __UK_SOCKET_DRIVER_H__

#include <uk/socket.h>

struct posix_socket_driver;

/*
 * The operations of a family. `sock` is the socket's posix_socket_file:
 * sock->sock_data is what the driver's create/accept4/socketpair returned,
 * sock->driver the family. Results: 0 / bytes, or a negative errno; create
 * and accept4 return the new socket's data or ERR2PTR(-errno). O_NONBLOCK
 * changes of the fd reach the driver as ioctl(FIONBIO) before its next
 * operation. poll sets *revents and registers ecb (<vfscore/eventpoll.h>),
 * then calls eventpoll_signal() on it whenever the socket's state changes.
 */
typedef int (*posix_socket_driver_init_func_t)(struct posix_socket_driver *d);
typedef void *(*posix_socket_create_func_t)(struct posix_socket_driver *d,
		int family, int type, int protocol);
typedef void *(*posix_socket_accept4_func_t)(struct posix_socket_file *sock,
		struct sockaddr *restrict addr, socklen_t *restrict addr_len,
		int flags);
typedef int (*posix_socket_bind_func_t)(struct posix_socket_file *sock,
		const struct sockaddr *addr, socklen_t addr_len);
typedef int (*posix_socket_shutdown_func_t)(struct posix_socket_file *sock,
		int how);
typedef int (*posix_socket_getpeername_func_t)(struct posix_socket_file *sock,
		struct sockaddr *restrict addr, socklen_t *restrict addr_len);
typedef int (*posix_socket_getsockname_func_t)(struct posix_socket_file *sock,
		struct sockaddr *restrict addr, socklen_t *restrict addr_len);
typedef int (*posix_socket_getsockopt_func_t)(struct posix_socket_file *sock,
		int level, int optname, void *restrict optval,
		socklen_t *restrict optlen);
typedef int (*posix_socket_setsockopt_func_t)(struct posix_socket_file *sock,
		int level, int optname, const void *optval, socklen_t optlen);
typedef int (*posix_socket_connect_func_t)(struct posix_socket_file *sock,
		const struct sockaddr *addr, socklen_t addr_len);
typedef int (*posix_socket_listen_func_t)(struct posix_socket_file *sock,
		int backlog);
typedef ssize_t (*posix_socket_recvfrom_func_t)(struct posix_socket_file *sock,
		void *restrict buf, size_t len, int flags,
		struct sockaddr *from, socklen_t *restrict fromlen);
typedef ssize_t (*posix_socket_recvmsg_func_t)(struct posix_socket_file *sock,
		struct msghdr *msg, int flags);
typedef ssize_t (*posix_socket_sendmsg_func_t)(struct posix_socket_file *sock,
		const struct msghdr *msg, int flags);
typedef ssize_t (*posix_socket_sendto_func_t)(struct posix_socket_file *sock,
		const void *buf, size_t len, int flags,
		const struct sockaddr *dest_addr, socklen_t addrlen);
typedef int (*posix_socket_socketpair_func_t)(struct posix_socket_driver *d,
		int family, int type, int protocol, void *sockvec[2]);
typedef ssize_t (*posix_socket_write_func_t)(struct posix_socket_file *sock,
		const struct iovec *iov, int iovcnt);
typedef ssize_t (*posix_socket_read_func_t)(struct posix_socket_file *sock,
		const struct iovec *iov, int iovcnt);
typedef int (*posix_socket_close_func_t)(struct posix_socket_file *sock);
typedef int (*posix_socket_ioctl_func_t)(struct posix_socket_file *sock,
		int request, void *argp);
typedef int (*posix_socket_poll_func_t)(struct posix_socket_file *sock,
		unsigned int *revents, struct eventpoll_cb *ecb);

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

/* A family, as its library registers it. init may set private and
 * allocator; registration sets allocator to the default if init did not. */
struct posix_socket_driver {
	const int family;
	const char *libname;
	const struct posix_socket_ops *ops;
	struct uk_alloc *allocator;
	void *private;
};

/*
 * POSIX_SOCKET_FAMILY_REGISTER(fam, vops) defines the library's driver for
 * `fam` (posix_socket_driver_<lib>_<fam>, fam expanded first) in the linker
 * section uk_posix_socket_families: the registration entry point (lib init
 * table) registers the kernel's at boot, and the cell loader a cell's when
 * the cell loads. One section for all, so that ld's __start_/__stop_
 * symbols bound it; 0.10 gives each driver a section of its own.
 */
#ifndef __LIBNAME__
#define __LIBNAME__	unnamed
#endif
#define _POSIX_SOCKET_FAMILY_DRVRNAME(lib, fam)				\
	posix_socket_driver_ ## lib ## _ ## fam
#define _POSIX_SOCKET_FAMILY_SECNAME(lib, fam)	"uk_posix_socket_families"
#define _POSIX_SOCKET_FAMILY_REGISTER(lib, fam, vops)			\
	static struct posix_socket_driver __used __align(8)		\
	__section(_POSIX_SOCKET_FAMILY_SECNAME(lib, fam))		\
	_POSIX_SOCKET_FAMILY_DRVRNAME(lib, fam) = {			\
		.family = (fam),					\
		.libname = __STR_LIBNAME__,				\
		.ops = (vops),						\
	}
#define POSIX_SOCKET_FAMILY_REGISTER(fam, vops)				\
	_POSIX_SOCKET_FAMILY_REGISTER(__LIBNAME__, fam, vops)

/* The first driver registered for family, or NULL. */
struct posix_socket_driver *posix_socket_driver_get(int family);
/* How many families are registered. */
unsigned int posix_socket_family_count(void);

/*
 * Registers driver d (its family, libname and ops set): runs ops->init,
 * sets the default allocator if init left it NULL. 0, -EEXIST (family
 * taken; a family a cell registered is taken over by a later cell that
 * registers it again), -ENOSPC (CONFIG_LIBPOSIX_SOCKET_MAX_FAMILIES
 * reached), -EINVAL, or init's error.
 */
int posix_socket_driver_register(struct posix_socket_driver *d);
/* Every driver of [start, end): 0, or the first error (later ones are then
 * not registered). */
int posix_socket_driver_register_all(struct posix_socket_driver *start,
				     struct posix_socket_driver *end);

/* The registered families, for the host to read (count entries used). */
extern struct posix_socket_driver
	*posix_socket_drivers[CONFIG_LIBPOSIX_SOCKET_MAX_FAMILIES];
extern unsigned int posix_socket_driver_count;

/*
 * One dispatcher per operation: calls the driver's op. A missing op
 * answers -EOPNOTSUPP (ERR2PTR(-EOPNOTSUPP) for create and accept4), where
 * 0.10 asserts that it exists.
 */
#define _PSOCK_OPS(sock)	((sock)->driver->ops)
#define _PSOCK_CALL(sock, op, ...)					\
	(_PSOCK_OPS(sock)->op ? _PSOCK_OPS(sock)->op(sock, ##__VA_ARGS__) \
			      : -EOPNOTSUPP)

static inline void *
posix_socket_create(struct posix_socket_driver *d, int family, int type,
		    int protocol)
{
	if (!d->ops->create)
		return ERR2PTR(-EOPNOTSUPP);
	return d->ops->create(d, family, type, protocol);
}

static inline void *
posix_socket_accept4(struct posix_socket_file *sock,
		     struct sockaddr *restrict addr,
		     socklen_t *restrict addr_len, int flags)
{
	if (!sock->driver->ops->accept4)
		return ERR2PTR(-EOPNOTSUPP);
	return sock->driver->ops->accept4(sock, addr, addr_len, flags);
}

static inline int
posix_socket_bind(struct posix_socket_file *sock, const struct sockaddr *addr,
		  socklen_t addr_len)
{
	return _PSOCK_CALL(sock, bind, addr, addr_len);
}

static inline int
posix_socket_shutdown(struct posix_socket_file *sock, int how)
{
	return _PSOCK_CALL(sock, shutdown, how);
}

static inline int
posix_socket_getpeername(struct posix_socket_file *sock,
			 struct sockaddr *restrict addr,
			 socklen_t *restrict addr_len)
{
	return _PSOCK_CALL(sock, getpeername, addr, addr_len);
}

static inline int
posix_socket_getsockname(struct posix_socket_file *sock,
			 struct sockaddr *restrict addr,
			 socklen_t *restrict addr_len)
{
	return _PSOCK_CALL(sock, getsockname, addr, addr_len);
}

static inline int
posix_socket_getsockopt(struct posix_socket_file *sock, int level,
			int optname, void *restrict optval,
			socklen_t *restrict optlen)
{
	return _PSOCK_CALL(sock, getsockopt, level, optname, optval, optlen);
}

static inline int
posix_socket_setsockopt(struct posix_socket_file *sock, int level,
			int optname, const void *optval, socklen_t optlen)
{
	return _PSOCK_CALL(sock, setsockopt, level, optname, optval, optlen);
}

static inline int
posix_socket_connect(struct posix_socket_file *sock,
		     const struct sockaddr *addr, socklen_t addr_len)
{
	return _PSOCK_CALL(sock, connect, addr, addr_len);
}

static inline int
posix_socket_listen(struct posix_socket_file *sock, int backlog)
{
	return _PSOCK_CALL(sock, listen, backlog);
}

static inline ssize_t
posix_socket_recvfrom(struct posix_socket_file *sock, void *restrict buf,
		      size_t len, int flags, struct sockaddr *from,
		      socklen_t *fromlen)
{
	return _PSOCK_CALL(sock, recvfrom, buf, len, flags, from, fromlen);
}

static inline ssize_t
posix_socket_recvmsg(struct posix_socket_file *sock, struct msghdr *msg,
		     int flags)
{
	return _PSOCK_CALL(sock, recvmsg, msg, flags);
}

static inline ssize_t
posix_socket_sendmsg(struct posix_socket_file *sock,
		     const struct msghdr *msg, int flags)
{
	return _PSOCK_CALL(sock, sendmsg, msg, flags);
}

static inline ssize_t
posix_socket_sendto(struct posix_socket_file *sock, const void *buf,
		    size_t len, int flags, const struct sockaddr *dest_addr,
		    socklen_t addrlen)
{
	return _PSOCK_CALL(sock, sendto, buf, len, flags, dest_addr, addrlen);
}

static inline int
posix_socket_socketpair(struct posix_socket_driver *d, int family, int type,
			int protocol, void *usockvec[2])
{
	if (!d->ops->socketpair)
		return -EOPNOTSUPP;
	return d->ops->socketpair(d, family, type, protocol, usockvec);
}

static inline ssize_t
posix_socket_write(struct posix_socket_file *sock, const struct iovec *iov,
		   int iovcnt)
{
	return _PSOCK_CALL(sock, write, iov, iovcnt);
}

static inline ssize_t
posix_socket_read(struct posix_socket_file *sock, const struct iovec *iov,
		  int iovcnt)
{
	return _PSOCK_CALL(sock, read, iov, iovcnt);
}

/* A driver without close has nothing to let go of. */
static inline int posix_socket_close(struct posix_socket_file *sock)
{
	return _PSOCK_OPS(sock)->close ? _PSOCK_OPS(sock)->close(sock) : 0;
}

/* Without ioctl, no request is known: -ENOTTY as for any other file. */
static inline int
posix_socket_ioctl(struct posix_socket_file *sock, int request, void *argp)
{
	if (!_PSOCK_OPS(sock)->ioctl)
		return -ENOTTY;
	return _PSOCK_OPS(sock)->ioctl(sock, request, argp);
}

static inline int
posix_socket_poll(struct posix_socket_file *sock, unsigned int *revents,
		  struct eventpoll_cb *ecb)
{
	return _PSOCK_CALL(sock, poll, revents, ecb);
}

#endif /* __UK_SOCKET_DRIVER_H__ */
