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

/*
 * The polling loops below spin on plain loads, without the processor's
 * spin hint: under QEMU's multi-threaded TCG each `pause` ends the vCPU's
 * run of translated code and takes QEMU's global lock on the way back in,
 * so two CPUs polling with it (or one, while the other halts and wakes)
 * queue on that lock and the host puts their threads to sleep. Checking
 * the flag and the clock is all the waiting these loops do.
 */
static int sleep_polling(struct uk_thread *t, __nsec deadline)
{
	int host = uk_sched_is_host(t);

	while (!t->wait.woken) {
		if (deadline && ukplat_monotonic_clock() >= deadline)
			return -ETIMEDOUT;
		if (host)
			uk_sched_yield();
	}
	return 0;
}

/*
 * How long a waiter with nothing else to run watches its woken flag before
 * it blocks. Blocking leaves the CPU idle, and an idle CPU halts: waking it
 * again takes an IPI, and a halted vCPU is a host thread that went to sleep,
 * which a busy host may not run again for milliseconds. Most wake-ups come
 * from another CPU within microseconds (a writer filling a ring, a peer's
 * eventfd_write), so a short watch saves both; a long wait pays it once.
 */
#define SLEEP_SPIN_NS	300000ULL

/* Whether t was woken within the spin (only while nothing else could run
 * here: the wake-up must come from another CPU or an interrupt). */
static int spin_for_wake(struct uk_sched *s, struct uk_thread *t,
			 __nsec deadline)
{
	__nsec end = ukplat_monotonic_clock() + SLEEP_SPIN_NS;

	if (deadline && deadline < end)
		end = deadline;
	while (!t->wait.woken) {
		if (!uk_list_empty(&s->runq) ||
		    ukplat_monotonic_clock() >= end)
			return 0;
	}
	return 1;
}

static int sleep_blocking(struct uk_thread *t, __nsec deadline)
{
	struct uk_sched *s = uk_sched_this();
	unsigned long irqf;

	if (spin_for_wake(s, t, deadline))
		return 0;
	irqf = ukplat_lcpu_save_irqf();

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
