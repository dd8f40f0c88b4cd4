/* The scheduler: one run queue per CPU, cooperative (Unikraft API
 * uk/sched.h: each CPU's struct uk_sched is a scheduler of 0.10's). */
#ifndef __UK_SCHED_H__
#define __UK_SCHED_H__

#include <stdbool.h>
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
struct uk_sched;
struct uk_alloc;
typedef void (*uk_sched_yield_func_t)(struct uk_sched *s);
typedef int (*uk_sched_thread_add_func_t)(struct uk_sched *s,
					  struct uk_thread *t,
					  const uk_thread_attr_t *attr);
typedef void (*uk_sched_thread_remove_func_t)(struct uk_sched *s,
					      struct uk_thread *t);
typedef void (*uk_sched_thread_blocked_func_t)(struct uk_sched *s,
					       struct uk_thread *t);
typedef void (*uk_sched_thread_woken_func_t)(struct uk_sched *s,
					     struct uk_thread *t);
typedef int (*uk_sched_thread_set_prio_func_t)(struct uk_sched *s,
					       struct uk_thread *t,
					       prio_t prio);
typedef int (*uk_sched_thread_get_prio_func_t)(struct uk_sched *s,
					       const struct uk_thread *t,
					       prio_t *prio);
typedef int (*uk_sched_thread_set_tslice_func_t)(struct uk_sched *s,
						 struct uk_thread *t,
						 int tslice);
typedef int (*uk_sched_thread_get_tslice_func_t)(struct uk_sched *s,
						 const struct uk_thread *t,
						 int *tslice);

struct uk_sched {
	__spinlock lock;		/* run queue, sleepers, states */
	__lcpuidx cpu;
	struct uk_thread *current;
	union {				/* (0.10 calls it the idle thread) */
		struct uk_thread native;
		struct uk_thread idle;
	};
	struct uk_thread irq;		/* waits and errno of interrupt context */
	struct uk_list_head runq;	/* RUNNABLE threads, not current */
	struct uk_list_head sleepers;	/* BLOCKED threads with a deadline */
	struct uk_thread *prev_exited;	/* to be marked off_cpu after a switch */
	unsigned long switches;
	unsigned int nr_threads;	/* created here and not yet exited */
	/* 0.10's members: its operations (calling them does what the
	 * uk_sched_* function of the same name does), ... */
	uk_sched_yield_func_t yield;
	uk_sched_thread_add_func_t thread_add;
	uk_sched_thread_remove_func_t thread_remove;
	uk_sched_thread_blocked_func_t thread_blocked;
	uk_sched_thread_woken_func_t thread_woken;
	uk_sched_thread_set_prio_func_t thread_set_prio;
	uk_sched_thread_get_prio_func_t thread_get_prio;
	uk_sched_thread_set_tslice_func_t thread_set_tslice;
	uk_sched_thread_get_tslice_func_t thread_get_tslice;
	bool threads_started;		/* true from boot on */
	struct uk_thread_list exited_threads; /* detached, to be freed */
	struct ukplat_ctx_callbacks plat_ctx_cbs; /* the platform's (unused) */
	struct uk_alloc *allocator;	/* threads' memory: the default one */
	struct uk_sched *next;		/* the next CPU's, NULL at the last */
	void *prv;			/* unused */
};

/* One per possible CPU, for the host to read. */
extern struct uk_sched uk_sched_cpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];

/* ---- 0.10's scheduler API (sched_api.c) ---- */

/*
 * The default scheduler: where uk_thread_create_attr() puts threads.
 * CPU 1's while other CPUs are online (CPU 0 runs threads only while a
 * host call waits), else CPU 0's. Any CPU's is uk_sched_cpus[i].
 */
