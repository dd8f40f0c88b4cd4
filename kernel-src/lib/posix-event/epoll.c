/* epoll: an eventpoll behind an fd. */
#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/syscall.h>
#include <vfscore/eventpoll.h>
#include <vfscore/file.h>

static int epoll_close(struct vfscore_file *fp)
{
	struct eventpoll *ep = fp->f_data;

	eventpoll_fini(ep);
	uk_free(ep->a, ep);
	return 0;
}

/* No poll operation: an epoll fd cannot be watched (no nesting). */
static const struct vfscore_file_ops epoll_ops = {
	.name = "epoll",
	.close = epoll_close,
};

static int do_epoll_create(int flags)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct vfscore_file *fp;
	struct eventpoll *ep;
	int fd;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	ep = uk_malloc(a, sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	eventpoll_init(ep, a);
	fp = vfscore_file_alloc(&epoll_ops, ep, O_RDWR);
	if (!fp) {
		uk_free(a, ep);
		return -ENOMEM;
	}
	fd = vfscore_install_file(fp, 0,
				  (flags & EPOLL_CLOEXEC) ? FD_CLOEXEC : 0);
	if (fd < 0)
		vfscore_put_file(fp);
	return fd;
}

UK_SYSCALL_R_DEFINE(int, epoll_create1, int, flags)
{
	return do_epoll_create(flags);
}

UK_SYSCALL_R_DEFINE(int, epoll_create, int, size)
{
	if (size <= 0)
		return -EINVAL;
	return do_epoll_create(0);
}

/* The eventpoll of an epoll fd, with a reference to its file in *fpp. */
static struct eventpoll *epoll_get(int epfd, struct vfscore_file **fpp,
				   int *err)
{
	struct vfscore_file *fp = vfscore_get_file(epfd);

	if (!fp) {
		*err = -EBADF;
		return NULL;
	}
	if (fp->f_op != &epoll_ops) {
		vfscore_put_file(fp);
		*err = -EINVAL;
		return NULL;
	}
	*fpp = fp;
	return fp->f_data;
}

static int ctl(struct eventpoll *ep, int op, int fd, struct vfscore_file *fp,
	       const struct epoll_event *event)
{
	if (op != EPOLL_CTL_DEL && !event)
		return -EFAULT;
	switch (op) {
	case EPOLL_CTL_ADD:
		return eventpoll_add(ep, fd, fp, event);
	case EPOLL_CTL_MOD:
		return eventpoll_mod(ep, fd, event);
	case EPOLL_CTL_DEL:
		return eventpoll_del(ep, fd);
	default:
		return -EINVAL;
	}
}

static int do_epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
{
	struct vfscore_file *epfp, *fp;
	struct eventpoll *ep;
	int rc = 0;

	ep = epoll_get(epfd, &epfp, &rc);
	if (!ep)
		return rc;
	fp = vfscore_get_file(fd);
	if (!fp)
		rc = -EBADF;
	else if (fp == epfp)
		rc = -EINVAL;
	else
		rc = ctl(ep, op, fd, fp, event);
	if (fp)
		vfscore_put_file(fp);
	vfscore_put_file(epfp);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, epoll_ctl, int, epfd, int, op, int, fd,
		    struct epoll_event *, event)
{
	return do_epoll_ctl(epfd, op, fd, event);
}

static int do_epoll_wait(int epfd, struct epoll_event *events,
			 int maxevents, int timeout)
{
	__nsec ns = (__nsec)timeout * 1000000ULL;
	struct vfscore_file *fp;
	struct eventpoll *ep;
	int rc = 0;

	if (maxevents <= 0)
		return -EINVAL;
	if (!events)
		return -EFAULT;
	ep = epoll_get(epfd, &fp, &rc);
	if (!ep)
		return rc;
	rc = eventpoll_wait(ep, events, maxevents, timeout < 0 ? NULL : &ns);
	vfscore_put_file(fp);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, epoll_wait, int, epfd, struct epoll_event *,
		    events, int, maxevents, int, timeout)
{
	return do_epoll_wait(epfd, events, maxevents, timeout);
}

UK_LLSYSCALL_R_DEFINE(int, epoll_pwait, int, epfd, struct epoll_event *,
		      events, int, maxevents, int, timeout, const sigset_t *,
		      sigmask, size_t, sigsetsize)
{
	(void)sigsetsize;
	if (sigmask)
		uk_pr_warn_once("epoll_pwait: signal mask ignored\n");
	return do_epoll_wait(epfd, events, maxevents, timeout);
}

#if UK_LIBC_SYSCALLS
int epoll_pwait(int epfd, struct epoll_event *events, int maxevents,
		int timeout, const sigset_t *sigmask)
{
	return (int)uk_syscall_errno(uk_syscall6_r(__NR_epoll_pwait, epfd,
						   (long)events, maxevents,
						   timeout, (long)sigmask, 8));
}
#endif
