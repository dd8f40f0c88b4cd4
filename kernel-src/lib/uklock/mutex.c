/* Mutexes (<uk/mutex.h>). The state changes under the wait queue's lock;
 * sleeping is the wait queue's (so host calls and interrupt context poll
 * where threads block). */
#include <string.h>
#include <uk/assert.h>
#include <uk/mutex.h>
#include <uk/sched.h>

static struct uk_mutex_metrics metrics;

void uk_mutex_init(struct uk_mutex *m)
{
	m->lock_count = 0;
	m->owner = NULL;
	uk_waitq_init(&m->wait);
}

/* Under m->wait.lock: takes m for `me` if free or already mine. */
static int take(struct uk_mutex *m, struct uk_thread *me)
{
	if (m->lock_count && m->owner != me)
		return 0;
	m->owner = me;
	m->lock_count++;
	return 1;
}

static int try_take(struct uk_mutex *m, struct uk_thread *me)
{
	unsigned long irqf;
	int got;

	uk_spin_lock_irqsave(&m->wait.lock, irqf);
	got = take(m, me);
	if (got && m->lock_count == 1) {
		metrics.active_locked++;
		metrics.total_locks++;
	}
	uk_spin_unlock_irqrestore(&m->wait.lock, irqf);
	return got;
}

void uk_mutex_lock(struct uk_mutex *m)
{
	struct uk_thread *me = uk_sched_waiter();

	uk_waitq_wait_event(&m->wait, try_take(m, me));
}

int uk_mutex_trylock(struct uk_mutex *m)
{
	int got = try_take(m, uk_sched_waiter());

	if (got)
		metrics.total_ok_trylocks++;
	else
		metrics.total_failed_trylocks++;
	return got;
}

int uk_mutex_is_locked(struct uk_mutex *m)
{
	return m->lock_count > 0;
}

void uk_mutex_unlock(struct uk_mutex *m)
{
	/* (who we are depends on the interrupt flag: ask before locking) */
	struct uk_thread *me = uk_sched_waiter();
	unsigned long irqf;
	int freed;

	uk_spin_lock_irqsave(&m->wait.lock, irqf);
	UK_ASSERT(m->lock_count > 0 && m->owner == me);
	freed = --m->lock_count == 0;
	if (freed) {
		m->owner = NULL;
		metrics.active_locked--;
		metrics.total_unlocks++;
		uk_waitq_wake_up_one_locked(&m->wait);
	}
	uk_spin_unlock_irqrestore(&m->wait.lock, irqf);
}

void uk_mutex_get_metrics(struct uk_mutex_metrics *dst)
{
	memcpy(dst, &metrics, sizeof(*dst));
}
