/* What the files of lib/uksignal share. */
#ifndef __UKSIGNAL_IMPL_H__
#define __UKSIGNAL_IMPL_H__

#include <uk/spinlock.h>
#include <uk/uk_signal.h>

/* The pid signals name the process by: the host context's tid. */
#define UKSIGNAL_PID	1

/* One lock for all signal state; taken with interrupts off. */
extern __spinlock uksignal_lock;
/* Signals queued anywhere (process or threads): 0 lets the check after
 * each system call end at once. */
extern unsigned long uksignal_queued;

/* The signals of thread t (NULL: it has none, e.g. interrupt context). */
struct uk_thread_sig *uksignal_of(struct uk_thread *t);
/* Lock held: sig may be delivered to th now (not blocked). */
int uksignal_takes(const struct uk_thread_sig *th, int sig);
/* Lock held: the lowest signal th can take now (its own or the
 * process's), 0 if none. */
int uksignal_deliverable(const struct uk_thread_sig *th);
/* Lock held: takes signal sig (pending for th or the process) off its
 * queue into *info: 1, or 0 if it was not pending. */
int uksignal_dequeue(struct uk_thread_sig *th, int sig, siginfo_t *info);
/* Wakes th's thread if it waits, so that it sees its signal. */
void uksignal_wake(struct uk_thread_sig *th);
/* Waits until cond(th, arg) holds or deadline (0: none) passes:
 * 0 or -ETIMEDOUT. */
int uksignal_wait(struct uk_thread_sig *th,
		  int (*cond)(struct uk_thread_sig *th, void *arg), void *arg,
		  unsigned long long deadline);

#endif /* __UKSIGNAL_IMPL_H__ */
