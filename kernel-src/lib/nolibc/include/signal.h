/* Signal sets (POSIX.1-2017 <signal.h>): only the type, for the calls that
 * take a signal mask (ppoll, pselect, epoll_pwait). There are no signals. */
#ifndef __NOLIBC_SIGNAL_H__
#define __NOLIBC_SIGNAL_H__

/* 64 signals, the size Linux's system calls expect (sigsetsize 8). */
typedef struct {
	unsigned long __bits[1];
} sigset_t;

#endif /* __NOLIBC_SIGNAL_H__ */
