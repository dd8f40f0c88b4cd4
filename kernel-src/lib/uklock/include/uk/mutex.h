/* Mutexes (Unikraft API uk/mutex.h): recursive sleeping locks. The owner
 * may lock again (lock_count counts); others sleep on the wait queue. */
#ifndef __UK_MUTEX_H__
#define __UK_MUTEX_H__

#include <stddef.h>
#include <uk/essentials.h>
#include <uk/wait.h>

struct uk_mutex {
	int lock_count;
	struct uk_thread *owner;
	struct uk_waitq wait;
};

/* Counts of every mutex together (uk_mutex_get_metrics). */
struct uk_mutex_metrics {
	size_t active_locked;
	size_t active_unlocked;
	size_t total_locks;
	size_t total_ok_trylocks;
	size_t total_failed_trylocks;
	size_t total_unlocks;
};

#define UK_MUTEX_INITIALIZER(name)					\
	{ 0, NULL, {							\
		.lock = UK_SPINLOCK_INITIALIZER(),			\
		.waiters = UK_LIST_HEAD_INIT((name).wait.waiters) } }

void uk_mutex_init(struct uk_mutex *m);
/* Sleeps until the mutex is free or already ours. The owner is the
 * waiter (uk_sched_waiter()): a thread, or CPU 0's host context. */
void uk_mutex_lock(struct uk_mutex *m);
/* 1 if locked (or locked again), 0 if someone else holds it. */
int uk_mutex_trylock(struct uk_mutex *m);
int uk_mutex_is_locked(struct uk_mutex *m);
void uk_mutex_unlock(struct uk_mutex *m);
void uk_mutex_get_metrics(struct uk_mutex_metrics *dst);

/* Waits on wq for condition with mutex held around every test of it. */
#define uk_waitq_wait_event_mutex(wq, condition, mutex)			\
	uk_waitq_wait_event_locked(wq, condition, uk_mutex_lock,	\
				   uk_mutex_unlock, mutex)
#define uk_waitq_wait_event_deadline_mutex(wq, condition, deadline, mutex) \
	uk_waitq_wait_event_deadline_locked(wq, condition, deadline,	\
					    uk_mutex_lock,		\
					    uk_mutex_unlock, mutex)

#endif /* __UK_MUTEX_H__ */
