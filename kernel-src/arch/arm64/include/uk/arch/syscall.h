/* A system call's registers in the frame the arm64 `svc #0` entry saves
 * (arch/arm64/syscall.S), as Linux's AArch64 ABI assigns them: the number
 * in x8, arguments in x0-x5, the result in x0. The portable shim and
 * clone() use only these. */
#ifndef __UK_ARCH_SYSCALL_H__
#define __UK_ARCH_SYSCALL_H__

#include <uk/arch/lcpu.h>

/* clone(flags, stack, parent_tid, tls, child_tid): AArch64 Linux puts tls
 * fourth (the order older architectures had) */
#define UKARCH_CLONE_TLS_FIFTH	0

#define UKARCH_SPSR_I		(1UL << 7)	/* IRQs masked */

/* The ucontext_t an SA_SIGINFO handler gets, as AArch64 Linux (and musl)
 * lay it out: flags, link and stack (40 bytes), the signal mask (128),
 * then the 16-aligned mcontext (fault address, x0-x30, sp, pc, pstate,
 * 4096 bytes of extension records). */
#define UKARCH_UCONTEXT_SIZE		4560
#define UKARCH_UCONTEXT_SIGMASK	40

static inline long ukarch_syscall_nr(const struct __regs *r)
{
	return (long)r->x[8];
}

static inline void ukarch_syscall_args(const struct __regs *r, long a[6])
{
	int i;

	for (i = 0; i < 6; i++)
		a[i] = (long)r->x[i];
}

static inline void ukarch_syscall_set_ret(struct __regs *r, long ret)
{
	r->x[0] = (unsigned long)ret;
}

/* A new thread resuming a copy of the frame (clone): its stack, and IRQs
 * unmasked (SPSR_EL1.I), whatever its parent had. */
static inline void ukarch_syscall_set_thread(struct __regs *r,
					     unsigned long sp)
{
	r->sp = sp;
	r->spsr_el1 &= ~UKARCH_SPSR_I;
}

#endif /* __UK_ARCH_SYSCALL_H__ */
