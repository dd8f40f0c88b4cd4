/*
 * The libc's side of signals (<signal.h>): sigaction and friends over the
 * system calls, through the shim like a `syscall` instruction (so they
 * count, and handlers run on return). A libc of its own (musl) has these.
 */
#include <errno.h>
#include <string.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include "uksignal_impl.h"

#if UK_LIBC_SYSCALLS
#define SIGSET_SIZE	sizeof(sigset_t)

static long sys(long nr, long a1, long a2, long a3, long a4)
{
	return uk_syscall6_r(nr, a1, a2, a3, a4, 0, 0);
}

int sigaction(int signum, const struct sigaction *act,
	      struct sigaction *oldact)
{
	struct uk_ksigaction k, old;
	long rc;

	if (act) {
		k.handler = (void *)act->sa_handler;
		k.flags = (unsigned long)(unsigned int)act->sa_flags;
		k.restorer = (void *)act->sa_restorer;
		k.mask = act->sa_mask;
	}
	rc = sys(__NR_rt_sigaction, signum, act ? (long)&k : 0,
		 oldact ? (long)&old : 0, SIGSET_SIZE);
	if (rc == 0 && oldact) {
		memset(oldact, 0, sizeof(*oldact));
		oldact->sa_handler = (void (*)(int))old.handler;
		oldact->sa_flags = (int)old.flags;
		oldact->sa_restorer = (void (*)(void))old.restorer;
		oldact->sa_mask = old.mask;
	}
	return (int)uk_syscall_errno(rc);
}

sighandler_t signal(int signum, sighandler_t handler)
{
	struct sigaction act = { 0 }, old;

	act.sa_handler = handler;
	act.sa_flags = SA_RESTART;
	if (sigaction(signum, &act, &old))
		return SIG_ERR;
	return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *oldset)
{
	return (int)uk_syscall_errno(sys(__NR_rt_sigprocmask, how, (long)set,
					 (long)oldset, SIGSET_SIZE));
}

/* POSIX: the error number itself */
int pthread_sigmask(int how, const sigset_t *set, sigset_t *oldset)
{
	return (int)-sys(__NR_rt_sigprocmask, how, (long)set, (long)oldset,
			 SIGSET_SIZE);
}

int sigpending(sigset_t *set)
{
	return (int)uk_syscall_errno(sys(__NR_rt_sigpending, (long)set,
					 SIGSET_SIZE, 0, 0));
}

int sigsuspend(const sigset_t *mask)
{
	return (int)uk_syscall_errno(sys(__NR_rt_sigsuspend, (long)mask,
					 SIGSET_SIZE, 0, 0));
}

int sigtimedwait(const sigset_t *set, siginfo_t *info,
		 const struct timespec *timeout)
{
	return (int)uk_syscall_errno(sys(__NR_rt_sigtimedwait, (long)set,
					 (long)info, (long)timeout,
					 SIGSET_SIZE));
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
	return sigtimedwait(set, info, NULL);
}

/* POSIX: 0 and the signal in *sig, or the error number */
int sigwait(const sigset_t *set, int *sig)
{
	long rc;

	do {
		rc = sys(__NR_rt_sigtimedwait, (long)set, 0, 0, SIGSET_SIZE);
	} while (rc == -EINTR);
	if (rc < 0)
		return (int)-rc;
	*sig = (int)rc;
	return 0;
}

int sigqueue(pid_t pid, int sig, const union sigval value)
{
	siginfo_t info;

	uk_sig_init_siginfo(&info, sig);
	info.si_code = SI_QUEUE;
	info.si_value = value;
	return (int)uk_syscall_errno(sys(__NR_rt_sigqueueinfo, pid, sig,
					 (long)&info, 0));
}

int raise(int sig)
{
	return (int)uk_syscall_errno(sys(__NR_tgkill, UKSIGNAL_PID,
					 uk_thread_current()->tid, sig, 0));
}
#endif
