/* AF_UNIX as a posix-socket family: the glue from struct posix_socket_ops
 * to the stream and datagram code. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/ioctl.h>
#include <vfscore/file.h>
#include "afunix_impl.h"

/* the afunix socket of a posix_socket_file */
#define SOCK(f)		((struct afunix_sock *)(f)->sock_data)
#define ERRPTR(e)	ERR2PTR(e)

static void *afunix_create(struct posix_socket_driver *d __unused,
			   int family __unused, int type, int protocol)
{
	int kind = type & SOCK_TYPE_MASK;
	struct afunix_sock *s;

	if (protocol && protocol != PF_UNIX)
		return ERRPTR(-EPROTONOSUPPORT);
	if (kind != SOCK_STREAM && kind != SOCK_DGRAM)
		return ERRPTR(-ESOCKTNOSUPPORT);
	s = sock_new(kind);
	if (!s)
		return ERRPTR(-ENOMEM);
	s->nonblock = !!(type & SOCK_NONBLOCK);
	return s;
}

static int afunix_socketpair(struct posix_socket_driver *d, int family,
			     int type, int protocol, void *sv[2])
{
	sv[0] = afunix_create(d, family, type, protocol);
	if (PTRISERR(sv[0]))
		return PTR2ERR(sv[0]);
	sv[1] = afunix_create(d, family, type, protocol);
	if (PTRISERR(sv[1])) {
		sock_close(sv[0]);
		return PTR2ERR(sv[1]);
	}
	sock_pair(sv[0], sv[1]);
	return 0;
}

static void *afunix_accept4(struct posix_socket_file *sock,
			    struct sockaddr *restrict addr,
			    socklen_t *restrict addr_len, int flags)
{
	struct afunix_sock *server;
	int err;

	server = stream_accept(SOCK(sock), flags, &err);
	if (!server)
		return ERRPTR(err);
	sock_fill_addr(&server->peer->addr, server->peer->addr_len, addr,
		       addr_len);
	return server;
}

static int afunix_bind(struct posix_socket_file *sock,
		       const struct sockaddr *addr, socklen_t addr_len)
{
	return name_bind(SOCK(sock), addr, addr_len);
}

