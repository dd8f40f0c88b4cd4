/*
 * clone() for threads: the child is a scheduler thread on its parent's
 * CPU that resumes a copy of the parent's system-call registers (`syscall`
 * or `svc #0`), with the result 0, the stack it was given and
 * (CLONE_SETTLS) its own TLS pointer (%fs base, TPIDR_EL0). It shares
 * everything (one address space, one file table, one set of actions), so
 * the flags must say so; fork-like clones are left out (no processes).
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/arch/syscall.h>
#include <uk/plat/syscall.h>
#include "process_impl.h"

#define NEEDED		(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
			 CLONE_THREAD)
#define UNDERSTOOD	(NEEDED | CLONE_SYSVSEM | CLONE_SETTLS |	\
			 CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |	\
			 CLONE_CHILD_CLEARTID | CLONE_DETACHED | CSIGNAL)

struct clone_start {
	struct __regs regs;
};

/* The child's first code: its own copy of the frame, then user code. */
static void child_entry(void *arg)
{
	struct clone_start start = *(struct clone_start *)arg;

	uk_free(uk_alloc_get_default(), arg);
	ukplat_syscall_return_to(&start.regs);
}

/* Lock taken inside: the child's record joins the caller's group. */
static void join_group(struct uk_thread *child, int *clear_tid)
{
	struct process_thread *parent = process_current(), *p;
	unsigned long irqf;

	uk_spin_lock_irqsave(&process_lock, irqf);
	p = process_thread_of(child);
	if (p && parent)
		p->tgid = parent->tgid;
	if (p)
		p->clear_child_tid = clear_tid;
	uk_spin_unlock_irqrestore(&process_lock, irqf);
}

/* The last two arguments: child_tid, tls on x86_64, the other way round
 * on arm64 (<uk/arch/syscall.h>). */
UK_LLSYSCALL_R_DEFINE(long, clone, unsigned long, flags, void *, stack,
		      int *, parent_tid, unsigned long, arg4,
		      unsigned long, arg5)
{
	struct __regs *frame = uk_syscall_frame();
	int *child_tid = (int *)(UKARCH_CLONE_TLS_FIFTH ? arg4 : arg5);
	unsigned long tls = UKARCH_CLONE_TLS_FIFTH ? arg5 : arg4;
	struct clone_start *start;
	struct uk_thread *child;

	if ((flags & NEEDED) != NEEDED || (flags & ~UNDERSTOOD))
		return -ENOSYS;
	if (!frame || !stack)
		return -EINVAL;	/* only from the instruction, with a stack */
	start = uk_malloc(uk_alloc_get_default(), sizeof(*start));
	if (!start)
		return -ENOMEM;
	start->regs = *frame;
	ukarch_syscall_set_ret(&start->regs, 0);
	/* threads run with interrupts */
	ukarch_syscall_set_thread(&start->regs, (unsigned long)stack);
	child = uk_thread_create_on(ukplat_lcpu_idx(), "clone", child_entry,
				    start);
	if (!child) {
		uk_free(uk_alloc_get_default(), start);
		return -EAGAIN;
	}
	/* not yet run: it may run only after the caller's next wait */
	if (flags & CLONE_SETTLS)
		child->tls = (void *)tls;
	join_group(child, flags & CLONE_CHILD_CLEARTID ? child_tid : NULL);
	if (flags & CLONE_PARENT_SETTID)
		*parent_tid = child->tid;
	if (flags & CLONE_CHILD_SETTID)
		*child_tid = child->tid;
	uk_thread_detach(child);
	return child->tid;
}
