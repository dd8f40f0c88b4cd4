/* The system calls about actions, masks and waiting for signals. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/plat/time.h>
#include "uksignal_impl.h"

/* Linux's only sigset size on x86_64: 64 signals. */
#define KSIGSET_SIZE	8

int uk_thread_sigmask(int how, const sigset_t *set, sigset_t *oldset)
{
	struct uk_thread_sig *th = uk_crr_thread_sig_container();
	sigset_t mask;

	if (!th)
		return -EINVAL;
	if (oldset)
		*oldset = th->mask;
	if (!set)
		return 0;
	mask = *set;
	uk_sigset_remove_unmaskable(&mask);
	switch (how) {
	case SIG_BLOCK:
		uk_sigorset(&th->mask, &mask);
		return 0;
	case SIG_UNBLOCK:
		uk_sigreverseset(&mask);
		uk_sigandset(&th->mask, &mask);
		return 0;
	case SIG_SETMASK:
		th->mask = mask;
		return 0;
	default:
		return -EINVAL;
	}
}

UK_SYSCALL_R_DEFINE(int, rt_sigprocmask, int, how, const sigset_t *, set,
		    sigset_t *, oldset, size_t, sigsetsize)
{
	if (sigsetsize != KSIGSET_SIZE)
		return -EINVAL;
	/* the new mask may free pending signals: the shim runs them next */
	return uk_thread_sigmask(how, set, oldset);
}

static void set_action(int sig, const struct uk_ksigaction *act)
{
	struct sigaction *a = &uk_proc_sig.sigaction[sig - 1];
	siginfo_t info;

	a->sa_handler = (void (*)(int))act->handler;
	a->sa_flags = (int)act->flags;
	a->sa_restorer = (void (*)(void))act->restorer;
	a->sa_mask = act->mask;
	uk_sigset_remove_unmaskable(&a->sa_mask);
	/* POSIX: ignoring a signal discards what is pending of it */
	if (a->sa_handler == SIG_IGN) {
		struct uk_thread_sig *th;

		uk_list_for_each_entry(th, &uk_proc_sig.thread_sig_list,
				       list_node)
			while (uksignal_dequeue(th, sig, &info))
				;
	}
}

UK_SYSCALL_R_DEFINE(int, rt_sigaction, int, signum,
		    const struct uk_ksigaction *, act,
		    struct uk_ksigaction *, oldact, size_t, sigsetsize)
{
	struct sigaction *cur;
	unsigned long irqf;

	if (sigsetsize != KSIGSET_SIZE || !uk_sig_is_valid(signum))
		return -EINVAL;
	if (act && (signum == SIGKILL || signum == SIGSTOP))
		return -EINVAL;
	uk_spin_lock_irqsave(&uksignal_lock, irqf);
	cur = &uk_proc_sig.sigaction[signum - 1];
	if (oldact) {
		oldact->handler = (void *)cur->sa_handler;
		oldact->flags = (unsigned long)(unsigned int)cur->sa_flags;
		oldact->restorer = (void *)cur->sa_restorer;
		oldact->mask = cur->sa_mask;
	}
	if (act)
		set_action(signum, act);
	uk_spin_unlock_irqrestore(&uksignal_lock, irqf);
	return 0;
}

UK_SYSCALL_R_DEFINE(int, rt_sigpending, sigset_t *, set, size_t, sigsetsize)
{
	struct uk_thread_sig *th = uk_crr_thread_sig_container();

	if (sigsetsize != KSIGSET_SIZE || !th)
		return -EINVAL;
	if (!set)
		return -EFAULT;
	set->__bits[0] = th->pending.__bits[0] | uk_proc_sig.pending.__bits[0];
	return 0;
}

/* ------------------------------------------------ waiting */

static int can_take_one(struct uk_thread_sig *th, void *arg __unused)
{
	return uksignal_deliverable(th) != 0;
}

