/* AF_UNIX: pairs, names, EOF, EPIPE, EAGAIN, datagrams, readiness. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <uk/test.h>
#include <uk/thread.h>
#include "stream_pattern.h"

static socklen_t set_name(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(sizeof(sa_family_t) + strlen(path) + 1);
}

UK_TESTCASE(afunix, stream_pair_carries_bytes_both_ways)
{
	int sv[2];
	char buf[16] = { 0 };

	UK_TEST_ASSERT_ZERO(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	UK_TEST_EXPECT_SNUM_EQ(write(sv[0], "ping", 4), 4);
	UK_TEST_EXPECT_SNUM_EQ(recv(sv[1], buf, 2, MSG_PEEK), 2);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[1], buf, sizeof(buf)), 4);
	UK_TEST_EXPECT_BYTES_EQ(buf, "ping", 4);
	UK_TEST_EXPECT_SNUM_EQ(send(sv[1], "pong!", 5, 0), 5);
	UK_TEST_EXPECT_SNUM_EQ(recv(sv[0], buf, sizeof(buf), 0), 5);
	UK_TEST_EXPECT_BYTES_EQ(buf, "pong!", 5);
	UK_TEST_EXPECT_ZERO(close(sv[0]));
	UK_TEST_EXPECT_ZERO(close(sv[1]));
}

UK_TESTCASE(afunix, eof_after_the_peer_closes_and_data_first)
{
	int sv[2];
	char buf[8];

	UK_TEST_ASSERT_ZERO(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	UK_TEST_EXPECT_SNUM_EQ(write(sv[0], "last", 4), 4);
	UK_TEST_EXPECT_ZERO(close(sv[0]));
	UK_TEST_EXPECT_SNUM_EQ(read(sv[1], buf, sizeof(buf)), 4);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[1], buf, sizeof(buf)), 0);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[1], buf, sizeof(buf)), 0);
	UK_TEST_EXPECT_ZERO(close(sv[1]));
}

UK_TESTCASE(afunix, epipe_without_signals)
{
	int sv[2];

	UK_TEST_ASSERT_ZERO(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	UK_TEST_EXPECT_ZERO(close(sv[1]));
	UK_TEST_EXPECT_SNUM_EQ(write(sv[0], "x", 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPIPE);
	UK_TEST_EXPECT_SNUM_EQ(send(sv[0], "x", 1, MSG_NOSIGNAL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPIPE);
	UK_TEST_EXPECT_ZERO(close(sv[0]));
}

UK_TESTCASE(afunix, full_buffer_is_eagain_and_partial_writes_count)
{
	static char block[4096];
	int sv[2], n = 0, avail = -1;
	ssize_t rc;

	UK_TEST_ASSERT_ZERO(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK,
				       0, sv));
	while ((rc = write(sv[0], block, sizeof(block))) > 0)
		n += (int)rc;
	UK_TEST_EXPECT_SNUM_EQ(rc, -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	UK_TEST_EXPECT_SNUM_EQ(n, CONFIG_LIBAFUNIX_BUFFER_SIZE);
	UK_TEST_EXPECT_ZERO(ioctl(sv[1], FIONREAD, &avail));
	UK_TEST_EXPECT_SNUM_EQ(avail, n);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[1], block, 100), 100);
	/* room for 100 more: a bigger write goes in part */
	UK_TEST_EXPECT_SNUM_EQ(write(sv[0], block, sizeof(block)), 100);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[0], block, 1), -1);	/* empty */
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	UK_TEST_EXPECT_ZERO(close(sv[0]));
	UK_TEST_EXPECT_ZERO(close(sv[1]));
}

