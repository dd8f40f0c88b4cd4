/* A system call's registers in the frame the x86_64 `syscall` entry saves
 * (arch/x86_64/syscall.c), as Linux's x86_64 ABI assigns them: the number
 * in rax (kept as orig_rax), arguments in rdi, rsi, rdx, r10, r8, r9, the
 * result in rax. The portable shim and clone() use only these. */
#ifndef __UK_ARCH_SYSCALL_H__
#define __UK_ARCH_SYSCALL_H__

#include <uk/arch/lcpu.h>

/* clone(flags, stack, parent_tid, child_tid, tls): tls is the last */
#define UKARCH_CLONE_TLS_FIFTH	1

/* The ucontext_t an SA_SIGINFO handler gets, as x86_64 Linux (and musl)
 * lay it out: its size, and where the interrupted signal mask is. */
#define UKARCH_UCONTEXT_SIZE		936
#define UKARCH_UCONTEXT_SIGMASK	296

static inline long ukarch_syscall_nr(const struct __regs *r)
{
	return (long)r->orig_rax;
}

static inline void ukarch_syscall_args(const struct __regs *r, long a[6])
{
	a[0] = (long)r->rdi;
	a[1] = (long)r->rsi;
	a[2] = (long)r->rdx;
	a[3] = (long)r->r10;
	a[4] = (long)r->r8;
	a[5] = (long)r->r9;
}

static inline void ukarch_syscall_set_ret(struct __regs *r, long ret)
{
	r->rax = (unsigned long)ret;
}

/* A new thread resuming a copy of the frame (clone): its stack, and
 * interrupts on (RFLAGS.IF), whatever its parent had. */
static inline void ukarch_syscall_set_thread(struct __regs *r,
					     unsigned long sp)
{
	r->rsp = sp;
	r->eflags |= 0x200;
}

#endif /* __UK_ARCH_SYSCALL_H__ */
