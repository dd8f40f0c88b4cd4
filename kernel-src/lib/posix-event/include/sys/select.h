/* select (POSIX.1-2017 <sys/select.h>): fd sets of FD_SETSIZE bits. */
#ifndef __SYS_SELECT_H__
#define __SYS_SELECT_H__

#include <signal.h>
#include <time.h>
#include <sys/time.h>

#define FD_SETSIZE	1024
#define __NFDBITS	(8 * (int)sizeof(unsigned long))

typedef struct {
	unsigned long fds_bits[FD_SETSIZE / (8 * sizeof(unsigned long))];
} fd_set;

#define FD_ZERO(s)	__builtin_memset((s), 0, sizeof(fd_set))
#define FD_SET(d, s)	((s)->fds_bits[(d) / __NFDBITS] |= (1UL << ((d) % __NFDBITS)))
#define FD_CLR(d, s)	((s)->fds_bits[(d) / __NFDBITS] &= ~(1UL << ((d) % __NFDBITS)))
#define FD_ISSET(d, s)	(!!((s)->fds_bits[(d) / __NFDBITS] & (1UL << ((d) % __NFDBITS))))

/* timeout NULL waits for ever; select() writes the time left back. */
int select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
	   struct timeval *timeout);
int pselect(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
	    const struct timespec *timeout, const sigset_t *sigmask);
/* The system call's form: the sixth argument points at {sigmask, size}
 * (ignored), and the time left is written back. */
int pselect6(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
	     struct timespec *timeout, const void *sig);

#endif /* __SYS_SELECT_H__ */
