/* 0.10's scheduler API (<uk/sched.h>) over the per-CPU schedulers: each
 * CPU's struct uk_sched is one of 0.10's schedulers, with its operations
 * filled in here. */
#include <errno.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/schedcoop.h>
#include "sched_impl.h"
#include "thread_inittab.h"

static struct uk_sched *default_sched;

static int is_ours(const struct uk_sched *s)
{
	return s >= uk_sched_cpus &&
	       s < uk_sched_cpus + CONFIG_UKPLAT_LCPU_MAXCOUNT;
}

struct uk_sched *uk_sched_get_default(void)
{
	if (default_sched)
		return default_sched;
	return &uk_sched_cpus[ukplat_lcpu_count() > 1 ? 1 : 0];
}

int uk_sched_set_default(struct uk_sched *s)
{
	if (!is_ours(s))
		return -EINVAL;
	default_sched = s;
	return 0;
}

struct uk_sched *uk_sched_default_init(struct uk_alloc *a __unused)
{
	return uk_sched_get_default();
}

struct uk_sched *uk_schedcoop_init(struct uk_alloc *a __unused)
{
	return uk_sched_get_default();
}

int uk_sched_register(struct uk_sched *s)
{
	return is_ours(s) ? 0 : -EINVAL;
}

struct uk_sched *uk_sched_create(struct uk_alloc *a __unused,
				 size_t prv_size __unused)
{
	errno = ENOTSUP;
	return NULL;
}

void uk_sched_idle_init(struct uk_sched *sched __unused, void *stack __unused,
			void (*function)(void *) __unused)
{
}

struct uk_thread *uk_sched_get_idle(struct uk_sched *s)
{
	return s ? &s->native : NULL;
}

void uk_sched_start(struct uk_sched *sched __unused)
{
}

bool uk_sched_started(struct uk_sched *sched)
{
	return sched && sched->threads_started;
}

/* ---------------------------------------------------------------- threads */

static void apply_attr(struct uk_thread *t, const uk_thread_attr_t *attr)
{
	if (!attr)
		return;
	t->prio = attr->prio;
	t->timeslice = attr->timeslice;
}

struct uk_thread *uk_sched_thread_create(struct uk_sched *sched,
					 const char *name,
					 const uk_thread_attr_t *attr,
					 void (*function)(void *), void *arg)
{
	struct uk_thread *t;

	if (!is_ours(sched)) {
		errno = EINVAL;
		return NULL;
	}
	t = uk_thread_create_on(sched->cpu, name, function, arg);
	if (t) {
		apply_attr(t, attr);
		if (attr && attr->detached)
			uk_thread_detach(t);
	}
	return t;
}

void uk_sched_thread_destroy(struct uk_sched *sched __unused,
			     struct uk_thread *thread)
{
	sched_thread_destroy(thread);
}

void uk_sched_thread_kill(struct uk_sched *sched __unused,
			  struct uk_thread *thread)
{
	if (!thread || (thread->flags & UK_THREAD_NATIVE))
		return;
	if (thread == uk_thread_current())
		sched_exit_current();
	/* off its wait queue first: a wake-up must not find it */
	if (thread->wait.wq)
		uk_waitq_remove(thread->wait.wq, &thread->wait);
	sched_kill(thread);
}

void uk_sched_thread_switch(struct uk_sched *sched __unused,
			    struct uk_thread *prev, struct uk_thread *next)
{
	if (prev == uk_thread_current() && next != prev)
		uk_sched_yield();
}

void __noreturn uk_sched_thread_exit(void)
{
	sched_exit_current();
}

int uk_sched_thread_add(struct uk_sched *s, struct uk_thread *t,
			const uk_thread_attr_t *attr)
{
	if (!is_ours(s) || !t || !(t->flags & UK_THREAD_FOREIGN))
		return -EINVAL;
	apply_attr(t, attr);
	return sched_thread_start_on(t, s->cpu);
}

int uk_sched_thread_remove(struct uk_sched *s __unused, struct uk_thread *t)
{
	return t && t->off_cpu ? 0 : -EBUSY;
}

void uk_sched_thread_blocked(struct uk_sched *s __unused, struct uk_thread *t)
{
	uk_thread_block(t);
}

void uk_sched_thread_woken(struct uk_sched *s __unused, struct uk_thread *t)
{
	uk_thread_wake(t);
}

int uk_sched_thread_set_prio(struct uk_sched *s __unused, struct uk_thread *t,
			     prio_t prio)
{
	return uk_thread_set_prio(t, prio);
}

int uk_sched_thread_get_prio(struct uk_sched *s __unused,
			     const struct uk_thread *t, prio_t *prio)
{
	return uk_thread_get_prio(t, prio);
}

int uk_sched_thread_set_timeslice(struct uk_sched *s __unused,
				  struct uk_thread *t, int tslice)
{
	return uk_thread_set_timeslice(t, tslice);
}

int uk_sched_thread_get_timeslice(struct uk_sched *s __unused,
				  const struct uk_thread *t, int *tslice)
{
	return uk_thread_get_timeslice(t, tslice);
}

/* ---------------------------------------------------------------- set-up */

static void op_yield(struct uk_sched *s __unused)
{
	uk_sched_yield();
}

static void op_remove(struct uk_sched *s, struct uk_thread *t)
{
	uk_sched_thread_remove(s, t);
}

void sched_ops_init(struct uk_sched *s)
{
	uk_sched_init(s, op_yield, uk_sched_thread_add, op_remove,
		      uk_sched_thread_blocked, uk_sched_thread_woken,
		      uk_sched_thread_set_prio, uk_sched_thread_get_prio,
		      uk_sched_thread_set_timeslice,
		      uk_sched_thread_get_timeslice);
	s->threads_started = true;
	UK_TAILQ_INIT(&s->exited_threads);
	ukplat_ctx_callbacks_init(&s->plat_ctx_cbs, ukplat_ctx_sw);
	s->allocator = NULL;	/* the default one, once it exists */
	s->next = s->cpu + 1 < CONFIG_UKPLAT_LCPU_MAXCOUNT ? s + 1 : NULL;
}
