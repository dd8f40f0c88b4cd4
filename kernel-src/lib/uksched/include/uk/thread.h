/* Threads: creating, joining and the running thread (Unikraft API
 * uk/thread.h). */
#ifndef __UK_THREAD_H__
#define __UK_THREAD_H__

#include <stdbool.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/print.h>	/* as 0.10's: uk_pr_* after #include <uk/thread.h> */
#include <uk/thread_attr.h>
#include <uk/wait.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/thread.h>
#include <uk/prio.h>

struct uk_sched;
struct uk_alloc;

enum uk_thread_state {
	UK_THREAD_RUNNABLE = 0,	/* running, or on its CPU's run queue */
	UK_THREAD_BLOCKED = 1,	/* waits for a wake-up or its wakeup_time */
	UK_THREAD_EXITED = 2,	/* done; uk_thread_wait() frees it */
};

/* flags */
#define UK_THREAD_NATIVE	0x1	/* a CPU's own context, not created */
#define UK_THREAD_ABANDONED	0x2	/* its CPU 0 run was abandoned by the host */
#define UK_THREAD_FOREIGN	0x8	/* memory of its creator (uk_thread_init) */
/* 0.10's flag names, for is_queueable and friends below */
#define RUNNABLE_FLAG		0x10
#define EXITED_FLAG		0x20
#define QUEUEABLE_FLAG		0x40	/* kept, not used: all threads queue */

/* The FP state of a thread while it is switched out, switched with the
 * thread (sched.c): x86_64's x87/SSE state (FXSAVE layout, Intel SDM Vol. 1
 * §10.5.1), arm64's v0-v31, FPSR and FPCR (struct ukarch_fpsimd_state). */
#ifdef __aarch64__
#define UK_THREAD_FPU_SIZE	528
#else
#define UK_THREAD_FPU_SIZE	512
#endif
struct uk_thread_fpu {
	__u8 area[UK_THREAD_FPU_SIZE];
} __align(16);

UK_TAILQ_HEAD(uk_thread_list, struct uk_thread);

/*
 * Cleanup records: things a thread linked into shared structures and must
 * undo if its run ends abnormally (the host abandoning a call on CPU 0).
 * They must live in heap or static memory, never on the stack.
 */
struct uk_thread_cleanup {
	struct uk_list_head link;
	void (*fn)(struct uk_thread_cleanup *c);
};

struct uk_thread {
	const char *name;
	int tid;			/* its id, unique: CPU 0's host context
					 * is 1 (the pid); interrupt contexts 0 */
	volatile int state;		/* enum uk_thread_state */
	unsigned int flags;		/* UK_THREAD_* */
	__lcpuidx cpu;			/* runs only there */
	unsigned long sp;		/* saved stack pointer while switched out */
	void *stack;			/* lowest address of its stack (NULL: native) */
	unsigned long stack_size;
	void (*entry)(void *arg);
	void *arg;
	int err_no;			/* its errno */
	__nsec wakeup_time;		/* while BLOCKED: deadline, 0 = none */
	unsigned long switches;		/* times it was switched to */
	volatile int off_cpu;		/* EXITED and its stack no longer in use */
	struct uk_list_head runq_link;	/* run queue or sleepers of its CPU */
	struct uk_list_head thread_link;/* uk_thread_list */
	struct uk_waitq_entry wait;	/* its place in a wait queue */
	struct uk_waitq waiting_threads;/* joiners */
	struct uk_list_head cleanups;	/* struct uk_thread_cleanup */
	__nsec cpu_time;		/* time it ran, up to on_cpu_since */
	__nsec on_cpu_since;		/* when it was last switched to */
	/* 0.10's members */
	void *tls;			/* its TLS pointer (x86_64: the %fs
					 * base, arm64: TPIDR_EL0), switched
					 * with it; NULL: none */
	void *ctx;			/* &sp: where its context is saved */
	UK_TAILQ_ENTRY(struct uk_thread) thread_list; /* sched's exited_threads */
	bool detached;			/* freed at exit, nobody waits */
	struct uk_sched *sched;		/* its CPU's */
	void *prv;			/* the scheduler's: unused */
	prio_t prio;			/* kept, not used (FIFO) */
	__nsec timeslice;
	struct uk_thread_fpu *fpu;	/* its x87/SSE state */
};

/* Every created thread that was not joined yet, for the host to walk. */
extern struct uk_list_head uk_thread_list;

/* Creates a thread running fn(arg) and makes it runnable on `cpu`. Its
 * stack is CONFIG_LIBUKSCHED_STACK_PAGES pages; it runs with interrupts on.
 * NULL (errno ENOMEM or EINVAL) on failure. */
struct uk_thread *uk_thread_create_on(__lcpuidx cpu, const char *name,
				      void (*fn)(void *), void *arg);
/* The same on the next CPU in turn other than the boot CPU (which runs
 * threads only while a host call waits), or on CPU 0 if it is alone. */
struct uk_thread *uk_thread_create(const char *name, void (*fn)(void *),
				   void *arg);
