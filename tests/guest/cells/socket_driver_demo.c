#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <uk/list.h>
#include <uk/socket_driver.h>

/* A family of our own: a number above every AF_* of <sys/socket.h>. An
 * address is a port 1..15 in sa_data[0]; datagrams stay in memory. */
#define AF_DEMO		AF_MAX
#define DEMO_PORTS	16
#define DEMO_QUEUE	4
#define DEMO_MSG	64

struct demo_sock {
	int port, peer, shut;
	unsigned int head, count;	/* queue of received datagrams */
	int len[DEMO_QUEUE], from[DEMO_QUEUE];
	char msg[DEMO_QUEUE][DEMO_MSG];
	struct uk_list_head ecbs;	/* eventpoll callbacks */
};

static struct demo_sock *demo_bound[DEMO_PORTS];
int demo_inits, demo_sockets;

#define DS(sock)	((struct demo_sock *)(sock)->sock_data)

static unsigned int demo_revents(struct demo_sock *s)
{
	return EPOLLOUT | (s->count ? EPOLLIN : 0);
}

/* Tells every watcher of s (poll, select, epoll) its new state. */
static void demo_changed(struct demo_sock *s)
{
	struct eventpoll_cb *ecb;

	uk_list_for_each_entry(ecb, &s->ecbs, cb_link)
		eventpoll_signal(ecb, demo_revents(s));
}

static int demo_port(const struct sockaddr *addr, socklen_t len)
{
	if (!addr || len < sizeof(struct sockaddr) || addr->sa_family != AF_DEMO)
		return -EINVAL;
	if (addr->sa_data[0] < 1 || addr->sa_data[0] >= DEMO_PORTS)
		return -EADDRNOTAVAIL;
	return addr->sa_data[0];
}

static void demo_name(int port, struct sockaddr *addr, socklen_t *len)
{
	struct sockaddr a = { .sa_family = AF_DEMO, .sa_data = { (char)port } };

	if (addr && len)
		memcpy(addr, &a, MIN((size_t)*len, sizeof(a)));
	if (len)
		*len = sizeof(a);
}

static int demo_init(struct posix_socket_driver *d)
{
	d->private = &demo_bound;
	demo_inits++;
	return 0;
}

static void *demo_create(struct posix_socket_driver *d, int family __unused,
			 int type, int protocol)
{
	struct demo_sock *s;

	if ((type & SOCK_TYPE_MASK) != SOCK_DGRAM)
		return ERR2PTR(-ESOCKTNOSUPPORT);
	if (protocol)
		return ERR2PTR(-EPROTONOSUPPORT);
	s = uk_calloc(d->allocator, 1, sizeof(*s));
	if (!s)
		return ERR2PTR(-ENOMEM);
	UK_INIT_LIST_HEAD(&s->ecbs);
	demo_sockets++;
	return s;
}

static void *demo_accept4(struct posix_socket_file *sock __unused,
			  struct sockaddr *restrict addr __unused,
			  socklen_t *restrict addr_len __unused,
			  int flags __unused)
{
	return ERR2PTR(-EOPNOTSUPP);	/* datagrams: no connections */
}

static int demo_bind(struct posix_socket_file *sock,
		     const struct sockaddr *addr, socklen_t addr_len)
{
	int port = demo_port(addr, addr_len);

	if (port < 0)
		return port;
	if (demo_bound[port] || DS(sock)->port)
		return -EADDRINUSE;
	demo_bound[port] = DS(sock);
	DS(sock)->port = port;
	return 0;
}

static int demo_shutdown(struct posix_socket_file *sock, int how)
{
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	DS(sock)->shut |= how + 1;
	return 0;
}

static int demo_getpeername(struct posix_socket_file *sock,
			    struct sockaddr *restrict addr,
			    socklen_t *restrict addr_len)
{
	if (!DS(sock)->peer)
		return -ENOTCONN;
	demo_name(DS(sock)->peer, addr, addr_len);
	return 0;
}

static int demo_getsockname(struct posix_socket_file *sock,
			    struct sockaddr *restrict addr,
			    socklen_t *restrict addr_len)
{
	demo_name(DS(sock)->port, addr, addr_len);
	return 0;
}

static int demo_getsockopt(struct posix_socket_file *sock __unused,
			   int level, int optname, void *restrict optval,
			   socklen_t *restrict optlen)
{
	int type = SOCK_DGRAM;

	if (level != SOL_SOCKET || optname != SO_TYPE)
		return -ENOPROTOOPT;
	if (!optval || !optlen || *optlen < sizeof(type))
		return -EINVAL;
	memcpy(optval, &type, sizeof(type));
	*optlen = sizeof(type);
	return 0;
}

static int demo_setsockopt(struct posix_socket_file *sock __unused,
			   int level __unused, int optname __unused,
			   const void *optval __unused,
			   socklen_t optlen __unused)
{
	return -ENOPROTOOPT;
}

static int demo_connect(struct posix_socket_file *sock,
			const struct sockaddr *addr, socklen_t addr_len)
{
	int port = demo_port(addr, addr_len);

	if (port < 0)
		return port;
	DS(sock)->peer = port;
	return 0;
}

static int demo_listen(struct posix_socket_file *sock __unused,
		       int backlog __unused)
{
	return -EOPNOTSUPP;
}

