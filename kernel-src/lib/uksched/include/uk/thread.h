/* Threads: creating, joining and the running thread (Unikraft API
 * uk/thread.h, simplified: no attributes, no TLS). */
#ifndef __UK_THREAD_H__
#define __UK_THREAD_H__

#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/wait.h>
#include <uk/plat/lcpu.h>

enum uk_thread_state {
	UK_THREAD_RUNNABLE = 0,	/* running, or on its CPU's run queue */
	UK_THREAD_BLOCKED = 1,	/* waits for a wake-up or its wakeup_time */
	UK_THREAD_EXITED = 2,	/* done; uk_thread_wait() frees it */
};

/* flags */
#define UK_THREAD_NATIVE	0x1	/* a CPU's own context, not created */
#define UK_THREAD_ABANDONED	0x2	/* its CPU 0 run was abandoned by the host */

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
	struct uk_waitq exit_wq;	/* joiners */
	struct uk_list_head cleanups;	/* struct uk_thread_cleanup */
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
/* Ends the running thread (also what returning from fn does). */
void __noreturn uk_thread_exit(void);
/* Waits until t has exited, then frees it. 0, or -EINVAL for a native
 * context or the caller itself. */
int uk_thread_wait(struct uk_thread *t);

/* The thread running on this CPU (its native context if none was created). */
struct uk_thread *uk_thread_current(void);

/* For libraries: see struct uk_thread_cleanup. */
void uk_thread_cleanup_push(struct uk_thread_cleanup *c);
void uk_thread_cleanup_pop(struct uk_thread_cleanup *c);

#endif /* __UK_THREAD_H__ */
