/* fds, open files, dup/fcntl/ioctl and the console fds. */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>
#include <uk/test.h>
#include <vfscore/file.h>

UK_TESTCASE(vfscore, bad_fds_are_ebadf)
{
	char c;
	int bad[] = { -1, FDTABLE_MAX_FILES, FDTABLE_MAX_FILES - 1 };
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		UK_TEST_EXPECT_SNUM_EQ(read(bad[i], &c, 1), -1);
		UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
		UK_TEST_EXPECT_SNUM_EQ(write(bad[i], &c, 1), -1);
		UK_TEST_EXPECT_SNUM_EQ(close(bad[i]), -1);
		UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
		UK_TEST_EXPECT_SNUM_EQ(dup(bad[i]), -1);
		UK_TEST_EXPECT_SNUM_EQ(fcntl(bad[i], F_GETFL), -1);
		UK_TEST_EXPECT_SNUM_EQ(ioctl(bad[i], FIONREAD, &c), -1);
		UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	}
}

UK_TESTCASE(vfscore, console_fds)
{
	struct iovec iov[2] = { { "vfscore: ", 9 }, { "console ok\n", 11 } };
	char c;

	UK_TEST_EXPECT_SNUM_EQ(write(STDOUT_FILENO, "", 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(writev(STDOUT_FILENO, iov, 2), 20);
	UK_TEST_EXPECT_SNUM_EQ(read(STDIN_FILENO, &c, 1), 0);
	/* access modes: stdin is read-only, stdout write-only */
	UK_TEST_EXPECT_SNUM_EQ(write(STDIN_FILENO, "x", 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	UK_TEST_EXPECT_SNUM_EQ(read(STDOUT_FILENO, &c, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(STDOUT_FILENO, F_GETFL) & O_ACCMODE,
			       O_WRONLY);
	UK_TEST_EXPECT_SNUM_EQ(writev(STDOUT_FILENO, iov, -1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}

UK_TESTCASE(vfscore, dup_takes_the_lowest_free_fd)
{
	int a, b;

	a = dup(STDOUT_FILENO);
	UK_TEST_ASSERT_SNUM_GE(a, 3);
	b = dup(STDOUT_FILENO);
	UK_TEST_EXPECT_SNUM_EQ(b, a + 1);
	UK_TEST_EXPECT_ZERO(close(a));
	UK_TEST_EXPECT_SNUM_EQ(dup(b), a);
	UK_TEST_EXPECT_ZERO(close(a));
	UK_TEST_EXPECT_ZERO(close(b));
	UK_TEST_EXPECT_SNUM_EQ(close(b), -1);	/* twice */
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
}

UK_TESTCASE(vfscore, dup2_and_dup3)
{
	int a = dup(STDOUT_FILENO), target = 100;

	UK_TEST_ASSERT_SNUM_GE(a, 3);
	UK_TEST_EXPECT_SNUM_EQ(dup2(a, a), a);
	UK_TEST_EXPECT_SNUM_EQ(dup3(a, a, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(dup2(a, target), target);
	UK_TEST_EXPECT_SNUM_EQ(write(target, "", 0), 0);
	/* over an open fd: it is closed first */
	UK_TEST_EXPECT_SNUM_EQ(dup2(STDIN_FILENO, target), target);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(target, F_GETFL) & O_ACCMODE, O_RDONLY);
	UK_TEST_EXPECT_SNUM_EQ(dup3(a, target, O_CLOEXEC), target);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(target, F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_SNUM_EQ(dup3(a, target, O_NONBLOCK), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(dup2(a, -1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	UK_TEST_EXPECT_SNUM_EQ(dup2(a, FDTABLE_MAX_FILES), -1);
	UK_TEST_EXPECT_SNUM_EQ(dup2(FDTABLE_MAX_FILES - 1, target), -1);
	UK_TEST_EXPECT_ZERO(close(target));
	UK_TEST_EXPECT_ZERO(close(a));
}

UK_TESTCASE(vfscore, fcntl_fd_and_status_flags)
{
	int a = dup(STDOUT_FILENO), b, c;

	UK_TEST_ASSERT_SNUM_GE(a, 3);
	b = dup(a);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(a, F_GETFD), 0);
	UK_TEST_EXPECT_ZERO(fcntl(a, F_SETFD, FD_CLOEXEC));
	UK_TEST_EXPECT_SNUM_EQ(fcntl(a, F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(b, F_GETFD), 0);	/* per fd */
	/* status flags belong to the open file: dups share them */
	UK_TEST_EXPECT_ZERO(fcntl(a, F_SETFL, O_NONBLOCK | O_RDONLY));
	UK_TEST_EXPECT_SNUM_EQ(fcntl(b, F_GETFL), O_NONBLOCK | O_WRONLY);
	UK_TEST_EXPECT_ZERO(fcntl(b, F_SETFL, 0));
	UK_TEST_EXPECT_SNUM_EQ(fcntl(a, F_GETFL), O_WRONLY);
	c = fcntl(a, F_DUPFD, 50);
	UK_TEST_EXPECT_SNUM_GE(c, 50);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(c, F_GETFD), 0);
	UK_TEST_EXPECT_ZERO(close(c));
	c = fcntl(a, F_DUPFD_CLOEXEC, 50);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(c, F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_ZERO(close(c));
	UK_TEST_EXPECT_SNUM_EQ(fcntl(a, F_DUPFD, -1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(a, 12345), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_ZERO(close(a));
	UK_TEST_EXPECT_ZERO(close(b));
}

UK_TESTCASE(vfscore, ioctl_fionbio_and_unknown_requests)
{
	int a = dup(STDOUT_FILENO), on = 1, off = 0;

	UK_TEST_ASSERT_SNUM_GE(a, 3);
	UK_TEST_EXPECT_ZERO(ioctl(a, FIONBIO, &on));
	UK_TEST_EXPECT(fcntl(a, F_GETFL) & O_NONBLOCK);
	UK_TEST_EXPECT_ZERO(ioctl(a, FIONBIO, &off));
	UK_TEST_EXPECT(!(fcntl(a, F_GETFL) & O_NONBLOCK));
	UK_TEST_EXPECT_SNUM_EQ(ioctl(a, 0x1234, &on), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOTTY);
	UK_TEST_EXPECT_ZERO(close(a));
}

UK_TESTCASE(vfscore, the_table_runs_full)
{
	int first = dup(STDOUT_FILENO), fd = first, last = first;

	UK_TEST_ASSERT_SNUM_GE(first, 3);
	while (fd >= 0) {
		last = fd;
		fd = dup(STDOUT_FILENO);
	}
	UK_TEST_EXPECT_SNUM_EQ(errno, EMFILE);
	UK_TEST_EXPECT_SNUM_EQ(last, FDTABLE_MAX_FILES - 1);
	for (fd = first; fd <= last; fd++)
		close(fd);
	UK_TEST_EXPECT_SNUM_EQ(vfscore_fdtable.nr_open, 3);
}

uk_testsuite_register(vfscore, NULL);
