/* select, pselect and pselect6, through a short-lived eventpoll. */
#include <errno.h>
#include <string.h>
#include <sys/select.h>
#include <uk/print.h>
#include <uk/syscall.h>
#include <uk/plat/time.h>
#include <vfscore/file.h>
#include "tmp_ep.h"

/* What makes an fd count as ready in each set (as Linux maps it). */
#define READ_SET	(EPOLLIN | EPOLLRDNORM | EPOLLRDBAND | EPOLLHUP | EPOLLERR)
#define WRITE_SET	(EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND | EPOLLERR)
#define EXCEPT_SET	(EPOLLPRI)

struct fdsets {
	fd_set *r, *w, *e;
};

static int in(const fd_set *s, int fd)
{
	return s && FD_ISSET(fd, s);
}

static unsigned int wanted(const struct fdsets *s, int fd)
{
	return (in(s->r, fd) ? READ_SET : 0) |
	       (in(s->w, fd) ? WRITE_SET : 0) |
	       (in(s->e, fd) ? EXCEPT_SET : 0);
}

/* Every fd of the sets must be open (else EBADF, as select says). */
static int watch_all(struct tmp_ep *t, int nfds, const struct fdsets *s)
{
	unsigned int events;
	int fd, rc;

	for (fd = 0; fd < nfds; fd++) {
		events = wanted(s, fd);
		if (!events)
			continue;
		rc = tmp_ep_watch(t, fd, events, (__u64)fd);
		if (rc)
			return rc;
	}
	return 0;
}

/* Sets fd in each set that asked for one of `revents`; returns how many
 * bits it set (select counts an fd once per set). */
static int mark(const struct fdsets *want, const struct fdsets *got,
		int fd, unsigned int revents)
{
	int n = 0;

	if (in(want->r, fd) && (revents & READ_SET)) {
		FD_SET(fd, got->r);
		n++;
	}
	if (in(want->w, fd) && (revents & WRITE_SET)) {
		FD_SET(fd, got->w);
		n++;
	}
	if (in(want->e, fd) && (revents & EXCEPT_SET)) {
		FD_SET(fd, got->e);
		n++;
	}
	return n;
}

static int do_select(int nfds, struct fdsets *s, const __nsec *timeout)
{
	fd_set want_r, want_w, want_e;
	struct fdsets want = { NULL, NULL, NULL };
	struct tmp_ep *t;
	int rc, n, i, bits = 0;

	if (nfds < 0 || nfds > FD_SETSIZE)
		return -EINVAL;
	/* the sets are both what is asked and, on return, the answer */
	if (s->r)
		want.r = memcpy(&want_r, s->r, sizeof(fd_set));
	if (s->w)
		want.w = memcpy(&want_w, s->w, sizeof(fd_set));
	if (s->e)
		want.e = memcpy(&want_e, s->e, sizeof(fd_set));
	t = tmp_ep_new(nfds);
	if (!t)
		return -ENOMEM;
	rc = watch_all(t, nfds, &want);
	if (rc) {
		tmp_ep_free(t);
		return rc;
	}
	n = eventpoll_wait(&t->ep, t->events, nfds, timeout);
	for (i = 0; s->r && i < nfds; i++)
		FD_CLR(i, s->r);
	for (i = 0; s->w && i < nfds; i++)
		FD_CLR(i, s->w);
	for (i = 0; s->e && i < nfds; i++)
		FD_CLR(i, s->e);
	for (i = 0; i < n; i++)
		bits += mark(&want, s, (int)t->events[i].data.u64,
			     t->events[i].events);
	tmp_ep_free(t);
	return bits;
}

/* Runs do_select and tells how much of the timeout is left. */
static int timed_select(int nfds, struct fdsets *s, const __nsec *timeout,
			__nsec *left)
{
	__nsec start = ukplat_monotonic_clock(), used;
	int rc = do_select(nfds, s, timeout);

	if (timeout) {
		used = ukplat_monotonic_clock() - start;
		*left = used < *timeout ? *timeout - used : 0;
	}
	return rc;
}

UK_SYSCALL_R_DEFINE(int, select, int, nfds, fd_set *, readfds, fd_set *,
		    writefds, fd_set *, exceptfds, struct timeval *, tv)
{
	struct fdsets s = { readfds, writefds, exceptfds };
	__nsec ns = 0, left = 0;
	int rc;

	if (tv) {
		if (tv->tv_sec < 0 || tv->tv_usec < 0 ||
		    tv->tv_usec >= 1000000)
			return -EINVAL;
		ns = (__nsec)tv->tv_sec * 1000000000ULL +
		     (__nsec)tv->tv_usec * 1000ULL;
	}
	rc = timed_select(nfds, &s, tv ? &ns : NULL, &left);
	if (tv && rc >= 0) {
		tv->tv_sec = (time_t)(left / 1000000000ULL);
		tv->tv_usec = (suseconds_t)(left % 1000000000ULL / 1000);
	}
	return rc;
}

/* pselect and pselect6: a timespec timeout (NULL: for ever). */
static int timespec_select(int nfds, fd_set *readfds, fd_set *writefds,
			   fd_set *exceptfds, const struct timespec *ts,
			   __nsec *left)
{
	struct fdsets s = { readfds, writefds, exceptfds };
	const __nsec *timeout;
	__nsec ns;
	int rc = tmp_ep_timespec(ts, &ns, &timeout);

	return rc ? rc : timed_select(nfds, &s, timeout, left);
}

#if UK_LIBC_SYSCALLS
int pselect(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
	    const struct timespec *ts, const sigset_t *sigmask)
{
	__nsec left = 0;

	if (sigmask)
		uk_pr_warn_once("pselect: signal mask ignored\n");
	return (int)uk_syscall_errno(timespec_select(nfds, readfds, writefds,
						     exceptfds, ts, &left));
}
#endif

/* The system call's form: it writes the time left back, as select does. */
UK_SYSCALL_R_DEFINE(int, pselect6, int, nfds, fd_set *, readfds, fd_set *,
		    writefds, fd_set *, exceptfds, struct timespec *, ts,
		    const void *, sig)
{
	__nsec left = 0;
	int rc;

	if (sig)
		uk_pr_warn_once("pselect6: signal mask ignored\n");
	rc = timespec_select(nfds, readfds, writefds, exceptfds, ts, &left);
	if (ts && rc >= 0) {
		ts->tv_sec = (time_t)(left / 1000000000ULL);
		ts->tv_nsec = (long)(left % 1000000000ULL);
	}
	return rc;
}
