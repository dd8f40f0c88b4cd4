/* The socket calls: find the family's driver (socket, socketpair) or the
 * fd's socket (everything else) and hand over. Results are
 * a value or a negative errno (system calls through the shim). */
#include <errno.h>
#include <unistd.h>
#include <uk/socket.h>
#include <uk/syscall.h>
#include "socket_impl.h"

/* The socket of fd, in the frame of a call: `s` holds a reference on its
 * file, dropped by PSOCK_END. */
#define PSOCK_BEGIN(fd)							\
	struct posix_socket_file *s;					\
	long rc = 0;							\
									\
	s = posix_socket_file_get(fd);					\
	if (PTRISERR(s))						\
		return PTR2ERR(s);					\
	psock_sync_nonblock(s)

#define PSOCK_END()							\
	vfscore_put_file(s->vfs_file);					\
	return rc

UK_SYSCALL_R_DEFINE(int, socket, int, family, int, type, int, protocol)
{
	struct posix_socket_driver *d = posix_socket_driver_get(family);
	void *sock;
	int fd;

	if (!d)
		return -EAFNOSUPPORT;
	sock = posix_socket_create(d, family, type, protocol);
	if (psock_is_err(sock))
		return psock_err(sock);
	fd = posix_socket_alloc_fd(d, type, sock);
	if (fd < 0)
		psock_close_unfiled(d, type, sock);
	return fd;
}

UK_SYSCALL_R_DEFINE(int, socketpair, int, family, int, type, int, protocol,
		    int *, sv)
{
	struct posix_socket_driver *d = posix_socket_driver_get(family);
	void *socks[2];
	int rc;

	if (!d)
		return -EAFNOSUPPORT;
	if (!sv)
		return -EFAULT;
	rc = posix_socket_socketpair(d, family, type, protocol, socks);
	if (rc)
		return rc;
	sv[0] = posix_socket_alloc_fd(d, type, socks[0]);
	sv[1] = sv[0] < 0 ? sv[0] : posix_socket_alloc_fd(d, type, socks[1]);
	if (sv[1] >= 0)
		return 0;
	rc = sv[1];
	if (sv[0] >= 0)
		close(sv[0]);	/* closes socks[0] too */
	else
		psock_close_unfiled(d, type, socks[0]);
	psock_close_unfiled(d, type, socks[1]);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, accept4, int, sock, struct sockaddr *restrict, addr,
		    socklen_t *restrict, addr_len, int, flags)
{
	void *new;

	PSOCK_BEGIN(sock);
	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) {
		rc = -EINVAL;
	} else {
		new = posix_socket_accept4(s, addr, addr_len, flags);
		if (psock_is_err(new)) {
			rc = psock_err(new);
		} else {
			rc = posix_socket_alloc_fd(s->driver, s->type | flags,
						   new);
			if (rc < 0)
				psock_close_unfiled(s->driver, s->type, new);
		}
	}
	PSOCK_END();
}

UK_SYSCALL_R_DEFINE(int, accept, int, sock, struct sockaddr *restrict, addr,
		    socklen_t *restrict, addr_len)
{
	return uk_syscall_r_accept4(sock, (long)addr, (long)addr_len, 0);
}

UK_SYSCALL_R_DEFINE(int, bind, int, sock, const struct sockaddr *, addr,
		    socklen_t, addr_len)
{
	PSOCK_BEGIN(sock);
	rc = posix_socket_bind(s, addr, addr_len);
	PSOCK_END();
}

UK_SYSCALL_R_DEFINE(int, listen, int, sock, int, backlog)
{
	PSOCK_BEGIN(sock);
	rc = posix_socket_listen(s, backlog);
	PSOCK_END();
}

UK_SYSCALL_R_DEFINE(int, connect, int, sock, const struct sockaddr *, addr,
		    socklen_t, addr_len)
{
	PSOCK_BEGIN(sock);
	rc = posix_socket_connect(s, addr, addr_len);
	PSOCK_END();
}

UK_SYSCALL_R_DEFINE(int, shutdown, int, sock, int, how)
{
	PSOCK_BEGIN(sock);
	rc = posix_socket_shutdown(s, how);
	PSOCK_END();
}

UK_SYSCALL_R_DEFINE(int, getsockname, int, sock, struct sockaddr *restrict,
		    addr, socklen_t *restrict, addr_len)
{
	PSOCK_BEGIN(sock);
	rc = posix_socket_getsockname(s, addr, addr_len);
	PSOCK_END();
}

UK_SYSCALL_R_DEFINE(int, getpeername, int, sock, struct sockaddr *restrict,
		    addr, socklen_t *restrict, addr_len)
{
	PSOCK_BEGIN(sock);
	rc = posix_socket_getpeername(s, addr, addr_len);
	PSOCK_END();
}

UK_SYSCALL_R_DEFINE(int, getsockopt, int, sock, int, level, int, optname,
		    void *restrict, optval, socklen_t *restrict, optlen)
{
	PSOCK_BEGIN(sock);
	rc = posix_socket_getsockopt(s, level, optname, optval, optlen);
	PSOCK_END();
}

UK_SYSCALL_R_DEFINE(int, setsockopt, int, sock, int, level, int, optname,
		    const void *, optval, socklen_t, optlen)
{
	PSOCK_BEGIN(sock);
	rc = posix_socket_setsockopt(s, level, optname, optval, optlen);
	PSOCK_END();
}

UK_SYSCALL_R_DEFINE(ssize_t, sendto, int, sock, const void *, buf, size_t, len,
		    int, flags, const struct sockaddr *, dest_addr, socklen_t,
		    addrlen)
{
	PSOCK_BEGIN(sock);
	rc = posix_socket_sendto(s, buf, len, flags, dest_addr, addrlen);
	PSOCK_END();
}

UK_SYSCALL_R_DEFINE(ssize_t, recvfrom, int, sock, void *restrict, buf, size_t,
		    len, int, flags, struct sockaddr *restrict, from,
		    socklen_t *restrict, fromlen)
{
	PSOCK_BEGIN(sock);
	rc = posix_socket_recvfrom(s, buf, len, flags, from, fromlen);
	PSOCK_END();
}

UK_SYSCALL_R_DEFINE(ssize_t, sendmsg, int, sock, const struct msghdr *, msg,
		    int, flags)
{
	PSOCK_BEGIN(sock);
	rc = posix_socket_sendmsg(s, msg, flags);
	PSOCK_END();
}

UK_SYSCALL_R_DEFINE(ssize_t, recvmsg, int, sock, struct msghdr *, msg, int,
		    flags)
{
	PSOCK_BEGIN(sock);
	rc = posix_socket_recvmsg(s, msg, flags);
	PSOCK_END();
}

#if UK_LIBC_SYSCALLS
/* libc's: Linux has no send and recv calls */
ssize_t send(int sock, const void *buf, size_t len, int flags)
{
	return sendto(sock, buf, len, flags, NULL, 0);
}

ssize_t recv(int sock, void *buf, size_t len, int flags)
{
	return recvfrom(sock, buf, len, flags, NULL, NULL);
}
#endif
