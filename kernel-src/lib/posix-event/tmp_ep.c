/* Short-lived eventpolls for poll() and select(). */
#include <errno.h>
#include <time.h>
#include <uk/alloc.h>
#include "tmp_ep.h"

static void tmp_ep_destroy(struct tmp_ep *t)
{
	eventpoll_fini(&t->ep);
	uk_free(t->ep.a, t);
}

static void tmp_ep_abandoned(struct uk_thread_cleanup *c)
{
	tmp_ep_destroy(__containerof(c, struct tmp_ep, cleanup));
}

struct tmp_ep *tmp_ep_new(unsigned long nevents)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct tmp_ep *t;

	t = uk_malloc(a, sizeof(*t) + nevents * sizeof(t->events[0]));
	if (!t)
		return NULL;
	eventpoll_init(&t->ep, a);
	t->cleanup.fn = tmp_ep_abandoned;
	uk_thread_cleanup_push(&t->cleanup);
	return t;
}

void tmp_ep_free(struct tmp_ep *t)
{
	uk_thread_cleanup_pop(&t->cleanup);
	tmp_ep_destroy(t);
}

int tmp_ep_watch(struct tmp_ep *t, int fd, unsigned int events, __u64 data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };
	struct vfscore_file *fp = vfscore_get_file(fd);
	struct eventpoll_fd *efd;

	if (!fp)
		return -EBADF;
	efd = uk_malloc(t->ep.a, sizeof(*efd));
	if (efd) {
		eventpoll_fd_init(efd, fp, fd, &ev);
		eventpoll_add_unsafe(&t->ep, efd);
	}
	/* the entry holds no reference: a close removes it (as epoll) */
	vfscore_put_file(fp);
	return efd ? 0 : -ENOMEM;
}

int tmp_ep_timespec(const struct timespec *ts, __nsec *ns,
		    const __nsec **timeout)
{
	*timeout = NULL;
	if (!ts)
		return 0;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L)
		return -EINVAL;
	*ns = (__nsec)ts->tv_sec * 1000000000ULL + (__nsec)ts->tv_nsec;
	*timeout = ns;
	return 0;
}