UK_TESTCASE(afunix, listen_connect_accept_by_name)
{
	struct sockaddr_un a, got;
	socklen_t alen = set_name(&a, "/tmp/afunix-test"), glen;
	int l = socket(AF_UNIX, SOCK_STREAM, 0), c, c2, s;
	char buf[8];

	UK_TEST_ASSERT_SNUM_GE(l, 0);
	c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	UK_TEST_EXPECT_SNUM_EQ(listen(l, 1), -1);	/* no name yet */
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(connect(c, (struct sockaddr *)&a, alen), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ECONNREFUSED);
	UK_TEST_ASSERT_ZERO(bind(l, (struct sockaddr *)&a, alen));
	UK_TEST_EXPECT_SNUM_EQ(connect(c, (struct sockaddr *)&a, alen), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ECONNREFUSED);	/* not listening */
	UK_TEST_ASSERT_ZERO(listen(l, 1));
	UK_TEST_EXPECT_ZERO(fcntl(l, F_SETFL, O_NONBLOCK));
	UK_TEST_EXPECT_SNUM_EQ(accept(l, NULL, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	UK_TEST_EXPECT_ZERO(fcntl(l, F_SETFL, 0));
	UK_TEST_EXPECT_ZERO(connect(c, (struct sockaddr *)&a, alen));
	/* the backlog of 1 is full now */
	c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	UK_TEST_EXPECT_SNUM_EQ(connect(c2, (struct sockaddr *)&a, alen), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	s = accept(l, NULL, NULL);
	UK_TEST_ASSERT_SNUM_GE(s, 0);
	UK_TEST_EXPECT_SNUM_EQ(write(c, "hi", 2), 2);
	UK_TEST_EXPECT_SNUM_EQ(read(s, buf, sizeof(buf)), 2);
	glen = sizeof(got);
	UK_TEST_EXPECT_ZERO(getpeername(c, (struct sockaddr *)&got, &glen));
	UK_TEST_EXPECT_SNUM_EQ(glen, alen);
	UK_TEST_EXPECT_ZERO(strcmp(got.sun_path, "/tmp/afunix-test"));
	glen = sizeof(got);
	UK_TEST_EXPECT_ZERO(getsockname(s, (struct sockaddr *)&got, &glen));
	UK_TEST_EXPECT_ZERO(strcmp(got.sun_path, "/tmp/afunix-test"));
	UK_TEST_EXPECT_SNUM_EQ(connect(c, (struct sockaddr *)&a, alen), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EISCONN);
	UK_TEST_EXPECT_ZERO(close(s));
	UK_TEST_EXPECT_ZERO(close(c));
	UK_TEST_EXPECT_ZERO(close(c2));
	UK_TEST_EXPECT_ZERO(close(l));
}

UK_TESTCASE(afunix, names_are_unique_until_closed)
{
	struct sockaddr_un a;
	socklen_t alen = set_name(&a, "/tmp/afunix-name");
	int x = socket(AF_UNIX, SOCK_DGRAM, 0), y = socket(AF_UNIX, SOCK_DGRAM, 0);

	UK_TEST_ASSERT(x >= 0 && y >= 0);
	UK_TEST_EXPECT_ZERO(bind(x, (struct sockaddr *)&a, alen));
	UK_TEST_EXPECT_SNUM_EQ(bind(y, (struct sockaddr *)&a, alen), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EADDRINUSE);
	UK_TEST_EXPECT_SNUM_EQ(bind(x, (struct sockaddr *)&a, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_ZERO(close(x));
	UK_TEST_EXPECT_ZERO(bind(y, (struct sockaddr *)&a, alen));
	UK_TEST_EXPECT_ZERO(close(y));
}

UK_TESTCASE(afunix, datagrams_keep_their_boundaries)
{
	struct sockaddr_un a;
	socklen_t alen = set_name(&a, "/tmp/afunix-dgram");
	int sv[2], r = socket(AF_UNIX, SOCK_DGRAM, 0), u;
	char buf[16];
	struct iovec iov = { buf, 3 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

	UK_TEST_ASSERT_ZERO(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	UK_TEST_EXPECT_SNUM_EQ(send(sv[0], "one", 3, 0), 3);
	UK_TEST_EXPECT_SNUM_EQ(send(sv[0], "second", 6, 0), 6);
	UK_TEST_EXPECT_SNUM_EQ(recv(sv[1], buf, sizeof(buf), 0), 3);
	UK_TEST_EXPECT_SNUM_EQ(recvmsg(sv[1], &msg, 0), 3);	/* cut */
	UK_TEST_EXPECT_SNUM_EQ(msg.msg_flags, MSG_TRUNC);
	UK_TEST_EXPECT_BYTES_EQ(buf, "sec", 3);
	UK_TEST_EXPECT_SNUM_EQ(recv(sv[1], buf, 1, MSG_DONTWAIT), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	/* unconnected: by name */
	UK_TEST_ASSERT_ZERO(bind(r, (struct sockaddr *)&a, alen));
	u = socket(AF_UNIX, SOCK_DGRAM, 0);
	UK_TEST_EXPECT_SNUM_EQ(send(u, "x", 1, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOTCONN);
	UK_TEST_EXPECT_SNUM_EQ(sendto(u, "to r", 4, 0, (struct sockaddr *)&a,
				      alen), 4);
	UK_TEST_EXPECT_SNUM_EQ(recvfrom(r, buf, sizeof(buf), 0, NULL, NULL), 4);
	UK_TEST_EXPECT_ZERO(close(u));
	UK_TEST_EXPECT_ZERO(close(r));
	UK_TEST_EXPECT_ZERO(close(sv[0]));
	UK_TEST_EXPECT_ZERO(close(sv[1]));
}

UK_TESTCASE(afunix, shutdown_each_direction)
{
	int sv[2];
	char buf[4];

	UK_TEST_ASSERT_ZERO(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	UK_TEST_EXPECT_ZERO(shutdown(sv[0], SHUT_WR));
	UK_TEST_EXPECT_SNUM_EQ(write(sv[0], "x", 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPIPE);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[1], buf, sizeof(buf)), 0);	/* EOF */
	UK_TEST_EXPECT_SNUM_EQ(write(sv[1], "ok", 2), 2);	/* other way */
	UK_TEST_EXPECT_SNUM_EQ(read(sv[0], buf, sizeof(buf)), 2);
	UK_TEST_EXPECT_SNUM_EQ(shutdown(sv[0], 7), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_ZERO(close(sv[0]));
	UK_TEST_EXPECT_ZERO(close(sv[1]));
}

UK_TESTCASE(afunix, options)
{
	int sv[2], v = 0;
	socklen_t len = sizeof(v);

	UK_TEST_ASSERT_ZERO(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	UK_TEST_EXPECT_ZERO(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &len));
	UK_TEST_EXPECT_SNUM_EQ(v, SOCK_STREAM);
	UK_TEST_EXPECT_ZERO(getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &v, &len));
	UK_TEST_EXPECT_SNUM_EQ(v, AF_UNIX);
	UK_TEST_EXPECT_SNUM_EQ(getsockopt(sv[0], 6, 1, &v, &len), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOPROTOOPT);
	UK_TEST_EXPECT_ZERO(setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, len));
	UK_TEST_EXPECT_SNUM_EQ(socket(AF_UNIX, SOCK_RAW, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ESOCKTNOSUPPORT);
	UK_TEST_EXPECT_ZERO(close(sv[0]));
	UK_TEST_EXPECT_ZERO(close(sv[1]));
}

UK_TESTCASE(afunix, poll_and_epoll_with_other_kinds)
{
	int sv[2], efd = eventfd(0, 0), ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET }, out[4];
	struct pollfd p[3];
	char c;

	UK_TEST_ASSERT_ZERO(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	p[0] = (struct pollfd){ .fd = sv[1], .events = POLLIN | POLLOUT };
	p[1] = (struct pollfd){ .fd = efd, .events = POLLIN };
	p[2] = (struct pollfd){ .fd = STDOUT_FILENO, .events = POLLOUT };
	UK_TEST_EXPECT_SNUM_EQ(poll(p, 3, 0), 2);
	UK_TEST_EXPECT_SNUM_EQ(p[0].revents, POLLOUT);
	ev.data.fd = sv[1];
	UK_TEST_EXPECT_ZERO(epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev));
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(write(sv[0], "a", 1), 1);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, -1), 1);
	UK_TEST_EXPECT_SNUM_EQ(out[0].data.fd, sv[1]);
	UK_TEST_EXPECT_SNUM_EQ(poll(p, 1, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(p[0].revents, POLLIN | POLLOUT);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[1], &c, 1), 1);
	UK_TEST_EXPECT_ZERO(close(sv[0]));	/* hang-up is an edge */
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, out, 4, 0), 1);
	UK_TEST_EXPECT(out[0].events & (EPOLLIN | EPOLLHUP));
	UK_TEST_EXPECT_ZERO(close(sv[1]));
	UK_TEST_EXPECT_ZERO(close(efd));
	UK_TEST_EXPECT_ZERO(close(ep));
}

static int reader_fd;
static unsigned long reader_got;

static void reader(void *arg __unused)
{
	static char buf[1024];
	ssize_t n;

	while ((n = read(reader_fd, buf, sizeof(buf))) > 0)
		reader_got += (unsigned long)n;
}

UK_TESTCASE(afunix, a_reader_thread_drains_a_blocking_writer)
{
	static char block[8192];
	struct uk_thread *t;
	int sv[2], i;

	UK_TEST_ASSERT_ZERO(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	reader_fd = sv[1];
	reader_got = 0;
	t = uk_thread_create("reader", reader, NULL);
	UK_TEST_ASSERT_NOT_NULL(t);
	/* 4x the buffer: the writer must wait for the reader */
	for (i = 0; i < 4 * CONFIG_LIBAFUNIX_BUFFER_SIZE / 8192; i++)
		UK_TEST_EXPECT_SNUM_EQ(write(sv[0], block, sizeof(block)), 8192);
	UK_TEST_EXPECT_ZERO(close(sv[0]));	/* the reader sees EOF */
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t));
	UK_TEST_EXPECT_SNUM_EQ(reader_got, 4 * CONFIG_LIBAFUNIX_BUFFER_SIZE);
	UK_TEST_EXPECT_ZERO(close(sv[1]));
}

static int order_fd;
static unsigned long order_got, order_bad;

static void checking_reader(void *arg __unused)
{
	static unsigned char buf[3001];	/* odd sizes meet the ring's wrap */
	ssize_t n, i;

	while ((n = read(order_fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			order_bad += buf[i] != pattern(order_got + i);
		order_got += (unsigned long)n;
	}
}

UK_TESTCASE(afunix, every_byte_arrives_in_order_across_cpus)
{
	static unsigned char block[3 * CONFIG_LIBAFUNIX_BUFFER_SIZE / 2];
	const unsigned long sizes[] = { 1, 4093, sizeof(block), 77, 65521 };
	struct uk_thread *t;
	long sent;
	int sv[2];

	UK_TEST_ASSERT_ZERO(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	order_fd = sv[1];
	order_got = 0;
	order_bad = 0;
	/* on CPU 1 when there is one: the ring between two CPUs */
	t = uk_thread_create("checker", checking_reader, NULL);
	UK_TEST_ASSERT_NOT_NULL(t);
	sent = write_pattern(sv[0], sizes, ARRAY_SIZE(sizes), block,
			     sizeof(block), 8 * CONFIG_LIBAFUNIX_BUFFER_SIZE);
	UK_TEST_EXPECT_SNUM_GE(sent, 8 * CONFIG_LIBAFUNIX_BUFFER_SIZE);
	UK_TEST_EXPECT_ZERO(close(sv[0]));
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t));
	UK_TEST_EXPECT_SNUM_EQ(order_got, sent);
	UK_TEST_EXPECT_SNUM_EQ(order_bad, 0);
	UK_TEST_EXPECT_ZERO(close(sv[1]));
}

UK_TESTCASE(afunix, a_peek_across_the_wrap_takes_nothing)
{
	static unsigned char block[CONFIG_LIBAFUNIX_BUFFER_SIZE];
	unsigned char peeked[400], got[400];
	int sv[2], avail = -1, i;

	UK_TEST_ASSERT_ZERO(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK,
				       0, sv));
	/* both positions 100 bytes before the end of the ring */
	UK_TEST_EXPECT_SNUM_EQ(write(sv[0], block, sizeof(block) - 100),
			       (ssize_t)sizeof(block) - 100);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[1], block, sizeof(block) - 300),
			       (ssize_t)sizeof(block) - 300);
	for (i = 0; i < 400; i++)
		block[i] = pattern(i);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[1], got, 200), 200);
	UK_TEST_EXPECT_SNUM_EQ(write(sv[0], block, 400), 400);	/* wraps */
	UK_TEST_EXPECT_SNUM_EQ(recv(sv[1], peeked, 400, MSG_PEEK), 400);
	UK_TEST_EXPECT_ZERO(ioctl(sv[1], FIONREAD, &avail));
	UK_TEST_EXPECT_SNUM_EQ(avail, 400);
	/* the peeked bytes are not room yet: the ring is full up to them */
	UK_TEST_EXPECT_SNUM_EQ(write(sv[0], block, sizeof(block)),
			       (ssize_t)sizeof(block) - 400);
	UK_TEST_EXPECT_SNUM_EQ(read(sv[1], got, 400), 400);
	UK_TEST_EXPECT_BYTES_EQ(peeked, block, 400);
	UK_TEST_EXPECT_BYTES_EQ(got, block, 400);
	UK_TEST_EXPECT_ZERO(close(sv[0]));
	UK_TEST_EXPECT_ZERO(close(sv[1]));
}

uk_testsuite_register(afunix, NULL);
