/* poll (POSIX.1-2017 <poll.h>), Linux values: equal to the EPOLL* bits. */
#ifndef __POLL_H__
#define __POLL_H__

#include <signal.h>
#include <time.h>

#define POLLIN		0x001
#define POLLPRI		0x002
#define POLLOUT		0x004
#define POLLERR		0x008
#define POLLHUP		0x010
#define POLLNVAL	0x020
#define POLLRDNORM	0x040
#define POLLRDBAND	0x080
#define POLLWRNORM	0x100
#define POLLWRBAND	0x200
#define POLLRDHUP	0x2000

typedef unsigned long nfds_t;

struct pollfd {
	int fd;
	short events;
	short revents;
};

/* timeout in ms; negative waits for ever. */
int poll(struct pollfd *fds, nfds_t nfds, int timeout);
/* NULL tmo waits for ever; the signal mask is ignored (no signals). */
int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *tmo,
	  const sigset_t *sigmask);

#endif /* __POLL_H__ */
