/* eventfd: counting, semaphore mode, limits, blocking and flags. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include <uk/syscall.h>
#include <uk/test.h>

UK_SYSCALL_R_PROTO(2, eventfd2);
#include "helpers.h"

UK_TESTCASE(posix_event_eventfd, read_takes_the_whole_count)
{
	int fd = eventfd(5, 0);
	eventfd_t v = 0;

	UK_TEST_ASSERT_SNUM_GE(fd, 0);
	UK_TEST_EXPECT_ZERO(eventfd_write(fd, 2));
	UK_TEST_EXPECT_SNUM_EQ(read(fd, &v, sizeof(v)), 8);
	UK_TEST_EXPECT_SNUM_EQ(v, 7);
	UK_TEST_EXPECT_ZERO(fcntl(fd, F_SETFL, O_NONBLOCK));
	UK_TEST_EXPECT_SNUM_EQ(read(fd, &v, sizeof(v)), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	UK_TEST_EXPECT_ZERO(close(fd));
}

UK_TESTCASE(posix_event_eventfd, semaphore_mode_counts_down_by_one)
{
	int fd = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	eventfd_t v = 0;

	UK_TEST_ASSERT_SNUM_GE(fd, 0);
	UK_TEST_EXPECT_ZERO(eventfd_read(fd, &v));
	UK_TEST_EXPECT_SNUM_EQ(v, 1);
	UK_TEST_EXPECT_ZERO(eventfd_read(fd, &v));
	UK_TEST_EXPECT_SNUM_EQ(v, 1);
	UK_TEST_EXPECT_SNUM_EQ(eventfd_read(fd, &v), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	UK_TEST_EXPECT_ZERO(close(fd));
}

UK_TESTCASE(posix_event_eventfd, flags_and_sizes)
{
	eventfd_t v = 1;
	char small[4];
	int fd;

	UK_TEST_EXPECT_SNUM_EQ(eventfd(0, 0x40), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	/* the system call (a libc's eventfd makes it) */
	fd = uk_syscall_r_eventfd2(0, EFD_CLOEXEC | EFD_NONBLOCK);
	UK_TEST_ASSERT_SNUM_GE(fd, 0);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(fd, F_GETFL), O_RDWR | O_NONBLOCK);
	UK_TEST_EXPECT_SNUM_EQ(read(fd, small, sizeof(small)), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(write(fd, small, sizeof(small)), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	v = ~0ULL;
	UK_TEST_EXPECT_SNUM_EQ(write(fd, &v, sizeof(v)), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	/* a write of 0 changes nothing but succeeds */
	UK_TEST_EXPECT_ZERO(eventfd_write(fd, 0));
	UK_TEST_EXPECT_SNUM_EQ(eventfd_read(fd, &v), -1);
	UK_TEST_EXPECT_ZERO(close(fd));
}

UK_TESTCASE(posix_event_eventfd, overflow_waits_or_fails_with_eagain)
{
	int fd = eventfd(0, EFD_NONBLOCK);
	struct pollfd p = { .events = POLLIN | POLLOUT };
	eventfd_t v;

	UK_TEST_ASSERT_SNUM_GE(fd, 0);
	p.fd = fd;
	UK_TEST_EXPECT_ZERO(eventfd_write(fd, 0xfffffffffffffffdULL));
	UK_TEST_EXPECT_ZERO(eventfd_write(fd, 1));	/* now at the maximum */
	UK_TEST_EXPECT_SNUM_EQ(eventfd_write(fd, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	UK_TEST_EXPECT_SNUM_EQ(poll(&p, 1, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(p.revents, POLLIN);	/* not writable */
	UK_TEST_EXPECT_ZERO(eventfd_read(fd, &v));
	UK_TEST_EXPECT(v == 0xfffffffffffffffeULL);
	UK_TEST_EXPECT_SNUM_EQ(poll(&p, 1, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(p.revents, POLLOUT);
	UK_TEST_EXPECT_ZERO(close(fd));
}

UK_TESTCASE(posix_event_eventfd, a_blocking_read_waits_for_a_writer)
{
	struct later_write w = { .delay_ms = 10, .value = 42 };
	struct uk_thread *t;
	__nsec start;
	eventfd_t v = 0;

	w.fd = eventfd(0, 0);
	UK_TEST_ASSERT_SNUM_GE(w.fd, 0);
	t = write_later(&w);
	UK_TEST_ASSERT_NOT_NULL(t);
	start = now_ns();
	UK_TEST_EXPECT_ZERO(eventfd_read(w.fd, &v));
	UK_TEST_EXPECT_SNUM_GE(now_ns() - start, 5 * MS);
	UK_TEST_EXPECT_SNUM_EQ(v, 42);
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t));
	UK_TEST_EXPECT_ZERO(close(w.fd));
}

uk_testsuite_register(posix_event_eventfd, NULL);
