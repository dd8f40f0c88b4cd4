/*
 * Delivering: after each system call through the shim (the hook below),
 * the running thread takes the signals it can, lowest first, and runs
 * their actions: a handler with the action's mask (and the signal itself,
 * unless SA_NODEFER) added to its own for the time of the handler, SIG_IGN
 * nothing, SIG_DFL Linux's default (ignore, or end the process).
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/wait.h>
#include <uk/arch/syscall.h>
#include "uksignal_impl.h"

int uksignal_takes(const struct uk_thread_sig *th, int sig)
{
	return !uk_sigismember(&th->mask, sig) || sig == SIGKILL ||
	       sig == SIGSTOP;
}

int uksignal_deliverable(const struct uk_thread_sig *th)
{
	int sig;

	for (sig = 1; sig < NSIG; sig++)
		if ((uk_sigismember(&th->pending, sig) ||
		     uk_sigismember(&uk_proc_sig.pending, sig)) &&
		    uksignal_takes(th, sig))
			return sig;
	return 0;
}

int uksignal_dequeue(struct uk_thread_sig *th, int sig, siginfo_t *info)
{
	struct uk_signal *s = uk_sig_th_get_pending(th, sig);

	if (s) {
		*info = s->info;
		uk_list_del(&s->list_node);
		uk_free(uk_alloc_get_default(), s);
		if (!uk_sig_th_get_pending(th, sig))
			uk_sigdelset(&th->pending, sig);
	} else if (uk_sigismember(&uk_proc_sig.pending, sig)) {
		*info = uk_proc_sig.pending_signals[sig - 1];
		uk_sigdelset(&uk_proc_sig.pending, sig);
	} else {
		return 0;
	}
	uksignal_queued--;
	return 1;
}

/* Signals whose default action is to do nothing (the stop signals too:
 * there is no job control to stop us for). */
static int ignored_by_default(int sig)
{
	switch (sig) {
	case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT:
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return 1;
	default:
		return 0;
	}
}

/* The default action of the rest ends the process: a program's threads
 * end with exit_group (posix-process); the host's context cannot end, so
 * that is a crash report. */
static void default_action(int sig)
{
	if (ignored_by_default(sig))
		return;
	if (!(uk_thread_current()->flags & UK_THREAD_NATIVE))
		uk_syscall_r(__NR_exit_group, 128 + sig);
	UK_CRASH("signal %d: its default action ends the process\n", sig);
}

/* The ucontext_t of an SA_SIGINFO handler is laid out as the architecture's
 * Linux has it (<uk/arch/syscall.h>): a handler that reads it finds zeros,
 * and the mask it interrupted. */

void uk_execute_handler(siginfo_t sig)
{
	struct uk_thread_sig *th = uk_crr_thread_sig_container();
	int signo = sig.si_signo;
	unsigned long irqf;
	struct sigaction act;
	sigset_t saved;
	__u8 uc[UKARCH_UCONTEXT_SIZE] __align(16);

	uk_spin_lock_irqsave(&uksignal_lock, irqf);
	act = uk_proc_sig.sigaction[signo - 1];
	if (act.sa_handler != SIG_IGN && act.sa_handler != SIG_DFL &&
	    (act.sa_flags & SA_RESETHAND))
		uk_proc_sig.sigaction[signo - 1].sa_handler = SIG_DFL;
	saved = th->mask;
	uk_spin_unlock_irqrestore(&uksignal_lock, irqf);
	if (act.sa_handler == SIG_IGN)
		return;
	if (act.sa_handler == SIG_DFL) {
		default_action(signo);
		return;
	}
	uk_sigorset(&th->mask, &act.sa_mask);
	if (!(act.sa_flags & SA_NODEFER))
		uk_sigaddset(&th->mask, signo);
	uk_sigset_remove_unmaskable(&th->mask);
	if (act.sa_flags & SA_SIGINFO) {
		memset(uc, 0, sizeof(uc));
		memcpy(uc + UKARCH_UCONTEXT_SIGMASK, &saved, sizeof(saved));
		act.sa_sigaction(signo, &sig, uc);
	} else {
		act.sa_handler(signo);
	}
	th->mask = saved;
}

int uk_sig_handle_signals(void)
{
	struct uk_thread_sig *th = uk_crr_thread_sig_container();
	unsigned long irqf;
	siginfo_t info;
	int sig, n = 0;

	if (!th)
		return 0;
	for (;;) {
		uk_spin_lock_irqsave(&uksignal_lock, irqf);
		sig = uksignal_deliverable(th);
		if (sig)
			uksignal_dequeue(th, sig, &info);
		uk_spin_unlock_irqrestore(&uksignal_lock, irqf);
		if (!sig)
			return n;
		uk_execute_handler(info);
		n++;
	}
}

/* ------------------------------------------------ the shim's hook */

static int signals_pending(void)
{
	struct uk_thread_sig *th;
	unsigned long irqf;
	int sig = 0;

	if (!__atomic_load_n(&uksignal_queued, __ATOMIC_RELAXED))
		return 0;
	uk_spin_lock_irqsave(&uksignal_lock, irqf);
	th = uksignal_of(uk_thread_current());
	if (th)
		sig = uksignal_deliverable(th);
	uk_spin_unlock_irqrestore(&uksignal_lock, irqf);
	return sig != 0;
}

static void run_handlers(void)
{
	uk_sig_handle_signals();
}
UK_SYSCALL_RETURN_HOOK(signals_pending, run_handlers);

/* ------------------------------------------------ waiting */

static DEFINE_WAIT_QUEUE(signal_waiters);

struct wait_for {
	struct uk_thread_sig *th;
	int (*cond)(struct uk_thread_sig *th, void *arg);
	void *arg;
};

static int holds(struct wait_for *w)
{
	unsigned long irqf;
	int yes;

	uk_spin_lock_irqsave(&uksignal_lock, irqf);
	yes = w->cond(w->th, w->arg);
	uk_spin_unlock_irqrestore(&uksignal_lock, irqf);
	return yes;
}

int uksignal_wait(struct uk_thread_sig *th,
		  int (*cond)(struct uk_thread_sig *th, void *arg), void *arg,
		  unsigned long long deadline)
{
	struct wait_for w = { th, cond, arg };

	return uk_waitq_wait_event_deadline(&signal_waiters, holds(&w), deadline);
}
