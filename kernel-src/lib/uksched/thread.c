/* Threads: creation on a CPU, joining, errno, cleanup records. */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/plat/time.h>
#include "sched_impl.h"
#include "thread_inittab.h"

#define STACK_PAGES	CONFIG_LIBUKSCHED_STACK_PAGES

UK_LIST_HEAD(uk_thread_list);
static __spinlock thread_list_lock = UK_SPINLOCK_INITIALIZER();
static unsigned int next_cpu;	/* uk_thread_create's turn */

static void list_insert(struct uk_thread *t)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&thread_list_lock, irqf);
	uk_list_add_tail(&t->thread_link, &uk_thread_list);
	uk_spin_unlock_irqrestore(&thread_list_lock, irqf);
}

/* CPU time of the threads no longer in the list */
static __nsec gone_cpu_time;

static void list_remove(struct uk_thread *t)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&thread_list_lock, irqf);
	if (!uk_list_empty(&t->thread_link))
		gone_cpu_time += t->cpu_time;
	uk_list_del_init(&t->thread_link);
	uk_spin_unlock_irqrestore(&thread_list_lock, irqf);
}

/* The stack of a thread that has not run yet looks as if the thread had
 * called uk_sched_ctx_switch() from uk_sched_thread_entry (switch.S). */
#ifdef __aarch64__
/* arm64 (switch_arm64.S): x19-x28, fp, lr, d8-d15, fpcr, fpsr: 24 words */
static void stack_init(struct uk_thread *t)
{
	unsigned long *sp = (unsigned long *)((__u8 *)t->stack + t->stack_size);

	sp -= 24;
	memset(sp, 0, 24 * sizeof(*sp));
	sp[0] = (unsigned long)t;			/* x19 */
	sp[11] = (unsigned long)uk_sched_thread_entry;	/* lr */
	t->sp = (unsigned long)sp;
}
#else
static void stack_init(struct uk_thread *t)
{
	unsigned long *sp = (unsigned long *)((__u8 *)t->stack + t->stack_size);

	sp -= 8;
	memset(sp, 0, 8 * sizeof(*sp));
	sp[3] = (unsigned long)t;			/* %r12 */
	sp[6] = (unsigned long)uk_sched_thread_entry;	/* return address */
	t->sp = (unsigned long)sp;
}
#endif

/* The FPU state a thread starts with: on x86_64 the x87 reset control word
 * (everything masked, 64-bit precision) and MXCSR's reset value; on arm64
 * all zero (FPCR 0: round to nearest, no traps). */
static void fpu_init(struct uk_thread_fpu *fpu)
{
	memset(fpu, 0, sizeof(*fpu));
#ifdef __x86_64__
	fpu->area[0] = 0x7f;	/* FCW 0x037f */
	fpu->area[1] = 0x03;
	fpu->area[24] = 0x80;	/* MXCSR 0x1f80 */
	fpu->area[25] = 0x1f;
#endif
}

/* The thread's own memory back to the allocator (not for uk_thread_init's
 * threads: their creator owns it). */
static void thread_free(struct uk_thread *t)
{
	struct uk_alloc *a = uk_alloc_get_default();

	thread_run_fini(t);
	list_remove(t);
	if (t->flags & UK_THREAD_FOREIGN)
		return;
	uk_free(a, t->fpu);
	uk_pfree(a, t->stack, STACK_PAGES);
	uk_free(a, t);
}

/* Frees the detached threads that exited, on every CPU. */
static void reap_detached(void)
{
	struct uk_thread *t;
	unsigned long irqf;
	unsigned int i;

	for (i = 0; i < CONFIG_UKPLAT_LCPU_MAXCOUNT; i++) {
		struct uk_sched *s = &uk_sched_cpus[i];

		for (;;) {
			uk_spin_lock_irqsave(&s->lock, irqf);
			t = UK_TAILQ_FIRST(&s->exited_threads);
			if (t)
				UK_TAILQ_REMOVE(&s->exited_threads, t,
						thread_list);
			uk_spin_unlock_irqrestore(&s->lock, irqf);
			if (!t)
				break;
			thread_free(t);
		}
	}
}

