/* posix-socket's dispatch, with a made-up family that records its calls. */
#include <errno.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uk/socket.h>
#include <uk/test.h>

/*
 * A family number no header defines and no user is likely to pick (users
 * pick AF_MAX or the first numbers above it): this suite's driver is
 * registered at boot, for good, so it must not take a number a notebook
 * may want for its own driver.
 */
#define AF_TEST		0x7e57

static struct {
	int creates, binds, closes, nonblock;
	int last_type;
} rec;

static int t_init(struct posix_socket_driver *d)
{
	d->private = &rec;
	return 0;
}

static void *t_create(struct posix_socket_driver *d __unused,
		      int family __unused, int type, int protocol)
{
	if (protocol)
		return ERR2PTR(-EPROTONOSUPPORT);
	rec.creates++;
	rec.last_type = type;
	return &rec;
}

static int t_bind(struct posix_socket_file *sock,
		  const struct sockaddr *addr __unused,
		  socklen_t len __unused)
{
	rec.binds += sock->sock_data == &rec && sock->driver->private == &rec;
	return 0;
}

static int t_close(struct posix_socket_file *sock __unused)
{
	rec.closes++;
	return 0;
}

static int t_ioctl(struct posix_socket_file *sock __unused, int request,
		   void *argp)
{
	if (request != FIONBIO)
		return -ENOTTY;
	rec.nonblock = *(int *)argp;
	return 0;
}

static ssize_t t_read(struct posix_socket_file *sock __unused,
		      const struct iovec *iov __unused, int iovcnt __unused)
{
	return 7;
}

static const struct posix_socket_ops test_ops = {
	.init = t_init,
	.create = t_create,
	.bind = t_bind,
	.close = t_close,
	.ioctl = t_ioctl,
	.read = t_read,
};

POSIX_SOCKET_FAMILY_REGISTER(AF_TEST, &test_ops);

UK_TESTCASE(posix_socket, families_are_registered_once)
{
	struct posix_socket_driver again = { .family = AF_TEST,
					     .libname = "test",
					     .ops = &test_ops };
	struct posix_socket_driver *d = posix_socket_driver_get(AF_TEST);

	UK_TEST_ASSERT_NOT_NULL(d);
	UK_TEST_EXPECT_PTR_EQ(d->private, &rec);	/* init ran */
	UK_TEST_EXPECT_NOT_NULL(d->allocator);
	UK_TEST_EXPECT_SNUM_EQ(posix_socket_driver_register(&again), -EEXIST);
	UK_TEST_EXPECT_PTR_EQ(d, &posix_socket_driver_libposix_socket_0x7e57);
	UK_TEST_EXPECT_SNUM_GE(posix_socket_family_count(), 1);
	UK_TEST_EXPECT_NULL(posix_socket_driver_get(45));
}

UK_TESTCASE(posix_socket, unknown_family_and_bad_fds)
{
	int efd = eventfd(0, 0);

	UK_TEST_EXPECT_SNUM_EQ(socket(45, SOCK_STREAM, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAFNOSUPPORT);
	UK_TEST_EXPECT_SNUM_EQ(socketpair(45, SOCK_STREAM, 0, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAFNOSUPPORT);
	UK_TEST_EXPECT_SNUM_EQ(listen(efd + 50, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EBADF);
	UK_TEST_EXPECT_SNUM_EQ(listen(efd, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOTSOCK);
	UK_TEST_EXPECT_PTR_EQ(posix_socket_file_get(efd),
			      ERR2PTR(-ENOTSOCK));
	UK_TEST_EXPECT_PTR_EQ(posix_socket_file_get(efd + 50),
			      ERR2PTR(-EBADF));
	UK_TEST_EXPECT_ZERO(close(efd));
}

UK_TESTCASE(posix_socket, calls_reach_the_driver)
{
	int before = rec.closes, fd, on = 1;
	struct posix_socket_file *s;
	char buf[8];

	fd = socket(AF_TEST, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	UK_TEST_ASSERT_SNUM_GE(fd, 0);
	UK_TEST_EXPECT_SNUM_EQ(rec.last_type, SOCK_DGRAM | SOCK_CLOEXEC);
	UK_TEST_EXPECT_SNUM_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_ZERO(bind(fd, NULL, 0));
	s = posix_socket_file_get(fd);
	UK_TEST_ASSERT(!PTRISERR(s));
	UK_TEST_EXPECT_SNUM_EQ(s->type, SOCK_DGRAM);
	UK_TEST_EXPECT_PTR_EQ(s->sock_data, &rec);
	UK_TEST_EXPECT_ZERO(posix_socket_bind(s, NULL, 0));
	UK_TEST_EXPECT_SNUM_EQ(posix_socket_listen(s, 1), -EOPNOTSUPP);
	vfscore_put_file(s->vfs_file);
	UK_TEST_EXPECT_SNUM_GE(rec.binds, 1);
	UK_TEST_EXPECT_SNUM_EQ(listen(fd, 1), -1);	/* no such op */
	UK_TEST_EXPECT_SNUM_EQ(errno, EOPNOTSUPP);
	UK_TEST_EXPECT_SNUM_EQ(read(fd, buf, sizeof(buf)), 7);
	/* O_NONBLOCK set through fcntl reaches the driver as FIONBIO */
	rec.nonblock = 0;
	UK_TEST_EXPECT_ZERO(fcntl(fd, F_SETFL, O_NONBLOCK));
	UK_TEST_EXPECT_SNUM_EQ(read(fd, buf, sizeof(buf)), 7);
	UK_TEST_EXPECT_SNUM_EQ(rec.nonblock, 1);
	UK_TEST_EXPECT_ZERO(ioctl(fd, FIONBIO, &on));
	UK_TEST_EXPECT_SNUM_EQ(socket(AF_TEST, SOCK_DGRAM, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPROTONOSUPPORT);
	UK_TEST_EXPECT_ZERO(close(fd));
	UK_TEST_EXPECT_SNUM_EQ(rec.closes, before + 1);
}

uk_testsuite_register(posix_socket, NULL);
