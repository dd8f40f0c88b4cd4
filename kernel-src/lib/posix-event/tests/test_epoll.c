/* epoll: argument checks, level/edge triggering, oneshot, timeouts. */
#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <uk/test.h>
#include "helpers.h"

static int watch(int ep, int fd, unsigned int events, __u64 data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

UK_TESTCASE(posix_event_epoll, create_checks_its_arguments)
{
	int ep;

	UK_TEST_EXPECT_SNUM_EQ(epoll_create(0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(epoll_create1(1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	ep = epoll_create1(EPOLL_CLOEXEC);
	UK_TEST_ASSERT_SNUM_GE(ep, 0);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(ep, F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_ZERO(close(ep));
	ep = epoll_create(1);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(ep, F_GETFD), 0);
	UK_TEST_EXPECT_ZERO(close(ep));
}

UK_TESTCASE(posix_event_epoll, ctl_errors)
{
	int ep = epoll_create1(0), ep2 = epoll_create1(0), fd = eventfd(0, 0);
	struct epoll_event ev = { .events = EPOLLIN };

	UK_TEST_ASSERT(ep >= 0 && ep2 >= 0 && fd >= 0);
	UK_TEST_EXPECT_ZERO(watch(ep, fd, EPOLLIN, 0));
	UK_TEST_EXPECT_SNUM_EQ(watch(ep, fd, EPOLLIN, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EEXIST);
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_MOD, STDOUT_FILENO, &ev),
			       -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_DEL, STDOUT_FILENO, NULL),
			       -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(watch(ep, fd + 100, EPOLLIN, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	UK_TEST_EXPECT_SNUM_EQ(watch(fd + 100, fd, EPOLLIN, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	UK_TEST_EXPECT_SNUM_EQ(watch(fd, STDOUT_FILENO, EPOLLIN, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);	/* not an epoll fd */
	UK_TEST_EXPECT_SNUM_EQ(watch(ep, ep, EPOLLIN, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(watch(ep, ep2, EPOLLIN, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);	/* no nesting */
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, 99, fd, &ev), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(epoll_ctl(ep, EPOLL_CTL_MOD, fd, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
	UK_TEST_EXPECT_ZERO(epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL));
	UK_TEST_EXPECT_ZERO(close(fd));
	UK_TEST_EXPECT_ZERO(close(ep2));
	UK_TEST_EXPECT_ZERO(close(ep));
}

UK_TESTCASE(posix_event_epoll, wait_errors)
{
	int ep = epoll_create1(0);
	struct epoll_event ev[2];

	UK_TEST_ASSERT_SNUM_GE(ep, 0);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, NULL, 2, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep + 50, ev, 2, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(STDOUT_FILENO, ev, 2, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_ZERO(close(ep));
}

UK_TESTCASE(posix_event_epoll, level_triggered_reports_while_ready)
{
	int ep = epoll_create1(0), fd = eventfd(0, EFD_NONBLOCK);
	struct epoll_event ev[2];
	eventfd_t v;

	UK_TEST_ASSERT(ep >= 0 && fd >= 0);
	UK_TEST_EXPECT_ZERO(watch(ep, fd, EPOLLIN, 0xabcdef0123ULL));
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 0);
	UK_TEST_EXPECT_ZERO(eventfd_write(fd, 1));
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(ev[0].events, EPOLLIN);
	UK_TEST_EXPECT(ev[0].data.u64 == 0xabcdef0123ULL);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 1);	/* again */
	UK_TEST_EXPECT_ZERO(eventfd_read(fd, &v));
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 0);	/* drained */
	UK_TEST_EXPECT_ZERO(close(fd));
	UK_TEST_EXPECT_ZERO(close(ep));
}

UK_TESTCASE(posix_event_epoll, edge_triggered_reports_each_change_once)
{
	int ep = epoll_create1(0), fd = eventfd(0, EFD_NONBLOCK);
	struct epoll_event ev[2];

	UK_TEST_ASSERT(ep >= 0 && fd >= 0);
	UK_TEST_EXPECT_ZERO(watch(ep, fd, EPOLLIN | EPOLLET, 1));
	UK_TEST_EXPECT_ZERO(eventfd_write(fd, 1));
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 0);	/* still ready */
	UK_TEST_EXPECT_ZERO(eventfd_write(fd, 1));		/* a new edge */
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 1);
	UK_TEST_EXPECT_ZERO(close(fd));
	UK_TEST_EXPECT_ZERO(close(ep));
}

UK_TESTCASE(posix_event_epoll, oneshot_until_rearmed)
{
	int ep = epoll_create1(0), fd = eventfd(1, EFD_NONBLOCK);
	struct epoll_event ev[2], mod = { .events = EPOLLIN | EPOLLONESHOT };

	UK_TEST_ASSERT(ep >= 0 && fd >= 0);
	UK_TEST_EXPECT_ZERO(watch(ep, fd, EPOLLIN | EPOLLONESHOT, 7));
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 0);
	UK_TEST_EXPECT_ZERO(eventfd_write(fd, 1));
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 0);	/* disarmed */
	mod.data.u64 = 8;
	UK_TEST_EXPECT_ZERO(epoll_ctl(ep, EPOLL_CTL_MOD, fd, &mod));
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(ev[0].data.u64, 8);
	UK_TEST_EXPECT_ZERO(close(fd));
	UK_TEST_EXPECT_ZERO(close(ep));
}

UK_TESTCASE(posix_event_epoll, in_and_out_and_maxevents)
{
	int ep = epoll_create1(0), a = eventfd(1, 0), b = eventfd(1, 0);
	struct epoll_event ev[2];

	UK_TEST_ASSERT(ep >= 0 && a >= 0 && b >= 0);
	UK_TEST_EXPECT_ZERO(watch(ep, a, EPOLLIN | EPOLLOUT, 1));
	UK_TEST_EXPECT_ZERO(watch(ep, b, EPOLLIN, 2));
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 1, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(ev[0].events, EPOLLIN | EPOLLOUT);
	UK_TEST_EXPECT_SNUM_EQ(ev[0].data.u64, 1);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 2);
	/* round robin: the one left out last time comes first */
	UK_TEST_EXPECT_SNUM_EQ(ev[0].data.u64, 2);
	UK_TEST_EXPECT_ZERO(close(a));
	UK_TEST_EXPECT_ZERO(close(b));
	UK_TEST_EXPECT_ZERO(close(ep));
}

UK_TESTCASE(posix_event_epoll, closing_a_watched_file_unwatches_it)
{
	int ep = epoll_create1(0), fd = eventfd(1, 0), dupfd;
	struct epoll_event ev[2];

	UK_TEST_ASSERT(ep >= 0 && fd >= 0);
	UK_TEST_EXPECT_ZERO(watch(ep, fd, EPOLLIN, 1));
	dupfd = dup(fd);
	UK_TEST_EXPECT_ZERO(close(fd));
	/* the file is still open through dupfd: still watched */
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 1);
	UK_TEST_EXPECT_ZERO(close(dupfd));
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 10), 0);
	UK_TEST_EXPECT_ZERO(close(ep));
}

UK_TESTCASE(posix_event_epoll, timeouts_zero_positive_and_forever)
{
	struct later_write w = { .delay_ms = 10, .value = 1 };
	int ep = epoll_create1(0);
	struct epoll_event ev[2];
	struct uk_thread *t;
	__nsec start;

	w.fd = eventfd(0, 0);
	UK_TEST_ASSERT(ep >= 0 && w.fd >= 0);
	UK_TEST_EXPECT_ZERO(watch(ep, w.fd, EPOLLIN, 1));
	start = now_ns();
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, 0), 0);
	UK_TEST_EXPECT_SNUM_LT(now_ns() - start, 5 * MS);
	start = now_ns();
	UK_TEST_EXPECT_SNUM_EQ(epoll_pwait(ep, ev, 2, 20, NULL), 0);
	UK_TEST_EXPECT_SNUM_GE(now_ns() - start, 20 * MS);
	t = write_later(&w);
	UK_TEST_ASSERT_NOT_NULL(t);
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, -1), 1);
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t));
	/* forever with the event already there returns at once */
	UK_TEST_EXPECT_SNUM_EQ(epoll_wait(ep, ev, 2, -1), 1);
	UK_TEST_EXPECT_ZERO(close(w.fd));
	UK_TEST_EXPECT_ZERO(close(ep));
}

uk_testsuite_register(posix_event_epoll, NULL);