/* Runs the thread's init functions and makes it runnable: 0, or the
 * failing init function's error (then the thread is not started). */
static int thread_start(struct uk_thread *t)
{
	int rc = thread_run_init(t);

	if (rc < 0)
		return rc;
	list_insert(t);
	uk_sched_add(t);
	return 0;
}

struct uk_thread *uk_thread_create_on(__lcpuidx cpu, const char *name,
				      void (*fn)(void *), void *arg)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_thread *t;
	int rc;

	if (!fn || cpu >= ukplat_lcpu_count()) {
		errno = EINVAL;
		return NULL;
	}
	reap_detached();
	t = uk_zalloc(a, sizeof(*t));
	if (!t)
		goto nomem;
	t->stack_size = STACK_PAGES * __PAGE_SIZE;
	t->stack = uk_palloc(a, STACK_PAGES);
	t->fpu = uk_memalign(a, 16, sizeof(*t->fpu));
	if (!t->stack || !t->fpu) {
		if (t->stack)
			uk_pfree(a, t->stack, STACK_PAGES);
		uk_free(a, t->fpu);
		uk_free(a, t);
		goto nomem;
	}
	fpu_init(t->fpu);
	sched_thread_init(t, name ? name : "thread", cpu);
	t->entry = fn;
	t->arg = arg;
	stack_init(t);
	rc = thread_start(t);
	if (rc < 0) {
		thread_free(t);
		errno = -rc;
		return NULL;
	}
	return t;
nomem:
	errno = ENOMEM;
	return NULL;
}

int uk_thread_init(struct uk_thread *thread,
		   struct ukplat_ctx_callbacks *cbs __unused,
		   struct uk_alloc *allocator, const char *name, void *stack,
		   void *tls __unused, void (*function)(void *), void *arg)
{
	if (!thread || !stack || !function || !allocator)
		return -EINVAL;
	memset(thread, 0, sizeof(*thread));
	thread->fpu = uk_memalign(allocator, 16, sizeof(*thread->fpu));
	if (!thread->fpu)
		return -ENOMEM;
	fpu_init(thread->fpu);
	sched_thread_init(thread, name ? name : "thread", 0);
	thread->flags = UK_THREAD_FOREIGN;
	thread->stack = stack;
	thread->stack_size = __STACK_SIZE;
	thread->entry = function;
	thread->arg = arg;
	stack_init(thread);
	return 0;
}

void uk_thread_fini(struct uk_thread *thread, struct uk_alloc *allocator)
{
	if (thread && allocator) {
		uk_free(allocator, thread->fpu);
		thread->fpu = NULL;
	}
}

/* uk_sched_thread_add(): a thread of uk_thread_init() onto s's CPU. */
int sched_thread_start_on(struct uk_thread *t, __lcpuidx cpu)
{
	t->cpu = cpu;
	t->sched = &uk_sched_cpus[cpu];
	return thread_start(t);
}

struct uk_thread *uk_thread_create(const char *name, void (*fn)(void *),
				   void *arg)
{
	unsigned int n = ukplat_lcpu_count();
	__lcpuidx cpu = 0;

	if (n > 1)
		cpu = 1 + __atomic_fetch_add(&next_cpu, 1, __ATOMIC_RELAXED) %
			  (n - 1);
	return uk_thread_create_on(cpu, name, fn, arg);
}

struct uk_thread *uk_thread_by_tid(int tid)
{
	struct uk_thread *t, *found = NULL;
	unsigned long irqf;
	unsigned int i;