/* Ends `thread`: the running thread's exit does not return (returning from
 * fn ends it too); another thread is killed (uk_sched_thread_kill). */
void uk_thread_exit(struct uk_thread *thread);
/* Lets the thread free itself at exit: uk_thread_wait() is no longer
 * allowed. 0, or -EINVAL. */
int uk_thread_detach(struct uk_thread *thread);
int uk_thread_set_prio(struct uk_thread *thread, prio_t prio);
int uk_thread_get_prio(const struct uk_thread *thread, prio_t *prio);
int uk_thread_set_timeslice(struct uk_thread *thread, int timeslice);
int uk_thread_get_timeslice(const struct uk_thread *thread, int *timeslice);
/*
 * A thread in memory of the caller's (thread, and a stack of STACK_SIZE,
 * <uk/plat/config.h>) to be put on a scheduler with uk_sched_thread_add();
 * cbs and tls are not used. uk_thread_fini() undoes it after it exited.
 */
int uk_thread_init(struct uk_thread *thread, struct ukplat_ctx_callbacks *cbs,
		   struct uk_alloc *allocator, const char *name, void *stack,
		   void *tls, void (*function)(void *), void *arg);
void uk_thread_fini(struct uk_thread *thread, struct uk_alloc *allocator);
/* Marks thread (the running one) blocked: its next uk_sched_yield() sleeps
 * until uk_thread_wake(), or nsec from now. Nothing for a CPU's native
 * context, which polls instead. */
void uk_thread_block_timeout(struct uk_thread *thread, __nsec nsec);
void uk_thread_block(struct uk_thread *thread);
void uk_thread_wake(struct uk_thread *thread);

#define uk_thread_create_attr(name, attr, function, data)		\
	uk_sched_thread_create(uk_sched_get_default(), (name), (attr),	\
			       (function), (data))
#define uk_thread_kill(thread)						\
	uk_sched_thread_kill((thread)->sched, (thread))

#define is_runnable(_thread)	((_thread)->state == UK_THREAD_RUNNABLE)
#define set_runnable(_thread)	uk_thread_wake(_thread)
#define clear_runnable(_thread)	uk_thread_block(_thread)
#define is_exited(_thread)	((_thread)->state == UK_THREAD_EXITED)
#define set_exited(_thread)	uk_thread_exit(_thread)
#define is_queueable(_thread)	(!((_thread)->flags & UK_THREAD_NATIVE))
#define set_queueable(_thread)	((_thread)->flags |= QUEUEABLE_FLAG)
#define clear_queueable(_thread) ((_thread)->flags &= ~QUEUEABLE_FLAG)

/* Functions run in every new thread (init, before its function) and when
 * it is freed (fini): a table in the kernel image, by priority. */
typedef int (*uk_thread_init_func_t)(struct uk_thread *thread);
typedef void (*uk_thread_fini_func_t)(struct uk_thread *thread);
struct uk_thread_inittab_entry {
	uk_thread_init_func_t init;
	uk_thread_fini_func_t fini;
};
#define _UK_THREAD_INITTAB_ENTRY(init_fn, fini_fn, prio)		\
	static const struct uk_thread_inittab_entry __used		\
	__section(".uk_thread_inittab" STRINGIFY(prio))			\
	__align(8) UK_CONCAT(__uk_thread_inittab_, init_fn) = {		\
		.init = (init_fn), .fini = (fini_fn) }
#define UK_THREAD_INIT_PRIO(init_fn, fini_fn, prio)			\
	_UK_THREAD_INITTAB_ENTRY(init_fn, fini_fn, prio)
#define UK_THREAD_INIT(init_fn, fini_fn)				\
	UK_THREAD_INIT_PRIO(init_fn, fini_fn, UK_PRIO_LATEST)
extern const struct uk_thread_inittab_entry uk_thread_inittab_start[];
extern const struct uk_thread_inittab_entry uk_thread_inittab_end[];
/* Waits until t has exited, then frees it. 0, or -EINVAL for a native
 * context or the caller itself. */
int uk_thread_wait(struct uk_thread *t);

/* The thread running on this CPU (its native context if none was created). */
struct uk_thread *uk_thread_current(void);

/* The thread whose id is tid (created, or a CPU's native context), or
 * NULL. */
struct uk_thread *uk_thread_by_tid(int tid);

/* CPU time t has run (its current run included if it runs now), and
 * that of every thread since boot, CPU 0's host calls included
 * (CLOCK_THREAD_CPUTIME_ID, CLOCK_PROCESS_CPUTIME_ID). */
__nsec uk_thread_cpu_time(const struct uk_thread *t);
__nsec uk_thread_cpu_time_all(void);

/* For libraries: see struct uk_thread_cleanup. */
void uk_thread_cleanup_push(struct uk_thread_cleanup *c);
void uk_thread_cleanup_pop(struct uk_thread_cleanup *c);

/* uk_thread_create_attr and uk_thread_kill need the scheduler's API */
#include <uk/sched.h>

#endif /* __UK_THREAD_H__ */
