/* The rest of 0.10's thread API (<uk/thread.h>): exit, priorities and
 * time slices (kept, not used by the FIFO scheduler), blocking and waking,
 * and the per-thread init table. */
#include <errno.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/plat/time.h>
#include "sched_impl.h"
#include "thread_inittab.h"

void uk_thread_exit(struct uk_thread *thread)
{
	if (!thread || thread == uk_thread_current())
		sched_exit_current();
	uk_sched_thread_kill(thread->sched, thread);
}

int uk_thread_set_prio(struct uk_thread *thread, prio_t prio)
{
	if (!thread || prio < UK_THREAD_ATTR_PRIO_MIN ||
	    prio > UK_THREAD_ATTR_PRIO_MAX)
		return -EINVAL;
	thread->prio = prio;
	return 0;
}

int uk_thread_get_prio(const struct uk_thread *thread, prio_t *prio)
{
	if (!thread || !prio)
		return -EINVAL;
	*prio = thread->prio;
	return 0;
}

int uk_thread_set_timeslice(struct uk_thread *thread, int timeslice)
{
	if (!thread || timeslice < 0)
		return -EINVAL;
	thread->timeslice = (__nsec)timeslice;
	return 0;
}

int uk_thread_get_timeslice(const struct uk_thread *thread, int *timeslice)
{
	if (!thread || !timeslice)
		return -EINVAL;
	*timeslice = (int)thread->timeslice;
	return 0;
}

/* Only the running thread can block itself: a cooperative scheduler never
 * stops another one. */
void uk_thread_block_timeout(struct uk_thread *thread, __nsec nsec)
{
	if (thread == uk_thread_current())
		sched_block_current(ukplat_monotonic_clock() + nsec);
}

void uk_thread_block(struct uk_thread *thread)
{
	if (thread == uk_thread_current())
		sched_block_current(0);
}

void uk_thread_wake(struct uk_thread *thread)
{
	if (thread)
		uk_sched_wake(thread);
}

/* ---------------------------------------------------------------- init table */

int thread_run_init(struct uk_thread *t)
{
	const struct uk_thread_inittab_entry *e;
	int rc;

	for (e = uk_thread_inittab_start; e < uk_thread_inittab_end; e++) {
		rc = e->init ? e->init(t) : 0;
		if (rc < 0) {
			while (e-- > uk_thread_inittab_start) {
				if (e->fini)
					e->fini(t);
			}
			return rc;
		}
	}
	return 0;
}

void thread_run_fini(struct uk_thread *t)
{
	const struct uk_thread_inittab_entry *e = uk_thread_inittab_end;

	while (e-- > uk_thread_inittab_start) {
		if (e->fini)
			e->fini(t);
	}
}