	for (i = 0; i < CONFIG_UKPLAT_LCPU_MAXCOUNT; i++)
		if (uk_sched_cpus[i].native.tid == tid)
			return &uk_sched_cpus[i].native;
	uk_spin_lock_irqsave(&thread_list_lock, irqf);
	uk_list_for_each_entry(t, &uk_thread_list, thread_link) {
		if (t->tid == tid && t->state != UK_THREAD_EXITED) {
			found = t;
			break;
		}
	}
	uk_spin_unlock_irqrestore(&thread_list_lock, irqf);
	return found;
}

__nsec uk_thread_cpu_time(const struct uk_thread *t)
{
	__nsec total = t->cpu_time;

	/* a running thread's current stretch is not in cpu_time yet */
	if (t == uk_sched_cpus[t->cpu].current)
		total += ukplat_monotonic_clock() - t->on_cpu_since;
	return total;
}

__nsec uk_thread_cpu_time_all(void)
{
	struct uk_thread *t;
	unsigned long irqf;
	__nsec total;

	uk_spin_lock_irqsave(&thread_list_lock, irqf);
	total = gone_cpu_time + uk_thread_cpu_time(&uk_sched_cpus[0].native);
	uk_list_for_each_entry(t, &uk_thread_list, thread_link)
		total += uk_thread_cpu_time(t);
	uk_spin_unlock_irqrestore(&thread_list_lock, irqf);
	return total;
}

struct uk_thread *uk_thread_current(void)
{
	return uk_sched_this()->current;
}

/* Called after the exited thread's last switch: see sched_after_switch().
 * off_cpu is set under the queue's lock, so a joiner that sees it cannot
 * free the thread before this wake-up is done with it. */
void sched_release_exited(struct uk_thread *t)
{
	struct uk_sched *s = &uk_sched_cpus[t->cpu];
	unsigned long irqf;
	bool detached;

	uk_spin_lock_irqsave(&t->waiting_threads.lock, irqf);
	t->off_cpu = 1;
	detached = t->detached;
	uk_waitq_wake_up_locked(&t->waiting_threads);
	uk_spin_unlock_irqrestore(&t->waiting_threads.lock, irqf);
	if (detached) {
		uk_spin_lock_irqsave(&s->lock, irqf);
		UK_TAILQ_INSERT_TAIL(&s->exited_threads, t, thread_list);
		uk_spin_unlock_irqrestore(&s->lock, irqf);
	}
}

int uk_thread_wait(struct uk_thread *t)
{
	if (!t || (t->flags & UK_THREAD_NATIVE) || t == uk_thread_current() ||
	    t->detached)
		return -EINVAL;
	uk_waitq_wait_event(&t->waiting_threads, t->off_cpu);
	/* the waker released the queue's lock before finish() could take it */
	thread_free(t);
	return 0;
}

/* Frees an exited thread without waiting for it (uk_sched_thread_destroy). */
void sched_thread_destroy(struct uk_thread *t)
{
	if (t && t->off_cpu && !t->detached)
		thread_free(t);
}

int uk_thread_detach(struct uk_thread *thread)
{
	unsigned long irqf;
	int exited;

	if (!thread || (thread->flags & UK_THREAD_NATIVE) || thread->detached)
		return -EINVAL;
	/* under the joiners' lock, so that sched_release_exited() sees either
	 * detached (and queues it) or not (and then we free it here) */
	uk_spin_lock_irqsave(&thread->waiting_threads.lock, irqf);
	exited = thread->off_cpu;
	__atomic_store_n(&thread->detached, true, __ATOMIC_RELEASE);
	uk_spin_unlock_irqrestore(&thread->waiting_threads.lock, irqf);
	if (exited)
		thread_free(thread);
	return 0;
}

/* ------------------------------------------------ cleanups */

void uk_thread_cleanup_push(struct uk_thread_cleanup *c)
{
	uk_list_add(&c->link, &uk_sched_waiter()->cleanups);
}

void uk_thread_cleanup_pop(struct uk_thread_cleanup *c)
{
	uk_list_del_init(&c->link);
}
