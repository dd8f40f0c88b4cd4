/*
 * Who has which signals: the process's record, one record per thread
 * (made by the thread's init function, inheriting its creator's mask; CPU
 * 0's host context has a static one), and the process's pending signals.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include "uksignal_impl.h"

struct uk_proc_sig uk_proc_sig;
__spinlock uksignal_lock = UK_SPINLOCK_INITIALIZER();
unsigned long uksignal_queued;
static struct uk_thread_sig host_sig;

int uk_sig_is_valid(int sig)
{
	return sig >= 1 && sig < NSIG;
}

void uk_sigset_remove_unmaskable(sigset_t *sig)
{
	uk_sigdelset(sig, SIGKILL);
	uk_sigdelset(sig, SIGSTOP);
}

void uk_sig_init_siginfo(siginfo_t *siginfo, int sig)
{
	memset(siginfo, 0, sizeof(*siginfo));
	siginfo->si_signo = sig;
	siginfo->si_code = SI_USER;
	siginfo->si_pid = UKSIGNAL_PID;
	siginfo->si_uid = 0;
}

static void thread_sig_init(struct uk_thread_sig *th, struct uk_thread *t)
{
	memset(th, 0, sizeof(*th));
	UK_INIT_LIST_HEAD(&th->pending_signals);
	th->thread = t;
}

int uk_proc_sig_init(struct uk_proc_sig *sig)
{
	memset(sig, 0, sizeof(*sig));
	UK_INIT_LIST_HEAD(&sig->thread_sig_list);
	return 0;
}

static int uksignal_init(void)
{
	uk_proc_sig_init(&uk_proc_sig);
	thread_sig_init(&host_sig, &uk_sched_cpus[0].native);
	uk_list_add(&host_sig.list_node, &uk_proc_sig.thread_sig_list);
	return 0;
}
uk_early_initcall(uksignal_init);

struct uk_thread_sig *uksignal_of(struct uk_thread *t)
{
	struct uk_thread_sig *th;

	if (t == host_sig.thread)
		return &host_sig;
	uk_list_for_each_entry(th, &uk_proc_sig.thread_sig_list, list_node)
		if (th->thread == t)
			return th;
	return NULL;
}

struct uk_thread_sig *uk_crr_thread_sig_container(void)
{
	struct uk_thread_sig *th;
	unsigned long irqf;

	uk_spin_lock_irqsave(&uksignal_lock, irqf);
	th = uksignal_of(uk_thread_current());
	uk_spin_unlock_irqrestore(&uksignal_lock, irqf);
	return th;
}

/* A new thread: its creator's mask (as clone has it), nothing pending. */
static int thread_init(struct uk_thread *t)
{
	struct uk_thread_sig *th = uk_malloc(uk_alloc_get_default(),
					     sizeof(*th));
	struct uk_thread_sig *creator;
	unsigned long irqf;

	if (!th)
		return -ENOMEM;
	thread_sig_init(th, t);
	uk_spin_lock_irqsave(&uksignal_lock, irqf);
	creator = uksignal_of(uk_thread_current());
	if (creator)
		th->mask = creator->mask;
	uk_list_add_tail(&th->list_node, &uk_proc_sig.thread_sig_list);
	uk_spin_unlock_irqrestore(&uksignal_lock, irqf);
	return 0;
}

static void thread_fini(struct uk_thread *t)
{
	struct uk_signal *s, *n;
	struct uk_thread_sig *th;
	unsigned long irqf;

	uk_spin_lock_irqsave(&uksignal_lock, irqf);
	th = uksignal_of(t);
	if (th) {
		uk_list_del(&th->list_node);
		uk_list_for_each_entry_safe(s, n, &th->pending_signals,
					    list_node) {
			uksignal_queued--;
			uk_free(uk_alloc_get_default(), s);
		}
	}
	uk_spin_unlock_irqrestore(&uksignal_lock, irqf);
	uk_free(uk_alloc_get_default(), th);
}
UK_THREAD_INIT(thread_init, thread_fini);

/* ------------------------------------------------ the process's pending */

void uk_add_proc_signal(siginfo_t *sig)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&uksignal_lock, irqf);
	if (!uk_sigismember(&uk_proc_sig.pending, sig->si_signo)) {
		uk_sigaddset(&uk_proc_sig.pending, sig->si_signo);
		uk_proc_sig.pending_signals[sig->si_signo - 1] = *sig;
		uksignal_queued++;
	}
	uk_spin_unlock_irqrestore(&uksignal_lock, irqf);
}

void uk_remove_proc_signal(int sig)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&uksignal_lock, irqf);
	if (uk_sigismember(&uk_proc_sig.pending, sig)) {
		uk_sigdelset(&uk_proc_sig.pending, sig);
		uksignal_queued--;
	}
	uk_spin_unlock_irqrestore(&uksignal_lock, irqf);
}

siginfo_t *uk_sig_proc_get_pending(int sig)
{
	if (!uk_sig_is_valid(sig) || !uk_sigismember(&uk_proc_sig.pending, sig))
		return NULL;
	return &uk_proc_sig.pending_signals[sig - 1];
}

siginfo_t *uk_sig_proc_get_pending_any(sigset_t set)
{
	int sig;

	for (sig = 1; sig < NSIG; sig++)
		if (uk_sigismember(&set, sig) &&
		    uk_sigismember(&uk_proc_sig.pending, sig))
			return &uk_proc_sig.pending_signals[sig - 1];
	return NULL;
}

struct uk_signal *uk_sig_th_get_pending(struct uk_thread_sig *th_sig,
					int sig)
{
	struct uk_signal *s;

	uk_list_for_each_entry(s, &th_sig->pending_signals, list_node)
		if (s->info.si_signo == sig)
			return s;
	return NULL;
}

struct uk_signal *uk_sig_th_get_pending_any(struct uk_thread_sig *th_sig,
					    sigset_t set)
{
	struct uk_signal *s, *lowest = NULL;

	uk_list_for_each_entry(s, &th_sig->pending_signals, list_node)
		if (uk_sigismember(&set, s->info.si_signo) &&
		    (!lowest || s->info.si_signo < lowest->info.si_signo))
			lowest = s;
	return lowest;
}
