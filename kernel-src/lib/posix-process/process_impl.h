/* What the files of lib/posix-process share: each thread's record. */
#ifndef __POSIX_PROCESS_IMPL_H__
#define __POSIX_PROCESS_IMPL_H__

#include <uk/list.h>
#include <uk/spinlock.h>
#include <uk/thread.h>

#define PROCESS_THREAD_NAME	16	/* PR_SET_NAME's size, with the NUL */

struct process_thread {
	struct uk_thread *thread;
	int tgid;			/* its thread group (leader's tid) */
	int *clear_child_tid;		/* set_tid_address, CLONE_CHILD_CLEARTID */
	int pdeathsig;			/* PR_SET_PDEATHSIG (never sent: no parent) */
	char name[PROCESS_THREAD_NAME];	/* PR_SET_NAME; the thread's name */
	struct uk_list_head link;
};

extern __spinlock process_lock;
/* The record of t (lock held), or NULL. */
struct process_thread *process_thread_of(struct uk_thread *t);
/* The running thread's record (NULL in interrupt context). */
struct process_thread *process_current(void);
/* Clears *clear_child_tid and wakes one futex waiter there. */
void process_clear_child_tid(struct process_thread *p);
/* Lock taken inside: ends every other thread of group tgid. */
void process_end_group(int tgid, int status);

#endif /* __POSIX_PROCESS_IMPL_H__ */
