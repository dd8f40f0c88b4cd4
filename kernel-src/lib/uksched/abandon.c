/* When the host abandons a call on CPU 0 (Jupyter's interrupt: it stops the
 * call and puts CPU 0's registers back), whatever the call had linked into
 * the scheduler's structures, and any lock it held, would stay. CPU 0 notes
 * the locks it takes, and the steps below, which lib/ukreplhost's
 * ukrepl_call_abandoned() runs, undo exactly that. */
#include <uk/sched.h>
#include <uk/spinlock.h>
#include <uk/thread.h>
#include <ukrepl/host.h>
#include "sched_impl.h"

#define NOTES_MAX	16

/* Locks CPU 0 holds or is about to take, oldest first (host calls and CPU
 * 0's threads). More than NOTES_MAX nested locks are counted but not kept.
 * A stop in the middle of an update leaves at worst a duplicate or a stale
 * entry: release_locks() lets go only of locks marked as CPU 0's. */
static __spinlock *cpu0_locks[NOTES_MAX];
static unsigned int cpu0_nlocks;

static void note(__spinlock *l)
{
	if (cpu0_nlocks < NOTES_MAX)
		cpu0_locks[cpu0_nlocks] = l;
	cpu0_nlocks++;
}

/* Usually the newest; search backwards for locks released out of order. */
static void unnote(__spinlock *l)
{
	unsigned int i, kept = MIN(cpu0_nlocks, (unsigned int)NOTES_MAX);

	if (!cpu0_nlocks)
		return;
	i = kept;
	while (i-- > 0) {
		if (cpu0_locks[i] != l)
			continue;
		for (; i + 1 < kept; i++)
			cpu0_locks[i] = cpu0_locks[i + 1];
		break;
	}
	cpu0_nlocks--;
}

void uk_spin_lock_noted(__spinlock *l)
{
	if (ukplat_lcpu_idx() != 0) {
		uk_spin_lock(l);
		return;
	}
	note(l);
	while (!uk_spin_trylock_as(l, UK_SPIN_CPU0)) {
		while (l->locked)
			ukarch_spinwait();
	}
}

void uk_spin_unlock_noted(__spinlock *l)
{
	uk_spin_unlock(l);
	if (ukplat_lcpu_idx() == 0)
		unnote(l);
}

static void release_locks(void)
{
	unsigned int n = MIN(cpu0_nlocks, (unsigned int)NOTES_MAX);

	while (n-- > 0) {
		if (cpu0_locks[n]->locked == UK_SPIN_CPU0)
			uk_spin_unlock(cpu0_locks[n]);
	}
	cpu0_nlocks = 0;
}

/* A thread of CPU 0 that was running when the call was stopped cannot go
 * on: its registers are gone. It counts as exited. */
static void drop_running_thread(struct uk_sched *s)
{
	struct uk_thread *lost = s->current;

	s->current = &s->native;
	if (lost == &s->native)
		return;
	lost->flags |= UK_THREAD_ABANDONED;
	lost->state = UK_THREAD_EXITED;
	s->nr_threads--;
	sched_release_exited(lost);
}

static void run_cleanups(struct uk_thread *t)
{
	struct uk_thread_cleanup *c, *n;

	uk_list_for_each_entry_safe(c, n, &t->cleanups, link) {
		uk_list_del_init(&c->link);
		c->fn(c);
	}
}

/* The scheduler's state of the abandoned call: a thread that exited on CPU 0
 * without its successor running yet, the running thread, a run-queue entry,
 * a wait-queue entry. */
static void forget_call(void)
{
	struct uk_sched *s = &uk_sched_cpus[0];
	struct uk_thread *dead = s->prev_exited;

	s->prev_exited = NULL;
	if (dead)
		sched_release_exited(dead);
	drop_running_thread(s);
	/* it may have been queued while it let CPU 0's threads run */
	uk_list_del_init(&s->native.runq_link);
	uk_waitq_finish();
}

static void run_cpu0_cleanups(void)
{
	run_cleanups(&uk_sched_cpus[0].native);
}

UKREPL_ABANDON_STEP(release_locks, UKREPL_ABANDON_LOCKS);
UKREPL_ABANDON_STEP(forget_call, UKREPL_ABANDON_STATE);
UKREPL_ABANDON_STEP(run_cpu0_cleanups, UKREPL_ABANDON_CLEANUP);
