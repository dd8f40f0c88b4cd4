/* poll, ppoll, select, pselect and pselect6. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* ppoll */
#endif
#include <errno.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <unistd.h>
#include <uk/syscall.h>
#include <uk/test.h>

UK_SYSCALL_R_PROTO(6, pselect6);
#include "helpers.h"

UK_TESTCASE(posix_event_poll, readiness_of_mixed_kinds)
{
	int efd = eventfd(0, 0);
	struct pollfd p[4] = {
		{ .fd = efd, .events = POLLIN },
		{ .fd = STDOUT_FILENO, .events = POLLOUT },
		{ .fd = -5, .events = POLLIN },		/* ignored */
		{ .fd = efd, .events = POLLOUT },	/* twice is fine */
	};

	UK_TEST_ASSERT_SNUM_GE(efd, 0);
	UK_TEST_EXPECT_SNUM_EQ(poll(p, 4, 0), 2);
	UK_TEST_EXPECT_SNUM_EQ(p[0].revents, 0);
	UK_TEST_EXPECT_SNUM_EQ(p[1].revents, POLLOUT);
	UK_TEST_EXPECT_SNUM_EQ(p[2].revents, 0);
	UK_TEST_EXPECT_SNUM_EQ(p[3].revents, POLLOUT);
	UK_TEST_EXPECT_ZERO(eventfd_write(efd, 1));
	UK_TEST_EXPECT_SNUM_EQ(poll(p, 4, -1), 3);
	UK_TEST_EXPECT_SNUM_EQ(p[0].revents, POLLIN);
	UK_TEST_EXPECT_ZERO(close(efd));
}