/* One datagram from s to port: queued there, its watchers told. */
static ssize_t demo_send(struct demo_sock *s, const void *buf, size_t len,
			 int port)
{
	struct demo_sock *t;
	unsigned int slot;

	if (s->shut & 2)
		return -EPIPE;
	if (port <= 0 || !(t = demo_bound[port]))
		return port < 0 ? port : -ECONNREFUSED;
	if (len > DEMO_MSG)
		return -EMSGSIZE;
	if (t->count == DEMO_QUEUE)
		return -EAGAIN;
	slot = (t->head + t->count++) % DEMO_QUEUE;
	memcpy(t->msg[slot], buf, len);
	t->len[slot] = (int)len;
	t->from[slot] = s->port;
	demo_changed(t);
	return (ssize_t)len;
}

/* The oldest datagram; an empty queue answers EAGAIN (never blocks). */
static ssize_t demo_recv(struct demo_sock *s, void *buf, size_t len,
			 int flags, int *from)
{
	unsigned int slot = s->head;
	size_t n;

	if (!s->count)
		return -EAGAIN;
	n = MIN(len, (size_t)s->len[slot]);
	memcpy(buf, s->msg[slot], n);
	*from = s->from[slot];
	if (!(flags & MSG_PEEK)) {
		s->head = (s->head + 1) % DEMO_QUEUE;
		s->count--;
	}
	return (ssize_t)n;
}

static ssize_t demo_recvfrom(struct posix_socket_file *sock,
			     void *restrict buf, size_t len, int flags,
			     struct sockaddr *from,
			     socklen_t *restrict fromlen)
{
	int port;
	ssize_t n = demo_recv(DS(sock), buf, len, flags, &port);

	if (n >= 0 && from)
		demo_name(port, from, fromlen);
	return n;
}

static ssize_t demo_recvmsg(struct posix_socket_file *sock,
			    struct msghdr *msg, int flags)
{
	if (!msg || msg->msg_iovlen != 1)
		return -EINVAL;
	return demo_recvfrom(sock, msg->msg_iov[0].iov_base,
			     msg->msg_iov[0].iov_len, flags, msg->msg_name,
			     &msg->msg_namelen);
}

static ssize_t demo_sendto(struct posix_socket_file *sock, const void *buf,
			   size_t len, int flags __unused,
			   const struct sockaddr *dest_addr,
			   socklen_t addrlen)
{
	int port = dest_addr ? demo_port(dest_addr, addrlen) : DS(sock)->peer;

	return demo_send(DS(sock), buf, len, port);
}

static ssize_t demo_sendmsg(struct posix_socket_file *sock,
			    const struct msghdr *msg, int flags)
{
	if (!msg || msg->msg_iovlen != 1)
		return -EINVAL;
	return demo_sendto(sock, msg->msg_iov[0].iov_base,
			   msg->msg_iov[0].iov_len, flags, msg->msg_name,
			   msg->msg_namelen);
}

static int demo_socketpair(struct posix_socket_driver *d __unused,
			   int family __unused, int type __unused,
			   int protocol __unused, void *sockvec[2] __unused)
{
	return -EOPNOTSUPP;
}

static ssize_t demo_write(struct posix_socket_file *sock,
			  const struct iovec *iov, int iovcnt)
{
	if (iovcnt != 1)
		return -EINVAL;
	return demo_send(DS(sock), iov->iov_base, iov->iov_len,
			 DS(sock)->peer);
}

static ssize_t demo_read(struct posix_socket_file *sock,
			 const struct iovec *iov, int iovcnt)
{
	int port;

	if (iovcnt != 1)
		return -EINVAL;
	return demo_recv(DS(sock), iov->iov_base, iov->iov_len, 0, &port);
}

static int demo_close(struct posix_socket_file *sock)
{
	struct demo_sock *s = DS(sock);

	if (s->port)
		demo_bound[s->port] = NULL;
	uk_free(sock->driver->allocator, s);
	return 0;
}

static int demo_ioctl(struct posix_socket_file *sock, int request,
		      void *argp)
{
	struct demo_sock *s = DS(sock);

	if (request == FIONBIO)
		return 0;		/* it never blocks anyway */
	if (request != FIONREAD)
		return -ENOTTY;
	*(int *)argp = s->count ? s->len[s->head] : 0;
	return 0;
}

static void demo_unregister(struct eventpoll_cb *ecb)
{
	uk_list_del_init(&ecb->cb_link);
}

/* A watcher's first poll links its callback; demo_changed() calls it. */
static int demo_poll(struct posix_socket_file *sock, unsigned int *revents,
		     struct eventpoll_cb *ecb)
{
	if (ecb && !ecb->unregister) {
		ecb->unregister = demo_unregister;
		uk_list_add_tail(&ecb->cb_link, &DS(sock)->ecbs);
	}
	*revents = demo_revents(DS(sock));
	return 0;
}

static struct posix_socket_ops demo_ops = {
	.init = demo_init,
	.create = demo_create,
	.accept4 = demo_accept4,
	.bind = demo_bind,
	.shutdown = demo_shutdown,
	.getpeername = demo_getpeername,
	.getsockname = demo_getsockname,
	.getsockopt = demo_getsockopt,
	.setsockopt = demo_setsockopt,
	.connect = demo_connect,
	.listen = demo_listen,
	.recvfrom = demo_recvfrom,
	.recvmsg = demo_recvmsg,
	.sendmsg = demo_sendmsg,
	.sendto = demo_sendto,
	.socketpair = demo_socketpair,
	.write = demo_write,
	.read = demo_read,
	.close = demo_close,
	.ioctl = demo_ioctl,
	.poll = demo_poll,
};

POSIX_SOCKET_FAMILY_REGISTER(AF_DEMO, &demo_ops);
