/* Wait queues. A waiter that may switch threads blocks; any other context
 * (host calls on CPU 0, interrupt context) polls its woken flag and the
 * monotonic clock, so waits work with interrupts off too. */
#include <uk/sched.h>
#include <uk/wait.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include "sched_impl.h"

void uk_waitq_init(struct uk_waitq *wq)
{
	uk_spin_init(&wq->lock);
	UK_INIT_LIST_HEAD(&wq->waiters);
}

void uk_waitq_entry_init(struct uk_waitq_entry *entry,
			 struct uk_thread *thread)
{
	entry->waiting = 0;
	entry->thread = thread;
	entry->wq = NULL;
	entry->woken = 0;
	UK_INIT_LIST_HEAD(&entry->link);
}

void uk_waitq_add(struct uk_waitq *wq, struct uk_waitq_entry *entry)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&wq->lock, irqf);
	if (!entry->wq) {
		uk_list_add_tail(&entry->link, &wq->waiters);
		entry->wq = wq;
		entry->waiting = 1;
	}
	entry->woken = 0;
	uk_spin_unlock_irqrestore(&wq->lock, irqf);
	mb();	/* as in uk_waitq_prepare */
}

void uk_waitq_remove(struct uk_waitq *wq, struct uk_waitq_entry *entry)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&wq->lock, irqf);
	if (entry->wq == wq) {
		uk_list_del_init(&entry->link);
		entry->wq = NULL;
		entry->waiting = 0;
	}
	uk_spin_unlock_irqrestore(&wq->lock, irqf);
}

int uk_waitq_empty(struct uk_waitq *wq)
{
	return uk_list_empty(&wq->waiters);
}

void uk_waitq_prepare(struct uk_waitq *wq)
{
	struct uk_waitq_entry *e = &uk_sched_waiter()->wait;
	unsigned long irqf;

	if (e->wq && e->wq != wq)
		uk_waitq_finish();
	uk_spin_lock_irqsave(&wq->lock, irqf);
	if (!e->wq) {
		uk_list_add_tail(&e->link, &wq->waiters);
		e->wq = wq;
		e->waiting = 1;
	}
	e->woken = 0;
	uk_spin_unlock_irqrestore(&wq->lock, irqf);
	/* the caller now reads its condition: that load must not pass the
	 * stores that linked us (x86 lets loads pass stores) */
	mb();
}

void uk_waitq_finish(void)
{
	struct uk_waitq_entry *e = &uk_sched_waiter()->wait;
	struct uk_waitq *wq = e->wq;
	unsigned long irqf;

	if (!wq)
		return;
	uk_spin_lock_irqsave(&wq->lock, irqf);
	uk_list_del_init(&e->link);
	e->wq = NULL;
	e->waiting = 0;
	uk_spin_unlock_irqrestore(&wq->lock, irqf);
}

static int sleep_polling(struct uk_thread *t, __nsec deadline)
{
	int host = uk_sched_is_host(t);

	while (!t->wait.woken) {
		if (deadline && ukplat_monotonic_clock() >= deadline)
			return -ETIMEDOUT;
		if (host)
			uk_sched_yield();
		ukarch_spinwait();
	}
	return 0;
}

static int sleep_blocking(struct uk_thread *t, __nsec deadline)
{
	struct uk_sched *s = uk_sched_this();
	unsigned long irqf = ukplat_lcpu_save_irqf();

	sched_lock(s);
	if (t->wait.woken) {
		sched_unlock(s);
	} else {
		/* a wake-up from here on finds it BLOCKED (same lock) */
		uk_sched_block_locked(s, deadline);
	}
	ukplat_lcpu_restore_irqf(irqf);
	if (t->wait.woken)
		return 0;
	if (deadline && ukplat_monotonic_clock() >= deadline)
		return -ETIMEDOUT;
	return 0;	/* woken by someone else: the caller checks again */
}

int uk_waitq_sleep(__nsec deadline)
{
	struct uk_thread *t = uk_sched_waiter();

	if (uk_sched_can_switch())
		return sleep_blocking(t, deadline);
	return sleep_polling(t, deadline);
}

/* Lock held. */
static int wake_entries(struct uk_waitq *wq, int max)
{
	struct uk_waitq_entry *e;
	int n = 0;

	uk_list_for_each_entry(e, &wq->waiters, link) {
		if (n == max)
			break;
		if (e->woken)
			continue;
		e->woken = 1;
		uk_sched_wake(e->thread);
		n++;
	}
	return n;
}

int uk_waitq_wake_up_locked(struct uk_waitq *wq)
{
	return wake_entries(wq, -1);
}

void uk_waitq_wake_up(struct uk_waitq *wq)
{
	unsigned long irqf;

	/* the caller's store that made the condition true goes first */
	mb();
	if (uk_list_empty(&wq->waiters))
		return;
	uk_spin_lock_irqsave(&wq->lock, irqf);
	wake_entries(wq, -1);
	uk_spin_unlock_irqrestore(&wq->lock, irqf);
}

int uk_waitq_wake_up_one_locked(struct uk_waitq *wq)
{
	return wake_entries(wq, 1);
}

int uk_waitq_wake_up_one(struct uk_waitq *wq)
{
	unsigned long irqf;
	int n;

	uk_spin_lock_irqsave(&wq->lock, irqf);
	n = wake_entries(wq, 1);
	uk_spin_unlock_irqrestore(&wq->lock, irqf);
	return n;
}
