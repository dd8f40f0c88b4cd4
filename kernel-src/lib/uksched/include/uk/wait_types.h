/* The types of wait queues (Unikraft API uk/wait_types.h). */
#ifndef __UK_WAIT_TYPES_H__
#define __UK_WAIT_TYPES_H__

#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/spinlock.h>

struct uk_thread;

/* A queue of waiters. Zero-filled memory is not a valid queue: init it
 * (uk_waitq_init) or define it with DEFINE_WAIT_QUEUE. */
struct uk_waitq {
	__spinlock lock;
	struct uk_list_head waiters;	/* struct uk_waitq_entry.link */
};

/*
 * A waiter's place in a queue. Every thread (and every CPU's native
 * context) has one inside its struct uk_thread, which our own waits use:
 * a host call that the host abandons leaves its stack behind, but an entry
 * in the thread can still be unlinked (ukrepl_call_abandoned()). Code
 * written for 0.10 may put one on its stack (DEFINE_WAIT) and link it with
 * uk_waitq_add(); wake-ups treat both the same.
 */
struct uk_waitq_entry {
	int waiting;			/* linked into a queue (0.10's name) */
	struct uk_thread *thread;
	struct uk_waitq *wq;		/* the queue it is linked into, or NULL */
	volatile int woken;		/* set by a wake-up, cleared by prepare */
	struct uk_list_head link;
};

#define DEFINE_WAIT_QUEUE(name)						\
	struct uk_waitq name = {					\
		.lock = UK_SPINLOCK_INITIALIZER(),			\
		.waiters = UK_LIST_HEAD_INIT((name).waiters),		\
	}

/* A waiter for the running thread. */
#define DEFINE_WAIT(name)						\
	struct uk_waitq_entry name = {					\
		.thread = uk_thread_current(),				\
		.link = UK_LIST_HEAD_INIT((name).link),			\
	}

#endif /* __UK_WAIT_TYPES_H__ */