static int afunix_listen(struct posix_socket_file *sock,
			 int backlog)
{
	if (SOCK(sock)->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	return stream_listen(SOCK(sock), backlog);
}

static int afunix_connect(struct posix_socket_file *sock,
			  const struct sockaddr *addr, socklen_t addr_len)
{
	if (SOCK(sock)->type == SOCK_DGRAM)
		return dgram_connect(SOCK(sock), addr, addr_len);
	return stream_connect(SOCK(sock), addr, addr_len);
}

static int afunix_shutdown(struct posix_socket_file *sock, int how)
{
	struct afunix_sock *s = SOCK(sock);

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	if (s->state != AFUNIX_CONNECTED)
		return -ENOTCONN;
	__atomic_fetch_or(&s->shut, how + 1, __ATOMIC_SEQ_CST);
	sock_changed(s);
	if (s->peer)
		sock_changed(s->peer);
	return 0;
}

static int afunix_getsockname(struct posix_socket_file *sock,
			      struct sockaddr *restrict addr,
			      socklen_t *restrict addr_len)
{
	if (!addr || !addr_len)
		return -EFAULT;
	sock_fill_addr(&SOCK(sock)->addr, SOCK(sock)->addr_len, addr,
		       addr_len);
	return 0;
}

static int afunix_getpeername(struct posix_socket_file *sock,
			      struct sockaddr *restrict addr,
			      socklen_t *restrict addr_len)
{
	struct afunix_sock *p = SOCK(sock)->peer;

	if (!p || SOCK(sock)->state != AFUNIX_CONNECTED)
		return -ENOTCONN;
	if (!addr || !addr_len)
		return -EFAULT;
	sock_fill_addr(&p->addr, p->addr_len, addr, addr_len);
	return 0;
}

static int sol_socket_value(struct afunix_sock *s, int optname, int *v)
{
	switch (optname) {
	case SO_TYPE:
		*v = s->type;
		return 0;
	case SO_DOMAIN:
		*v = AF_UNIX;
		return 0;
	case SO_PROTOCOL:
	case SO_ERROR:
		*v = 0;
		return 0;
	case SO_ACCEPTCONN:
		*v = s->state == AFUNIX_LISTENING;
		return 0;
	case SO_SNDBUF:
	case SO_RCVBUF:
		*v = (int)s->rx.size;
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

static int afunix_getsockopt(struct posix_socket_file *sock, int level,
			     int optname,
			     void *restrict optval, socklen_t *restrict optlen)
{
	int v, rc;

	if (level != SOL_SOCKET)
		return -ENOPROTOOPT;
	if (!optval || !optlen)
		return -EFAULT;
	if (*optlen < sizeof(int))
		return -EINVAL;
	rc = sol_socket_value(SOCK(sock), optname, &v);
	if (rc)
		return rc;
	memcpy(optval, &v, sizeof(v));
	*optlen = sizeof(v);
	return 0;
}

/* Buffer sizes are fixed (CONFIG_LIBAFUNIX_BUFFER_SIZE): accepted, kept. */
static int afunix_setsockopt(struct posix_socket_file *sock __unused,
			     int level, int optname,
			     const void *optval, socklen_t optlen)
{
	if (level != SOL_SOCKET)
		return -ENOPROTOOPT;
	if (!optval || optlen < sizeof(int))
		return -EINVAL;
	switch (optname) {
	case SO_SNDBUF:
	case SO_RCVBUF:
	case SO_REUSEADDR:
	case SO_KEEPALIVE:
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

static ssize_t recv_iov(struct afunix_sock *s, const struct iovec *iov,
			int iovcnt, int flags, int *truncated)
{
	*truncated = 0;
	if (s->type == SOCK_DGRAM)
		return dgram_recv(s, iov, iovcnt, flags, truncated);
	return stream_recv(s, iov, iovcnt, flags);
}

static ssize_t send_iov(struct afunix_sock *s, const struct iovec *iov,
			int iovcnt, int flags, const struct sockaddr *to,
			socklen_t tolen)
{
	if (s->type == SOCK_DGRAM)
		return dgram_send(s, iov, iovcnt, flags, to, tolen);
	return stream_send(s, iov, iovcnt, flags);
}

/* The sender's name for recvfrom: the peer's (an unconnected datagram
 * socket does not learn who sent: it reads as unnamed). */
static void from_addr(struct afunix_sock *s, struct sockaddr *from,
		      socklen_t *fromlen)
{
	struct afunix_sock *p = s->peer;

	sock_fill_addr(p ? &p->addr : NULL, p ? p->addr_len : 0, from,
		       fromlen);
}

static ssize_t afunix_recvfrom(struct posix_socket_file *sock,
			       void *restrict buf, size_t len,
			       int flags, struct sockaddr *from,
			       socklen_t *restrict fromlen)
{
	struct iovec iov = { buf, len };
	int truncated;
	ssize_t rc = recv_iov(SOCK(sock), &iov, 1, flags, &truncated);

	if (rc >= 0)
		from_addr(SOCK(sock), from, fromlen);
	return rc;
}

static ssize_t afunix_recvmsg(struct posix_socket_file *sock,
			      struct msghdr *msg, int flags)
{
	int truncated;
	ssize_t rc;

	if (!msg || msg->msg_iovlen > IOV_MAX)
		return -EINVAL;
	rc = recv_iov(SOCK(sock), msg->msg_iov, (int)msg->msg_iovlen, flags,
		      &truncated);
	if (rc < 0)
		return rc;
	from_addr(SOCK(sock), msg->msg_name, &msg->msg_namelen);
	msg->msg_controllen = 0;
	msg->msg_flags = truncated ? MSG_TRUNC : 0;
	return rc;
}

static ssize_t afunix_sendto(struct posix_socket_file *sock,
			     const void *buf, size_t len,
			     int flags, const struct sockaddr *dest_addr,
			     socklen_t addrlen)
{
	struct iovec iov = { (void *)buf, len };

	return send_iov(SOCK(sock), &iov, 1, flags, dest_addr, addrlen);
}

static ssize_t afunix_sendmsg(struct posix_socket_file *sock,
			      const struct msghdr *msg, int flags)
{
	if (!msg || msg->msg_iovlen > IOV_MAX)
		return -EINVAL;
	return send_iov(SOCK(sock), msg->msg_iov, (int)msg->msg_iovlen, flags,
			msg->msg_name, msg->msg_namelen);
}

static ssize_t afunix_write(struct posix_socket_file *sock,
			    const struct iovec *iov, int iovcnt)
{
	return send_iov(SOCK(sock), iov, iovcnt, 0, NULL, 0);
}

static ssize_t afunix_read(struct posix_socket_file *sock,
			   const struct iovec *iov, int iovcnt)
{
	int truncated;

	return recv_iov(SOCK(sock), iov, iovcnt, 0, &truncated);
}

static int afunix_close(struct posix_socket_file *sock)
{
	sock_close(SOCK(sock));
	return 0;
}

static int afunix_ioctl(struct posix_socket_file *sock,
			int request, void *argp)
{
	struct afunix_sock *s = SOCK(sock);
	__u32 next;

	if (!argp)
		return -EFAULT;
	switch (request) {
	case FIONBIO:
		s->nonblock = !!*(int *)argp;
		return 0;
	case FIONREAD:
		if (s->type == SOCK_DGRAM && s->rx_msgs)
			ring_get(&s->rx, &next, DGRAM_HDR, 1);
		else
			next = s->type == SOCK_DGRAM ? 0 : ring_used(&s->rx);
		*(int *)argp = (int)next;
		return 0;
	default:
		return -ENOTTY;
	}
}

/* eventpoll_lock is held here (see vfscore/eventpoll.h). */
static int afunix_poll(struct posix_socket_file *sock,
		       unsigned int *revents, struct eventpoll_cb *ecb)
{
	eventpoll_register(&SOCK(sock)->ecbs, ecb);
	*revents = sock_revents(SOCK(sock));
	return 0;
}

static const struct posix_socket_ops afunix_ops = {
	.create = afunix_create,
	.accept4 = afunix_accept4,
	.bind = afunix_bind,
	.shutdown = afunix_shutdown,
	.getpeername = afunix_getpeername,
	.getsockname = afunix_getsockname,
	.getsockopt = afunix_getsockopt,
	.setsockopt = afunix_setsockopt,
	.connect = afunix_connect,
	.listen = afunix_listen,
	.recvfrom = afunix_recvfrom,
	.recvmsg = afunix_recvmsg,
	.sendmsg = afunix_sendmsg,
	.sendto = afunix_sendto,
	.socketpair = afunix_socketpair,
	.write = afunix_write,
	.read = afunix_read,
	.close = afunix_close,
	.ioctl = afunix_ioctl,
	.poll = afunix_poll,
};

POSIX_SOCKET_FAMILY_REGISTER(AF_UNIX, &afunix_ops);
