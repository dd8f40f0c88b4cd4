/*
 * Signals (POSIX.1-2017 <signal.h>) with Linux's x86_64 numbers, flags and
 * record layouts (siginfo_t is Linux's 128 bytes, struct sigevent its 64):
 * lib/uksignal serves the calls, lib/uktime's timers send signals.
 */
#ifndef __NOLIBC_SIGNAL_H__
#define __NOLIBC_SIGNAL_H__

#include <sys/types.h>

struct timespec;

/* 64 signals, the size Linux's system calls expect (sigsetsize 8). */
typedef struct {
	unsigned long __bits[1];
} sigset_t;

typedef int sig_atomic_t;

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGIOT		SIGABRT
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPOLL		SIGIO
#define SIGPWR		30
#define SIGSYS		31
/* Real-time signals: no libc threads library reserves any here. */
#define SIGRTMIN	32
#define SIGRTMAX	64
#define _NSIG		65
#define NSIG		_NSIG

typedef void (*sighandler_t)(int);
#define SIG_ERR		((sighandler_t)-1)
#define SIG_DFL		((sighandler_t)0)
#define SIG_IGN		((sighandler_t)1)

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

union sigval {
	int sival_int;
	void *sival_ptr;
};

/* What a handler with SA_SIGINFO learns: Linux's layout. */
typedef struct {
	int si_signo;
	int si_errno;
	int si_code;
	union {
		char __pad[128 - 4 * sizeof(int)];
		struct {		/* kill, sigqueue, timers */
			pid_t __pid;	/* timers: the timer's id */
			uid_t __uid;	/* timers: the overrun count */
			union sigval __value;
		} __kill;
		struct {		/* SIGCHLD */
			pid_t __pid;
			uid_t __uid;
			int __status;
			clock_t __utime, __stime;
		} __child;
		struct {		/* faults */
			void *__addr;
		} __fault;
		struct {		/* SIGPOLL */
			long __band;
			int __fd;
		} __poll;
	} __si;
} siginfo_t;

#define si_pid		__si.__kill.__pid
#define si_uid		__si.__kill.__uid
#define si_value	__si.__kill.__value
#define si_int		__si.__kill.__value.sival_int
#define si_ptr		__si.__kill.__value.sival_ptr
#define si_timerid	__si.__kill.__pid
#define si_overrun	__si.__kill.__uid
#define si_status	__si.__child.__status
#define si_utime	__si.__child.__utime
#define si_stime	__si.__child.__stime
#define si_addr		__si.__fault.__addr
#define si_band		__si.__poll.__band
#define si_fd		__si.__poll.__fd

/* si_code: who sent it */
#define SI_USER		0
#define SI_KERNEL	0x80
#define SI_QUEUE	(-1)
#define SI_TIMER	(-2)
#define SI_MESGQ	(-3)
#define SI_ASYNCIO	(-4)
#define SI_TKILL	(-6)

/* The libc's record; rt_sigaction() takes Linux's kernel layout (handler,
 * flags, restorer, mask), which sigaction() converts to. */
struct sigaction {
	union {
		void (*sa_handler)(int);
		void (*sa_sigaction)(int, siginfo_t *, void *);
	} __sa_handler;
	sigset_t sa_mask;
	int sa_flags;
	void (*sa_restorer)(void);
};
#define sa_handler	__sa_handler.sa_handler
#define sa_sigaction	__sa_handler.sa_sigaction

#define SA_NOCLDSTOP	0x00000001
#define SA_NOCLDWAIT	0x00000002
#define SA_SIGINFO	0x00000004
#define SA_RESTORER	0x04000000
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000
#define SA_NOMASK	SA_NODEFER
#define SA_ONESHOT	SA_RESETHAND

/* How a timer tells its expiry (Linux's 64-byte struct sigevent). */
struct sigevent {
	union sigval sigev_value;
	int sigev_signo;
	int sigev_notify;
	union {
		int __pad[12];
		pid_t __tid;		/* SIGEV_THREAD_ID */
		struct {
			void (*__function)(union sigval);
			void *__attr;
		} __sigev_thread;
	} __sev;
};
#define sigev_notify_thread_id	__sev.__tid
#define sigev_notify_function	__sev.__sigev_thread.__function
#define sigev_notify_attributes	__sev.__sigev_thread.__attr

#define SIGEV_SIGNAL	0
#define SIGEV_NONE	1
#define SIGEV_THREAD	2
#define SIGEV_THREAD_ID	4

/* An alternate stack for handlers (sigaltstack) */
typedef struct {
	void *ss_sp;
	int ss_flags;
	size_t ss_size;
} stack_t;
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define MINSIGSTKSZ	2048
#define SIGSTKSZ	8192

/* Sets of signals (lib/nolibc/signal.c): 0, or -1 and EINVAL */
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int signum);
int sigdelset(sigset_t *set, int signum);
int sigismember(const sigset_t *set, int signum);

/* lib/uksignal */
int sigaction(int signum, const struct sigaction *act,
	      struct sigaction *oldact);
sighandler_t signal(int signum, sighandler_t handler);
int sigprocmask(int how, const sigset_t *set, sigset_t *oldset);
int pthread_sigmask(int how, const sigset_t *set, sigset_t *oldset);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask);
int sigtimedwait(const sigset_t *set, siginfo_t *info,
		 const struct timespec *timeout);
int sigwaitinfo(const sigset_t *set, siginfo_t *info);
int sigwait(const sigset_t *set, int *sig);
int sigqueue(pid_t pid, int sig, const union sigval value);
int sigaltstack(const stack_t *ss, stack_t *old_ss);
int kill(pid_t pid, int sig);
int tkill(int tid, int sig);
int tgkill(pid_t tgid, pid_t tid, int sig);
int raise(int sig);

#endif /* __NOLIBC_SIGNAL_H__ */