struct uk_sched *uk_sched_get_default(void);
/* Makes s the default; 0. */
int uk_sched_set_default(struct uk_sched *s);
/* The schedulers exist from boot: these return the default one. */
struct uk_sched *uk_sched_default_init(struct uk_alloc *a);
/* 0 for a scheduler of ours (they are registered from boot), else -EINVAL. */
int uk_sched_register(struct uk_sched *s);
/* Schedulers belong to CPUs: a new one cannot be made. NULL, errno ENOTSUP. */
struct uk_sched *uk_sched_create(struct uk_alloc *a, size_t prv_size);
/* Every CPU idles in the platform's loop: nothing to set up. */
void uk_sched_idle_init(struct uk_sched *sched, void *stack,
			void (*function)(void *));
struct uk_thread *uk_sched_get_idle(struct uk_sched *s);
/* They start at boot: nothing to do; started is always true. */
void uk_sched_start(struct uk_sched *sched);
bool uk_sched_started(struct uk_sched *sched);

/* A thread on sched's CPU running function(arg), with attr (NULL: the
 * defaults). NULL with errno on failure. */
struct uk_thread *uk_sched_thread_create(struct uk_sched *sched,
					 const char *name,
					 const uk_thread_attr_t *attr,
					 void (*function)(void *), void *arg);
/* Frees an exited thread (what uk_thread_wait does without the wait). */
void uk_sched_thread_destroy(struct uk_sched *sched,
			     struct uk_thread *thread);
/* Ends a thread that is not running: it never runs again. Its waiters are
 * woken; what it held (locks) stays held. The running thread exits. */
void uk_sched_thread_kill(struct uk_sched *sched, struct uk_thread *thread);
/* Switches from prev (the running thread) to whatever runs next: a
 * yield. */
void uk_sched_thread_switch(struct uk_sched *sched, struct uk_thread *prev,
			    struct uk_thread *next);
/* Ends the running thread. */
void __noreturn uk_sched_thread_exit(void);

/* Puts a thread made by uk_thread_init() on s's CPU, runnable: 0. */
int uk_sched_thread_add(struct uk_sched *s, struct uk_thread *t,
			const uk_thread_attr_t *attr);
/* Forgets an exited thread: 0, or -EBUSY if it has not exited. */
int uk_sched_thread_remove(struct uk_sched *s, struct uk_thread *t);
void uk_sched_thread_blocked(struct uk_sched *s, struct uk_thread *t);
void uk_sched_thread_woken(struct uk_sched *s, struct uk_thread *t);
int uk_sched_thread_set_prio(struct uk_sched *s, struct uk_thread *t,
			     prio_t prio);
int uk_sched_thread_get_prio(struct uk_sched *s, const struct uk_thread *t,
			     prio_t *prio);
int uk_sched_thread_set_timeslice(struct uk_sched *s, struct uk_thread *t,
				  int tslice);
int uk_sched_thread_get_timeslice(struct uk_sched *s,
				  const struct uk_thread *t, int *tslice);

/* No thread-local storage areas. */
#define have_tls_area()		0

/* Fills in a scheduler's operations (for 0.10 code that builds one). */
#define uk_sched_init(s, yield_func, thread_add_func, thread_remove_func, \
		      thread_blocked_func, thread_woken_func,		\
		      thread_set_prio_func, thread_get_prio_func,	\
		      thread_set_tslice_func, thread_get_tslice_func)	\
	do {								\
		(s)->yield = (yield_func);				\
		(s)->thread_add = (thread_add_func);			\
		(s)->thread_remove = (thread_remove_func);		\
		(s)->thread_blocked = (thread_blocked_func);		\
		(s)->thread_woken = (thread_woken_func);		\
		(s)->thread_set_prio = (thread_set_prio_func);		\
		(s)->thread_get_prio = (thread_get_prio_func);		\
		(s)->thread_set_tslice = (thread_set_tslice_func);	\
		(s)->thread_get_tslice = (thread_get_tslice_func);	\
	} while (0)

/* ---- ours ---- */

/* Lets the other runnable threads of this CPU run first. A no-op where
 * switching is not allowed (interrupt context, interrupts off). A thread
 * marked blocked (uk_thread_block) sleeps here until woken. */
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
