/*
 * Sending: a signal for the process goes to the first thread that does
 * not block it (the sender first, then the host context, then the others)
 * or waits at the process; a signal for a thread is queued there (a
 * standard one once, a real-time one per send). The receiver is woken
 * from any wait so that its system call returns and runs the handler.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include "uksignal_impl.h"

void uksignal_wake(struct uk_thread_sig *th)
{
	struct uk_thread *t = th->thread;

	if (t == uk_thread_current())
		return;
	/* a waiting context (blocked or polling) checks again */
	t->wait.woken = 1;
	uk_sched_wake(t);
}

int uk_deliver_proc_signal(struct uk_thread_sig *th_sig, siginfo_t *sig)
{
	int signo = sig->si_signo;
	struct uk_signal *s;

	if (signo < SIGRTMIN && uk_sigismember(&th_sig->pending, signo))
		return 0;	/* standard signals do not queue */
	s = uk_malloc(uk_alloc_get_default(), sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->info = *sig;
	uk_list_add_tail(&s->list_node, &th_sig->pending_signals);
	uk_sigaddset(&th_sig->pending, signo);
	uksignal_queued++;
	uksignal_wake(th_sig);
	return 0;
}

/* Lock held: who takes a signal sent to the process, or NULL. */
static struct uk_thread_sig *receiver(int sig)
{
	struct uk_thread_sig *th = uksignal_of(uk_thread_current());

	if (th && uksignal_takes(th, sig))
		return th;
	uk_list_for_each_entry(th, &uk_proc_sig.thread_sig_list, list_node)
		if (uksignal_takes(th, sig))
			return th;
	return NULL;
}

static int send_to_process(siginfo_t *info)
{
	struct uk_thread_sig *th;
	unsigned long irqf;
	int rc = 0;

	uk_spin_lock_irqsave(&uksignal_lock, irqf);
	th = receiver(info->si_signo);
	if (th)
		rc = uk_deliver_proc_signal(th, info);
	else if (!uk_sigismember(&uk_proc_sig.pending, info->si_signo)) {
		uk_sigaddset(&uk_proc_sig.pending, info->si_signo);
		uk_proc_sig.pending_signals[info->si_signo - 1] = *info;
		uksignal_queued++;
	}
	uk_spin_unlock_irqrestore(&uksignal_lock, irqf);
	return rc;
}

static int send_to_thread(struct uk_thread *t, siginfo_t *info)
{
	struct uk_thread_sig *th;
	unsigned long irqf;
	int rc = -ESRCH;

	uk_spin_lock_irqsave(&uksignal_lock, irqf);
	th = uksignal_of(t);
	if (th)
		rc = uk_deliver_proc_signal(th, info);
	uk_spin_unlock_irqrestore(&uksignal_lock, irqf);
	return rc;
}

int uk_sig_thread_kill(struct uk_thread *tid, int sig)
{
	siginfo_t info;

	if (!uk_sig_is_valid(sig))
		return -EINVAL;
	uk_sig_init_siginfo(&info, sig);
	info.si_code = SI_TKILL;
	return send_to_thread(tid, &info);
}

/* Whether pid names this process: itself, its group, or everyone. */
static int is_us(pid_t pid)
{
	return pid == UKSIGNAL_PID || pid == 0 || pid == -1 ||
	       pid == -UKSIGNAL_PID;
}

static int check(int sig)
{
	return sig == 0 || uk_sig_is_valid(sig) ? 0 : -EINVAL;
}

UK_SYSCALL_R_DEFINE(int, kill, pid_t, pid, int, sig)
{
	siginfo_t info;

	if (check(sig))
		return -EINVAL;
	if (!is_us(pid))
		return -ESRCH;
	if (!sig)
		return 0;
	uk_sig_init_siginfo(&info, sig);
	return send_to_process(&info);
}

/* The thread tid of the process tgid (0: any): or NULL. */
static struct uk_thread *thread_of(pid_t tgid, int tid)
{
	if (tid <= 0 || tgid < 0)
		return NULL;
	return uk_thread_by_tid(tid);
}

static int to_thread(pid_t tgid, int tid, int sig, const siginfo_t *given)
{
	struct uk_thread *t;
	siginfo_t info;

	if (check(sig) || tid <= 0)
		return -EINVAL;
	t = thread_of(tgid, tid);
	if (!t)
		return -ESRCH;
	if (!sig)
		return 0;
	if (given) {
		info = *given;
		info.si_signo = sig;
	} else {
		uk_sig_init_siginfo(&info, sig);
		info.si_code = SI_TKILL;
	}
	return send_to_thread(t, &info);
}

UK_SYSCALL_R_DEFINE(int, tkill, int, tid, int, sig)
{
	return to_thread(0, tid, sig, NULL);
}

UK_SYSCALL_R_DEFINE(int, tgkill, pid_t, tgid, pid_t, tid, int, sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return to_thread(tgid, tid, sig, NULL);
}

/* sigqueue's call: the sender's own siginfo (si_code must say it did not
 * come from the kernel, as Linux demands of senders other than us). */
UK_SYSCALL_R_DEFINE(int, rt_sigqueueinfo, pid_t, tgid, int, sig,
		    siginfo_t *, uinfo)
{
	siginfo_t info;

	if (!uinfo)
		return -EFAULT;
	if (check(sig) || !sig)
		return check(sig);
	if (!is_us(tgid) || tgid <= 0)
		return -ESRCH;
	info = *uinfo;
	info.si_signo = sig;
	return send_to_process(&info);
}

UK_SYSCALL_R_DEFINE(int, rt_tgsigqueueinfo, pid_t, tgid, pid_t, tid,
		    int, sig, siginfo_t *, uinfo)
{
	if (!uinfo)
		return -EFAULT;
	return to_thread(tgid, tid, sig, uinfo);
}
