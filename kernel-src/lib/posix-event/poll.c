/* poll and ppoll on any kind of fd, through a short-lived eventpoll. */
#include <errno.h>
#include <poll.h>
#include <uk/print.h>
#include <uk/syscall.h>
#include <vfscore/file.h>
#include "tmp_ep.h"

/* Watches every entry; an fd that is not open gets POLLNVAL at once (as
 * Linux does) and counts. Returns that count, or -ENOMEM. */
static int watch_all(struct tmp_ep *t, struct pollfd *fds, nfds_t nfds)
{
	int invalid = 0, rc;
	nfds_t i;

	for (i = 0; i < nfds; i++) {
		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		rc = tmp_ep_watch(t, fds[i].fd, (unsigned short)fds[i].events,
				  i);
		if (rc == -EBADF) {
			fds[i].revents = POLLNVAL;
			invalid++;
		} else if (rc) {
			return rc;
		}
	}
	return invalid;
}

static int do_poll(struct pollfd *fds, nfds_t nfds, const __nsec *timeout)
{
	static const __nsec no_wait;
	struct tmp_ep *t;
	int invalid, n, i;

	if (nfds > FDTABLE_MAX_FILES)
		return -EINVAL;
	if (nfds && !fds)
		return -EFAULT;
	t = tmp_ep_new(nfds);
	if (!t)
		return -ENOMEM;
	invalid = watch_all(t, fds, nfds);
	if (invalid < 0) {
		tmp_ep_free(t);
		return invalid;
	}
	n = eventpoll_wait(&t->ep, t->events, (int)nfds,
			   invalid ? &no_wait : timeout);
	for (i = 0; i < n; i++)
		fds[t->events[i].data.u64].revents = (short)t->events[i].events;
	tmp_ep_free(t);
	return invalid + n;
}

UK_SYSCALL_R_DEFINE(int, poll, struct pollfd *, fds, nfds_t, nfds, int,
		    timeout)
{
	__nsec ns = (__nsec)timeout * 1000000ULL;

	return do_poll(fds, nfds, timeout < 0 ? NULL : &ns);
}

UK_LLSYSCALL_R_DEFINE(int, ppoll, struct pollfd *, fds, nfds_t, nfds,
		      const struct timespec *, tmo, const sigset_t *, sigmask,
		      size_t, sigsetsize)
{
	const __nsec *timeout;
	__nsec ns;
	int rc;

	(void)sigsetsize;
	if (sigmask)
		uk_pr_warn_once("ppoll: signal mask ignored\n");
	rc = tmp_ep_timespec(tmo, &ns, &timeout);
	return rc ? rc : do_poll(fds, nfds, timeout);
}

#if UK_LIBC_SYSCALLS
int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *tmo,
	  const sigset_t *sigmask)
{
	return (int)uk_syscall_errno(uk_syscall6_r(__NR_ppoll, (long)fds,
						   (long)nfds, (long)tmo,
						   (long)sigmask, 8, 0));
}
#endif
