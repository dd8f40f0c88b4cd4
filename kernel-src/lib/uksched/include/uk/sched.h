/* The scheduler: one run queue per CPU, cooperative (Unikraft API
 * uk/sched.h, simplified to what a cooperative scheduler needs). */
#ifndef __UK_SCHED_H__
#define __UK_SCHED_H__

#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/spinlock.h>
#include <uk/thread.h>

/*
 * Why cooperative: the host stops and starts the whole VM at will and calls
 * into CPU 0 with interrupts off; preemption would add a timer interrupt to
 * every CPU and make every host view of a thread a moving target. Threads
 * switch only when they block, sleep, yield or exit. Each thread stays on
 * the CPU it was created on, so only that CPU ever switches to it.
 *
 * A CPU's native context (the idle loop of a secondary CPU; host calls on
 * CPU 0) is a struct uk_thread too, `native`, that runs when the queue is
 * empty. CPU 0's host calls take part in the round when they wait: they
 * queue themselves and let CPU 0's threads run (see uk_waitq_sleep()).
 */
struct uk_sched {
	__spinlock lock;		/* run queue, sleepers, states */
	__lcpuidx cpu;
	struct uk_thread *current;
	struct uk_thread native;
	struct uk_thread irq;		/* waits and errno of interrupt context */
	struct uk_list_head runq;	/* RUNNABLE threads, not current */
	struct uk_list_head sleepers;	/* BLOCKED threads with a deadline */
	struct uk_thread *prev_exited;	/* to be marked off_cpu after a switch */
	unsigned long switches;
	unsigned int nr_threads;	/* created here and not yet exited */
};

/* One per possible CPU, for the host to read. */
extern struct uk_sched uk_sched_cpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];

/* Lets the other runnable threads of this CPU run first. A no-op where
 * switching is not allowed (interrupt context, interrupts off). */
void uk_sched_yield(void);
/* Sleeps for nsec nanoseconds of the monotonic clock. */
void uk_sched_thread_sleep(__nsec nsec);

/* Whether the running context may switch threads (a created thread with
 * interrupts on). Others wait by polling: see uk_waitq_sleep(). */
int uk_sched_can_switch(void);
/*
 * Who is waiting when the running code waits: the current thread if it may
 * switch; CPU 0's native context for host calls (they poll, yielding to
 * CPU 0's threads); else `irq` of this CPU (interrupt context, or code with
 * interrupts off), which polls without yielding.
 */
struct uk_thread *uk_sched_waiter(void);
/* Whether t is CPU 0's native context, i.e. a host call. */
int uk_sched_is_host(const struct uk_thread *t);

/* ---- for lib/uksched's own files and ukrepl_call_abandoned() ---- */
struct uk_sched *uk_sched_this(void);
/* Blocks the current thread until uk_sched_wake() or `deadline`; returns
 * with the lock released. `s->lock` must be held, interrupts off. */
void uk_sched_block_locked(struct uk_sched *s, __nsec deadline);
/* Makes a BLOCKED thread runnable (nothing for others). */
void uk_sched_wake(struct uk_thread *t);
/* Queues t and tells its CPU. */
void uk_sched_add(struct uk_thread *t);

#endif /* __UK_SCHED_H__ */
