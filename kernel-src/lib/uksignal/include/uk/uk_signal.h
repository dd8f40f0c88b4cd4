/*
 * Signals (Unikraft API uk/uk_signal.h): the process's actions and the
 * signals pending for it, and per thread its mask and the signals pending
 * for it. A signal goes to a thread that does not block it (the sender if
 * it can take it, else the host context, else any) or waits at the
 * process until one unblocks it; its handler runs on that thread when its
 * current or next system call through the shim returns (a waiting call
 * ends with EINTR first). The system calls follow Linux (rt_sigaction
 * takes Linux's kernel struct, struct uk_ksigaction).
 */
#ifndef __UK_UK_SIGNAL_H__
#define __UK_UK_SIGNAL_H__

#include <signal.h>
#include <uk/list.h>
#include <uk/bits/sigset.h>

struct uk_thread;

/* A signal queued for a thread. */
struct uk_signal {
	siginfo_t info;
	struct uk_list_head list_node;
};

/* The process: pending signals (one each) and the actions. */
struct uk_proc_sig {
	sigset_t pending;
	siginfo_t pending_signals[NSIG - 1];
	struct sigaction sigaction[NSIG - 1];
	struct uk_list_head thread_sig_list;	/* struct uk_thread_sig */
};

enum uk_sig_waiting {
	UK_SIG_NOT_WAITING = 0,
	UK_SIG_WAITING = 1,		/* in sigtimedwait: for `awaited` */
	UK_SIG_WAITING_SCHED = 2,	/* in pause/sigsuspend: for any */
};

struct uk_thread_sig_wait {
	enum uk_sig_waiting status;
	sigset_t awaited;
	siginfo_t received_signal;
};

/* A thread's signals. */
struct uk_thread_sig {
	sigset_t mask;
	sigset_t pending;
	struct uk_list_head pending_signals;	/* struct uk_signal */
	struct uk_thread_sig_wait wait;
	struct uk_list_head list_node;		/* in thread_sig_list */
	struct uk_thread *thread;
};

/* Linux's struct sigaction of the system call (x86_64 order). */
struct uk_ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	sigset_t mask;
};

extern struct uk_proc_sig uk_proc_sig;

/* The running thread's signals. */
struct uk_thread_sig *uk_crr_thread_sig_container(void);
#define _UK_TH_SIG uk_crr_thread_sig_container()

int uk_proc_sig_init(struct uk_proc_sig *sig);
/* 1 if sig is a signal number (1 .. NSIG - 1) */
int uk_sig_is_valid(int sig);
/* takes SIGKILL and SIGSTOP out of a mask */
void uk_sigset_remove_unmaskable(sigset_t *sig);
/* si_signo, SI_USER, our pid and uid */
void uk_sig_init_siginfo(siginfo_t *siginfo, int sig);

/* The running thread's mask (SIG_BLOCK ...): 0 or -EINVAL. */
int uk_thread_sigmask(int how, const sigset_t *set, sigset_t *oldset);
/* Sends sig to thread tid: 0 or -EINVAL. */
int uk_sig_thread_kill(struct uk_thread *tid, int sig);
/* Runs the handlers of the signals the running thread can take now;
 * returns how many it took. */
int uk_sig_handle_signals(void);

/* The process's pending signals (the lock is taken inside) */
void uk_add_proc_signal(siginfo_t *sig);
void uk_remove_proc_signal(int sig);
siginfo_t *uk_sig_proc_get_pending(int sig);
siginfo_t *uk_sig_proc_get_pending_any(sigset_t set);
/* A thread's queued signals */
struct uk_signal *uk_sig_th_get_pending(struct uk_thread_sig *th_sig,
					int sig);
struct uk_signal *uk_sig_th_get_pending_any(struct uk_thread_sig *th_sig,
					    sigset_t set);
/* Queues sig for the thread (waking it): 0, or -ENOMEM. */
int uk_deliver_proc_signal(struct uk_thread_sig *th_sig, siginfo_t *sig);
/* Runs the action for sig on the running thread, its mask applied. */
void uk_execute_handler(siginfo_t sig);

#endif /* __UK_UK_SIGNAL_H__ */
