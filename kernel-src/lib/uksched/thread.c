/* Threads: creation on a CPU, joining, errno, cleanup records. */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include "sched_impl.h"

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

static void list_remove(struct uk_thread *t)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&thread_list_lock, irqf);
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

struct uk_thread *uk_thread_create_on(__lcpuidx cpu, const char *name,
				      void (*fn)(void *), void *arg)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_thread *t;

	if (!fn || cpu >= ukplat_lcpu_count()) {
		errno = EINVAL;
		return NULL;
	}
	t = uk_zalloc(a, sizeof(*t));
	if (!t)
		goto nomem;
	t->stack_size = STACK_PAGES * __PAGE_SIZE;
	t->stack = uk_palloc(a, STACK_PAGES);
	if (!t->stack) {
		uk_free(a, t);
		goto nomem;
	}
	sched_thread_init(t, name ? name : "thread", cpu);
	t->entry = fn;
	t->arg = arg;
	stack_init(t);
	list_insert(t);
	uk_sched_add(t);
	return t;
nomem:
	errno = ENOMEM;
	return NULL;
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

struct uk_thread *uk_thread_current(void)
{
	return uk_sched_this()->current;
}

/* Called after the exited thread's last switch: see sched_after_switch().
 * off_cpu is set under the queue's lock, so a joiner that sees it cannot
 * free the thread before this wake-up is done with it. */
void sched_release_exited(struct uk_thread *t)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&t->exit_wq.lock, irqf);
	t->off_cpu = 1;
	uk_waitq_wake_up_locked(&t->exit_wq);
	uk_spin_unlock_irqrestore(&t->exit_wq.lock, irqf);
}

int uk_thread_wait(struct uk_thread *t)
{
	struct uk_alloc *a = uk_alloc_get_default();

	if (!t || (t->flags & UK_THREAD_NATIVE) || t == uk_thread_current())
		return -EINVAL;
	uk_waitq_wait_event(&t->exit_wq, t->off_cpu);
	/* the waker released the queue's lock before finish() could take it */
	list_remove(t);
	uk_pfree(a, t->stack, STACK_PAGES);
	uk_free(a, t);
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
