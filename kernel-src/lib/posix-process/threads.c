/*
 * The threads of the process: a record per thread (its group, the
 * address clear_child_tid names, its prctl name), exit and exit_group,
 * set_tid_address, and arch_prctl's %fs base (the TLS pointer the
 * scheduler switches with the thread).
 */
#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <asm/prctl.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/init.h>
#include <uk/process.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include <uk/plat/tls.h>
#include "process_impl.h"

#define FUTEX_WAKE	1
#define GROUPS_KEPT	16	/* how many ended groups' statuses we keep */

__spinlock process_lock = UK_SPINLOCK_INITIALIZER();
static UK_LIST_HEAD(process_threads);
static struct process_thread host_thread = {
	.tgid = UNIKRAFT_PID, .name = "host"
};

static struct { int tgid, status; } ended_groups[GROUPS_KEPT];
static unsigned int ended_groups_next;

static int process_init(void)
{
	host_thread.thread = &uk_sched_cpus[0].native;
	uk_list_add(&host_thread.link, &process_threads);
	return 0;
}
uk_early_initcall(process_init);

struct process_thread *process_thread_of(struct uk_thread *t)
{
	struct process_thread *p;

	uk_list_for_each_entry(p, &process_threads, link)
		if (p->thread == t)
			return p;
	return NULL;
}

struct process_thread *process_current(void)
{
	struct process_thread *p;
	unsigned long irqf;

	uk_spin_lock_irqsave(&process_lock, irqf);
	p = process_thread_of(uk_thread_current());
	uk_spin_unlock_irqrestore(&process_lock, irqf);
	return p;
}

/* Every created thread leads a group of its own until clone says it
 * joins its creator's (clone.c sets tgid after this). */
static int thread_init(struct uk_thread *t)
{
	struct process_thread *p = uk_zalloc(uk_alloc_get_default(),
					     sizeof(*p));
	unsigned long irqf;

	if (!p)
		return -ENOMEM;
	p->thread = t;
	p->tgid = t->tid;
	strncpy(p->name, t->name, PROCESS_THREAD_NAME - 1);
	uk_spin_lock_irqsave(&process_lock, irqf);
	uk_list_add_tail(&p->link, &process_threads);
	uk_spin_unlock_irqrestore(&process_lock, irqf);
	return 0;
}

static void thread_fini(struct uk_thread *t)
{
	struct process_thread *p;
	unsigned long irqf;

	uk_spin_lock_irqsave(&process_lock, irqf);
	p = process_thread_of(t);
	if (p)
		uk_list_del(&p->link);
	uk_spin_unlock_irqrestore(&process_lock, irqf);
	uk_free(uk_alloc_get_default(), p);
}
UK_THREAD_INIT(thread_init, thread_fini);

void process_clear_child_tid(struct process_thread *p)
{
	long (*futex)(long, long, long, long, long, long) =
		(long (*)(long, long, long, long, long, long))
		(void (*)(void))uk_syscall_r_fn(__NR_futex);

	if (!p->clear_child_tid)
		return;
	__atomic_store_n(p->clear_child_tid, 0, __ATOMIC_RELEASE);
	if (futex)
		futex((long)p->clear_child_tid, FUTEX_WAKE, 1, 0, 0, 0);
	p->clear_child_tid = NULL;
}

UK_SYSCALL_R_DEFINE(pid_t, set_tid_address, int *, tidptr)
{
	struct process_thread *p = process_current();

	if (p)
		p->clear_child_tid = tidptr;
	return uk_thread_current()->tid;
}

/* The host context cannot end: a call in a cell has to return. */
static int exit_current(void)
{
	struct process_thread *p = process_current();

	if (uk_thread_current()->flags & UK_THREAD_NATIVE)
		return -EPERM;
	if (p)
		process_clear_child_tid(p);
	uk_sched_thread_exit();
}

/* the libc's exit() is nolibc's own (it ends the guest) */
UK_LLSYSCALL_R_DEFINE(int, exit, int, status)
{
	(void)status;	/* a thread's status has nobody to go to */
	return exit_current();
}

void process_end_group(int tgid, int status)
{
	struct process_thread *p, *n;
	unsigned long irqf;

	uk_spin_lock_irqsave(&process_lock, irqf);
	ended_groups[ended_groups_next % GROUPS_KEPT].tgid = tgid;
	ended_groups[ended_groups_next % GROUPS_KEPT].status = status;
	ended_groups_next++;
	uk_list_for_each_entry_safe(p, n, &process_threads, link) {
		if (p->tgid != tgid || p->thread == uk_thread_current() ||
		    (p->thread->flags & UK_THREAD_NATIVE))
			continue;
		process_clear_child_tid(p);
		uk_thread_kill(p->thread);
	}
	uk_spin_unlock_irqrestore(&process_lock, irqf);
}

UK_SYSCALL_R_DEFINE(int, exit_group, int, status)
{
	struct process_thread *p = process_current();

	if (!p || (uk_thread_current()->flags & UK_THREAD_NATIVE))
		return -EPERM;
	process_end_group(p->tgid, status & 0xff);
	return exit_current();
}

int uk_process_group_status(int tgid, int *status)
{
	unsigned int i;

	for (i = ended_groups_next; i-- > 0 && ended_groups_next - i <= GROUPS_KEPT;) {
		if (ended_groups[i % GROUPS_KEPT].tgid == tgid) {
			*status = ended_groups[i % GROUPS_KEPT].status;
			return 0;
		}
	}
	return -ESRCH;
}

#if UK_LIBC_SYSCALLS
void _exit(int status)
{
	uk_syscall6_r(__NR_exit_group, status, 0, 0, 0, 0, 0);
	UK_CRASH("_exit(%d) in a host call: the host context cannot end\n",
		 status);
}
#endif

/* ------------------------------------------------ %fs */

UK_SYSCALL_R_DEFINE(int, arch_prctl, int, code, unsigned long, addr)
{
	struct uk_thread *t = uk_thread_current();

	switch (code) {
	case ARCH_SET_FS:
		t->tls = (void *)addr;
		ukplat_tlsp_set(addr);
		return 0;
	case ARCH_GET_FS:
		if (!addr)
			return -EFAULT;
		*(unsigned long *)addr = (unsigned long)t->tls;
		return 0;
	case ARCH_SET_GS:
	case ARCH_GET_GS:
		return -EPERM;	/* %gs is the kernel's per-CPU data */
	default:
		return -EINVAL;
	}
}
