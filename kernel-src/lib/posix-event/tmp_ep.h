/* A short-lived eventpoll for one poll() or select() call. */
#ifndef __POSIX_EVENT_TMP_EP_H__
#define __POSIX_EVENT_TMP_EP_H__

#include <sys/epoll.h>
#include <uk/thread.h>
#include <vfscore/eventpoll.h>

/*
 * It lives on the heap, not the stack, and is known to the running thread
 * as a cleanup record: if the host abandons the call, it is still freed
 * and the files forget it (ukrepl_call_abandoned()).
 */
struct tmp_ep {
	struct eventpoll ep;
	struct uk_thread_cleanup cleanup;
	struct epoll_event events[];	/* room for one per watched fd */
};

/* NULL when out of memory. */
struct tmp_ep *tmp_ep_new(unsigned long nevents);
void tmp_ep_free(struct tmp_ep *t);
/* Watches fd with `events` (EPOLL* bits) and `data`: 0, -EBADF or
 * -ENOMEM. */
int tmp_ep_watch(struct tmp_ep *t, int fd, unsigned int events,
		 __u64 data);

/* A relative timeout from a timespec: 0 and *ns, NULL for none (NULL
 * timespec), or -EINVAL. */
int tmp_ep_timespec(const struct timespec *ts, __nsec *ns,
		    const __nsec **timeout);

#endif /* __POSIX_EVENT_TMP_EP_H__ */
