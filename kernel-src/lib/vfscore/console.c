/* fds 0, 1 and 2: the console. Writes go to the kernel console (COM1),
 * reads see end of file: nothing is ever typed. */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/epoll.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/console.h>
#include <vfscore/eventpoll.h>
#include <vfscore/file.h>

static ssize_t console_read(struct vfscore_file *fp __unused,
			    const struct iovec *iov __unused,
			    int iovcnt __unused)
{
	return 0;
}

/* Under the console lock, so that one write is one piece of output. */
static ssize_t console_write(struct vfscore_file *fp __unused,
			     const struct iovec *iov, int iovcnt)
{
	unsigned long irqf = ukplat_console_lock();
	ssize_t total = 0;
	int i;

	for (i = 0; i < iovcnt; i++) {
		ukplat_coutk(iov[i].iov_base, iov[i].iov_len);
		total += iov[i].iov_len;
	}
	ukplat_console_unlock(irqf);
	return total;
}

/* A terminal (isatty() asks this; a libc then buffers by line) of the
 * classic size: nothing tells us the real one. */
static int console_ioctl(struct vfscore_file *fp __unused,
			 unsigned long request, void *argp)
{
	struct winsize *ws = argp;

	if (request != TIOCGWINSZ)
		return -ENOTTY;
	if (!ws)
		return -EFAULT;
	ws->ws_row = 24;
	ws->ws_col = 80;
	ws->ws_xpixel = ws->ws_ypixel = 0;
	return 0;
}

/* Always ready: reads end at once, writes never wait. Nothing changes, so
 * callbacks are never signalled and need no registration. */
static int console_poll(struct vfscore_file *fp __unused,
			unsigned int *revents,
			struct eventpoll_cb *ecb __unused)
{
	*revents = EPOLLIN | EPOLLRDNORM | EPOLLOUT | EPOLLWRNORM;
	return 0;
}

static const struct vfscore_file_ops console_ops = {
	.name = "console",
	.read = console_read,
	.write = console_write,
	.ioctl = console_ioctl,
	.poll = console_poll,
};

static int console_fds_init(void)
{
	static const int mode[3] = { O_RDONLY, O_WRONLY, O_WRONLY };
	struct vfscore_file *fp;
	int fd;

	for (fd = 0; fd < 3; fd++) {
		fp = vfscore_file_alloc(&console_ops, NULL, mode[fd]);
		if (!fp || vfscore_install_file(fp, fd, 0) != fd)
			return -1;
	}
	return 0;
}
/* early: a libc's printf writes to fd 1 (musl: a writev through the shim) */
uk_early_initcall_prio(console_fds_init, 1);
