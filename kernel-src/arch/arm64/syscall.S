/*
 * The `svc #0` system call (Arm ARM (DDI 0487) C6.2.365 SVC, D1.10: an
 * exception with ESR_EL1.EC 0x15, ELR_EL1 the instruction after it). The
 * kernel and its cells run at EL1 on SP_EL0, so an svc is an exception to
 * the same level; vectors.S sends it here, on the CPU's exception stack
 * (SP_EL1) with every register as the caller left it. What the caller sees
 * is Linux's AArch64 convention: the number in x8, arguments in x0-x5,
 * the result in x0, every other register (x18 too), sp, the flags and the
 * interrupt mask as they were.
 *
 * A call may block and switch threads, and the exception stack is the
 * CPU's, not the thread's: so the entry moves onto the caller's own stack
 * (SP_EL0; AAPCS64 keeps nothing below sp) and saves a struct __regs there
 * for ukplat_syscall_handler() (lib/syscall_shim), with interrupts as the
 * caller had them. The return loads it back and leaves by eret, which
 * restores PSTATE (SP_EL0 selected again) from SPSR_EL1.
 */
#include <uk/arch/lcpu.h>
#include "regs_frame.h"

#define SPSR_DAIF	0x3c0

	.text

/* Without a shim every number answers -ENOSYS (38). */
	.weak	ukplat_syscall_handler
	.type	ukplat_syscall_handler, %function
ukplat_syscall_handler:
	mov	x1, #-38
	str	x1, [x0]		/* x[0], the result */
	ret
	.size	ukplat_syscall_handler, . - ukplat_syscall_handler

	.globl	arm64_svc_entry
	.type	arm64_svc_entry, %function
arm64_svc_entry:
	msr	spsel, #0		/* the caller's stack */
	save_regs ORIGIN_OWN_STACK
	ldr	x1, [sp, #__REGS_OFFSETOF_ELR_EL1]
	stp	x29, x1, [sp, #-16]!	/* a frame record: backtraces go on */
	mov	x29, sp
	add	x19, sp, #16		/* the frame (x19 is in it) */
	ldr	x0, [x19, #__REGS_OFFSETOF_SPSR_EL1]
	and	x0, x0, #SPSR_DAIF
	msr	daif, x0		/* a call may sleep: IRQs as the caller's */
	mov	x0, x19
	bl	ukplat_syscall_handler
	mov	x0, x19
	/* from here on also ukplat_syscall_return_to(regs) */
	.globl	ukplat_syscall_return_to
	.type	ukplat_syscall_return_to, %function
ukplat_syscall_return_to:
	msr	daifset, #0xf
	msr	spsel, #1		/* off the frame's stack: SP_EL0 is free */
	ldr	x1, [x0, #__REGS_OFFSETOF_SP]
	msr	sp_el0, x1
	ldp	x1, x2, [x0, #__REGS_OFFSETOF_ELR_EL1]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	load_x2_x30 x0
	ldp	x0, x1, [x0]
	eret
	.size	arm64_svc_entry, . - arm64_svc_entry
	.size	ukplat_syscall_return_to, . - ukplat_syscall_return_to