UK_TESTCASE(posix_event_poll, closed_fds_are_pollnval_and_bad_args_fail)
{
	int fd = eventfd(1, 0);
	struct pollfd p[2] = { { .events = POLLIN }, { .events = POLLIN } };

	UK_TEST_ASSERT_SNUM_GE(fd, 0);
	p[0].fd = fd;
	p[1].fd = fd + 1;	/* not open */
	UK_TEST_EXPECT_SNUM_EQ(poll(p, 2, -1), 2);
	UK_TEST_EXPECT_SNUM_EQ(p[0].revents, POLLIN);
	UK_TEST_EXPECT_SNUM_EQ(p[1].revents, POLLNVAL);
	UK_TEST_EXPECT_SNUM_EQ(poll(p, 100000, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(poll(NULL, 1, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
	UK_TEST_EXPECT_ZERO(close(fd));
}

UK_TESTCASE(posix_event_poll, timeouts)
{
	int fd = eventfd(0, 0);
	struct pollfd p = { .events = POLLIN };
	struct timespec ts = { 0, 15 * MS }, bad = { 0, 1000000000L };
	__nsec start;

	UK_TEST_ASSERT_SNUM_GE(fd, 0);
	p.fd = fd;
	start = now_ns();
	UK_TEST_EXPECT_SNUM_EQ(poll(&p, 1, 20), 0);
	UK_TEST_EXPECT_SNUM_GE(now_ns() - start, 20 * MS);
	UK_TEST_EXPECT_SNUM_LT(now_ns() - start, 500 * MS);
	start = now_ns();
	UK_TEST_EXPECT_SNUM_EQ(ppoll(&p, 1, &ts, NULL), 0);
	UK_TEST_EXPECT_SNUM_GE(now_ns() - start, 15 * MS);
	UK_TEST_EXPECT_SNUM_EQ(ppoll(&p, 1, &bad, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	/* no fds at all: a sleep */
	start = now_ns();
	UK_TEST_EXPECT_SNUM_EQ(poll(NULL, 0, 10), 0);
	UK_TEST_EXPECT_SNUM_GE(now_ns() - start, 10 * MS);
	UK_TEST_EXPECT_ZERO(close(fd));
}

UK_TESTCASE(posix_event_poll, forever_ends_when_another_thread_writes)
{
	struct later_write w = { .delay_ms = 10, .value = 1 };
	struct pollfd p = { .events = POLLIN };
	struct uk_thread *t;

	w.fd = eventfd(0, 0);
	UK_TEST_ASSERT_SNUM_GE(w.fd, 0);
	p.fd = w.fd;
	t = write_later(&w);
	UK_TEST_ASSERT_NOT_NULL(t);
	UK_TEST_EXPECT_SNUM_EQ(poll(&p, 1, -1), 1);
	UK_TEST_EXPECT_SNUM_EQ(p.revents, POLLIN);
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t));
	UK_TEST_EXPECT_ZERO(close(w.fd));
}

UK_TESTCASE(posix_event_select, sets_in_and_out)
{
	int fd = eventfd(0, 0);
	struct timeval tv = { 0, 0 };
	fd_set r, w;

	UK_TEST_ASSERT_SNUM_GE(fd, 0);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	FD_SET(STDOUT_FILENO, &w);
	UK_TEST_EXPECT_SNUM_EQ(select(fd + 1, &r, &w, NULL, &tv), 2);
	UK_TEST_EXPECT(!FD_ISSET(fd, &r));
	UK_TEST_EXPECT(FD_ISSET(fd, &w) && FD_ISSET(STDOUT_FILENO, &w));
	UK_TEST_EXPECT_ZERO(eventfd_write(fd, 3));
	FD_SET(fd, &r);
	UK_TEST_EXPECT_SNUM_EQ(select(fd + 1, &r, NULL, NULL, NULL), 1);
	UK_TEST_EXPECT(FD_ISSET(fd, &r));
	UK_TEST_EXPECT_ZERO(close(fd));
}

UK_TESTCASE(posix_event_select, errors)
{
	int fd = eventfd(0, 0);
	struct timeval tv = { 0, 0 }, bad = { 0, 1000000 };
	fd_set r;

	UK_TEST_ASSERT_SNUM_GE(fd, 0);
	FD_ZERO(&r);
	FD_SET(fd + 1, &r);	/* not open */
	UK_TEST_EXPECT_SNUM_EQ(select(fd + 2, &r, NULL, NULL, &tv), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	UK_TEST_EXPECT_SNUM_EQ(select(-1, NULL, NULL, NULL, &tv), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(select(FD_SETSIZE + 1, NULL, NULL, NULL, &tv),
			       -1);
	UK_TEST_EXPECT_SNUM_EQ(select(0, NULL, NULL, NULL, &bad), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_ZERO(close(fd));
}

UK_TESTCASE(posix_event_select, timeouts_write_the_time_left_back)
{
	int fd = eventfd(0, 0);
	struct timeval tv = { 0, 20000 };
	struct timespec ts = { 0, 10 * MS };
	__nsec start = now_ns();
	fd_set r;

	UK_TEST_ASSERT_SNUM_GE(fd, 0);
	FD_ZERO(&r);
	FD_SET(fd, &r);
	UK_TEST_EXPECT_SNUM_EQ(select(fd + 1, &r, NULL, NULL, &tv), 0);
	UK_TEST_EXPECT_SNUM_GE(now_ns() - start, 20 * MS);
	UK_TEST_EXPECT(tv.tv_sec == 0 && tv.tv_usec == 0);
	UK_TEST_EXPECT(!FD_ISSET(fd, &r));
	FD_SET(fd, &r);
	UK_TEST_EXPECT_SNUM_EQ(pselect(fd + 1, &r, NULL, NULL, &ts, NULL), 0);
	UK_TEST_EXPECT_ZERO(eventfd_write(fd, 1));
	FD_SET(fd, &r);
	ts.tv_sec = 5;
	/* the system call, which no libc exports as a function */
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_r_pselect6(fd + 1, (long)&r, 0, 0,
						     (long)&ts, 0), 1);
	UK_TEST_EXPECT(ts.tv_sec == 4 || ts.tv_sec == 5);	/* time left */
	UK_TEST_EXPECT_ZERO(close(fd));
}

uk_testsuite_register(posix_event_poll, NULL);
uk_testsuite_register(posix_event_select, NULL);
