/* Wait queues: sleep until a condition holds, with an optional deadline on
 * the monotonic clock (Unikraft API uk/wait.h). */
#ifndef __UK_WAIT_H__
#define __UK_WAIT_H__

#include <errno.h>
#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/spinlock.h>
#include <uk/arch/time.h>

struct uk_thread;

/* A queue of waiters. Zero-filled memory is not a valid queue: init it. */
struct uk_waitq {
	__spinlock lock;
	struct uk_list_head waiters;	/* struct uk_waitq_entry.link */
};

/*
 * A waiter's place in a queue. Every thread (and every CPU's native
 * context) has one inside its struct uk_thread, never on a stack: a host
 * call that the host abandons leaves its stack behind, but its entry can
 * still be unlinked (ukrepl_call_abandoned()).
 */
struct uk_waitq_entry {
	struct uk_thread *thread;
	struct uk_waitq *wq;		/* the queue it is linked into, or NULL */
	volatile int woken;		/* set by a wake-up, cleared by prepare */
	struct uk_list_head link;
};

void uk_waitq_init(struct uk_waitq *wq);
int uk_waitq_empty(struct uk_waitq *wq);

/* Links the running thread's entry into wq (if it is not yet) and clears
 * its woken flag: a wake-up from here on ends the next sleep at once. */
void uk_waitq_prepare(struct uk_waitq *wq);
/* Sleeps until woken or until `deadline` (absolute ns, 0 = none). Returns
 * 0 when woken, -ETIMEDOUT when the deadline came first. */
int uk_waitq_sleep(__nsec deadline);
/* Unlinks the running thread's entry from whatever queue holds it. */
void uk_waitq_finish(void);

/* Wakes every waiter of wq; returns how many there were. */
int uk_waitq_wake_up(struct uk_waitq *wq);
/* The same with wq->lock already held by the caller. */
int uk_waitq_wake_up_locked(struct uk_waitq *wq);
/* Wakes at most one waiter (the one that waited longest). */
int uk_waitq_wake_up_one(struct uk_waitq *wq);

/*
 * Waits until `condition` is true: 0, or -ETIMEDOUT once the monotonic
 * clock reaches `deadline` (absolute ns; 0 waits for ever) with the
 * condition still false. The condition is evaluated with no lock held;
 * whoever makes it true must call uk_waitq_wake_up() afterwards.
 */
#define uk_waitq_wait_event_deadline(wq, condition, deadline)		\
	({								\
		int __uk_wait_rc;					\
									\
		for (;;) {						\
			uk_waitq_prepare(wq);				\
			if (condition) {				\
				__uk_wait_rc = 0;			\
				break;					\
			}						\
			if (uk_waitq_sleep(deadline)) {			\
				__uk_wait_rc = (condition) ? 0 : -ETIMEDOUT; \
				break;					\
			}						\
		}							\
		uk_waitq_finish();					\
		__uk_wait_rc;						\
	})

#define uk_waitq_wait_event(wq, condition)				\
	((void)uk_waitq_wait_event_deadline(wq, condition, 0))

#endif /* __UK_WAIT_H__ */
