/* Socket fds: a vfscore file whose operations go to the family's driver. */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <uk/socket.h>
#include "socket_impl.h"

/* Tells the driver about an O_NONBLOCK change made through fcntl/ioctl. */
void psock_sync_nonblock(struct posix_socket_file *s)
{
	int on = !!(s->vfs_file->f_flags & O_NONBLOCK);

	if (on == s->nonblock || !s->driver->ops->ioctl)
		return;
	if (!posix_socket_ioctl(s, FIONBIO, &on))
		s->nonblock = on;
}

static ssize_t psock_read(struct vfscore_file *fp, const struct iovec *iov,
			  int iovcnt)
{
	struct posix_socket_file *s = fp->f_data;

	psock_sync_nonblock(s);
	return posix_socket_read(s, iov, iovcnt);
}

static ssize_t psock_write(struct vfscore_file *fp, const struct iovec *iov,
			   int iovcnt)
{
	struct posix_socket_file *s = fp->f_data;

	psock_sync_nonblock(s);
	return posix_socket_write(s, iov, iovcnt);
}

static int psock_close(struct vfscore_file *fp)
{
	struct posix_socket_file *s = fp->f_data;
	int rc = posix_socket_close(s);

	uk_free(s->driver->allocator, s);
	return rc;
}

static int psock_ioctl(struct vfscore_file *fp, unsigned long request,
		       void *argp)
{
	return posix_socket_ioctl(fp->f_data, (int)request, argp);
}

static int psock_poll(struct vfscore_file *fp, unsigned int *revents,
		      struct eventpoll_cb *ecb)
{
	return posix_socket_poll(fp->f_data, revents, ecb);
}

const struct vfscore_file_ops posix_socket_file_ops = {
	.name = "socket",
	.read = psock_read,
	.write = psock_write,
	.close = psock_close,
	.ioctl = psock_ioctl,
	.poll = psock_poll,
};

/* On failure the socket is the caller's to close. */
int posix_socket_alloc_fd(struct posix_socket_driver *d, int type,
			  void *sock_data)
{
	struct posix_socket_file *s;
	struct vfscore_file *fp;
	int fd;

	s = uk_zalloc(d->allocator, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->sock_data = sock_data;
	s->type = type & SOCK_TYPE_MASK;
	s->driver = d;
	s->nonblock = !!(type & SOCK_NONBLOCK);
	fp = vfscore_file_alloc(&posix_socket_file_ops, s,
				O_RDWR | (type & SOCK_NONBLOCK));
	if (!fp) {
		uk_free(d->allocator, s);
		return -ENOMEM;
	}
	s->vfs_file = fp;
	fd = vfscore_install_file(fp, 0,
				  (type & SOCK_CLOEXEC) ? FD_CLOEXEC : 0);
	if (fd < 0) {	/* nothing to close yet: free both quietly */
		uk_free(d->allocator, s);
		uk_free(uk_alloc_get_default(), fp);
	}
	return fd;
}

struct posix_socket_file *posix_socket_file_get(int sock_fd)
{
	struct vfscore_file *fp = vfscore_get_file(sock_fd);

	if (!fp)
		return ERR2PTR(-EBADF);
	if (fp->f_op != &posix_socket_file_ops) {
		vfscore_put_file(fp);
		return ERR2PTR(-ENOTSOCK);
	}
	return fp->f_data;
}

void psock_close_unfiled(struct posix_socket_driver *d, int type,
			 void *sock_data)
{
	struct posix_socket_file tmp = {
		.sock_data = sock_data,
		.type = type & SOCK_TYPE_MASK,
		.driver = d,
	};

	posix_socket_close(&tmp);
}