UK_SYSCALL_R_DEFINE(int, pause)
{
	struct uk_thread_sig *th = uk_crr_thread_sig_container();

	if (!th)
		return -EINVAL;
	uksignal_wait(th, can_take_one, NULL, 0);
	return -EINTR;	/* the shim runs the handler next */
}

UK_SYSCALL_R_DEFINE(int, rt_sigsuspend, const sigset_t *, mask,
		    size_t, sigsetsize)
{
	struct uk_thread_sig *th = uk_crr_thread_sig_container();
	sigset_t saved;

	if (sigsetsize != KSIGSET_SIZE || !th)
		return -EINVAL;
	if (!mask)
		return -EFAULT;
	saved = th->mask;
	th->mask = *mask;
	uk_sigset_remove_unmaskable(&th->mask);
	uksignal_wait(th, can_take_one, NULL, 0);
	/* the handlers run under the temporary mask, then it goes */
	uk_sig_handle_signals();
	th->mask = saved;
	return -EINTR;
}

/* sigtimedwait: one of `set` pending (blocked or not), or another signal
 * the thread takes (which ends the wait with EINTR). */
static int awaited_or_other(struct uk_thread_sig *th, void *arg)
{
	const sigset_t *set = arg;
	int sig;

	for (sig = 1; sig < NSIG; sig++)
		if (uk_sigismember(set, sig) &&
		    (uk_sigismember(&th->pending, sig) ||
		     uk_sigismember(&uk_proc_sig.pending, sig)))
			return 1;
	return uksignal_deliverable(th) != 0;
}

/* Lock taken: the lowest signal of set that is pending, dequeued. */
static int take_awaited(struct uk_thread_sig *th, const sigset_t *set,
			siginfo_t *info)
{
	unsigned long irqf;
	int sig, got = 0;

	uk_spin_lock_irqsave(&uksignal_lock, irqf);
	for (sig = 1; sig < NSIG && !got; sig++)
		if (uk_sigismember(set, sig))
			got = uksignal_dequeue(th, sig, info) ? sig : 0;
	uk_spin_unlock_irqrestore(&uksignal_lock, irqf);
	return got;
}

static int deadline_of(const struct timespec *timeout, __nsec *deadline)
{
	if (!timeout) {
		*deadline = 0;
		return 0;
	}
	if (timeout->tv_sec < 0 || timeout->tv_nsec < 0 ||
	    timeout->tv_nsec >= 1000000000L)
		return -EINVAL;
	*deadline = ukplat_monotonic_clock() + 1 +
		    (__nsec)timeout->tv_sec * 1000000000ULL +
		    (__nsec)timeout->tv_nsec;
	return 0;
}

UK_SYSCALL_R_DEFINE(int, rt_sigtimedwait, const sigset_t *, set,
		    siginfo_t *, info, const struct timespec *, timeout,
		    size_t, sigsetsize)
{
	struct uk_thread_sig *th = uk_crr_thread_sig_container();
	__nsec deadline;
	siginfo_t got;
	sigset_t awaited;
	int sig, rc;

	if (sigsetsize != KSIGSET_SIZE || !th)
		return -EINVAL;
	if (!set)
		return -EFAULT;
	awaited = *set;
	uk_sigset_remove_unmaskable(&awaited);
	rc = deadline_of(timeout, &deadline);
	if (rc)
		return rc;
	th->wait.status = UK_SIG_WAITING;
	th->wait.awaited = awaited;
	if (!timeout || timeout->tv_sec || timeout->tv_nsec)
		uksignal_wait(th, awaited_or_other, &awaited, deadline);
	th->wait.status = UK_SIG_NOT_WAITING;
	sig = take_awaited(th, &awaited, &got);
	if (!sig)
		return uksignal_deliverable(th) ? -EINTR : -EAGAIN;
	th->wait.received_signal = got;
	if (info)
		*info = got;
	return sig;
}
