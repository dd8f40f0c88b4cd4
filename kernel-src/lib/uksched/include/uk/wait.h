/* Wait queues: sleep until a condition holds, with an optional deadline on
 * the monotonic clock (Unikraft API uk/wait.h). */
#ifndef __UK_WAIT_H__
#define __UK_WAIT_H__

#include <errno.h>
#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/spinlock.h>
#include <uk/arch/time.h>
#include <uk/arch/lcpu.h>

#include <uk/wait_types.h>

struct uk_thread *uk_thread_current(void);

void uk_waitq_init(struct uk_waitq *wq);
/* 0.10's waiter entries: see struct uk_waitq_entry. */
void uk_waitq_entry_init(struct uk_waitq_entry *entry,
			 struct uk_thread *thread);
/* Links entry into wq (once) and clears its woken flag. */
void uk_waitq_add(struct uk_waitq *wq, struct uk_waitq_entry *entry);
void uk_waitq_remove(struct uk_waitq *wq, struct uk_waitq_entry *entry);
/* Also marks the waiter's thread blocked (uk_thread_block), so that the
 * uk_sched_yield() that follows sleeps until a wake-up; and the reverse. */
#define uk_waitq_add_waiter(wq, w)					\
	do {								\
		uk_waitq_add(wq, w);					\
		uk_thread_block((w)->thread);				\
	} while (0)
#define uk_waitq_remove_waiter(wq, w)					\
	do {								\
		uk_thread_wake((w)->thread);				\
		uk_waitq_remove(wq, w);					\
	} while (0)
void uk_thread_block(struct uk_thread *thread);
void uk_thread_wake(struct uk_thread *thread);
/* The lock and unlock functions of the _locked waits when there is none. */
static inline void __lock_dummy(void *lock __unused)
{
}
int uk_waitq_empty(struct uk_waitq *wq);

/* Links the running thread's entry into wq (if it is not yet) and clears
 * its woken flag: a wake-up from here on ends the next sleep at once. */
void uk_waitq_prepare(struct uk_waitq *wq);
/* Sleeps until woken or until `deadline` (absolute ns, 0 = none). Returns
 * 0 when woken, -ETIMEDOUT when the deadline came first. */
int uk_waitq_sleep(__nsec deadline);
/* Unlinks the running thread's entry from whatever queue holds it. */
void uk_waitq_finish(void);

/* Wakes every waiter of wq. */
void uk_waitq_wake_up(struct uk_waitq *wq);
/* The same with wq->lock already held by the caller. */
int uk_waitq_wake_up_locked(struct uk_waitq *wq);
/* Wakes at most one waiter (the one that waited longest). */
int uk_waitq_wake_up_one(struct uk_waitq *wq);
int uk_waitq_wake_up_one_locked(struct uk_waitq *wq);

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
			/* woken: most often it holds now, and the	\
			 * entry is still linked; re-arm only if not */	\
			if (condition) {				\
				__uk_wait_rc = 0;			\
				break;					\
			}						\
		}							\
		uk_waitq_finish();					\
		__uk_wait_rc;						\
	})

#define uk_waitq_wait_event(wq, condition)				\
	((void)uk_waitq_wait_event_deadline(wq, condition, 0))

/* The same with `lock` held around every test of the condition (and let
 * go while sleeping): lock_fn(lock) / unlock_fn(lock). */
#define uk_waitq_wait_event_deadline_locked(wq, condition, deadline,	\
					    lock_fn, unlock_fn, lock)	\
	({								\
		int __uk_wait_rc;					\
									\
		for (;;) {						\
			uk_waitq_prepare(wq);				\
			if (condition) {				\
				__uk_wait_rc = 0;			\
				break;					\
			}						\
			unlock_fn(lock);				\
			__uk_wait_rc = uk_waitq_sleep(deadline);	\
			lock_fn(lock);					\
			if (__uk_wait_rc) {				\
				__uk_wait_rc = (condition) ? 0 : -ETIMEDOUT; \
				break;					\
			}						\
		}							\
		uk_waitq_finish();					\
		__uk_wait_rc;						\
	})
#define uk_waitq_wait_event_locked(wq, condition, lock_fn, unlock_fn, lock) \
	((void)uk_waitq_wait_event_deadline_locked(wq, condition, 0,	\
						   lock_fn, unlock_fn, lock))

#endif /* __UK_WAIT_H__ */
