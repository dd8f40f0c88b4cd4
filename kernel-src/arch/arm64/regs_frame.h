/*
 * Saving and restoring a struct __regs (<uk/arch/lcpu.h>), for the
 * exception vectors (vectors.S) and the system-call entry (syscall.S):
 * all of x0-x30, x18 too, and what the exception entry keeps in system
 * registers. save_regs' origin says where the interrupted code's sp is:
 * 0 SP_EL0 (while on SP_EL1), 1 SP_EL1 (the frame's own stack),
 * ORIGIN_OWN_STACK the current stack, SP_EL0 (SP_EL0 cannot be read
 * with mrs then).
 */
#ifndef __ARM64_REGS_FRAME_H__
#define __ARM64_REGS_FRAME_H__

#include <uk/arch/lcpu.h>

#define ORIGIN_OWN_STACK	4

.macro	save_regs origin
	sub	sp, sp, #__REGS_SIZEOF
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x0, elr_el1
	stp	x30, x0, [sp, #__REGS_OFFSETOF_LR]
	mrs	x0, spsr_el1
	mrs	x1, esr_el1
	stp	x0, x1, [sp, #__REGS_OFFSETOF_SPSR_EL1]
	.if	\origin == ORIGIN_OWN_STACK	/* SP_EL0 is sp: no mrs of it */
	add	x0, sp, #__REGS_SIZEOF
	mov	x1, x0
	.else
	mrs	x1, sp_el0
	.if	\origin == 0		/* the interrupted code's sp is SP_EL0 */
	mov	x0, x1
	.else
	add	x0, sp, #__REGS_SIZEOF
	.endif
	.endif
	stp	x0, x1, [sp, #__REGS_OFFSETOF_SP]
.endm

.macro	restore_regs
	ldp	x0, x1, [sp, #__REGS_OFFSETOF_ELR_EL1]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	load_x2_x30 sp
	ldp	x0, x1, [sp, #16 * 0]
	add	sp, sp, #__REGS_SIZEOF
.endm

/* x2-x30 from the struct __regs at \base (x0 and x1 are the caller's to
 * load last: one of them may be \base) */
.macro	load_x2_x30 base
	ldp	x2, x3, [\base, #16 * 1]
	ldp	x4, x5, [\base, #16 * 2]
	ldp	x6, x7, [\base, #16 * 3]
	ldp	x8, x9, [\base, #16 * 4]
	ldp	x10, x11, [\base, #16 * 5]
	ldp	x12, x13, [\base, #16 * 6]
	ldp	x14, x15, [\base, #16 * 7]
	ldp	x16, x17, [\base, #16 * 8]
	ldp	x18, x19, [\base, #16 * 9]
	ldp	x20, x21, [\base, #16 * 10]
	ldp	x22, x23, [\base, #16 * 11]
	ldp	x24, x25, [\base, #16 * 12]
	ldp	x26, x27, [\base, #16 * 13]
	ldp	x28, x29, [\base, #16 * 14]
	ldr	x30, [\base, #__REGS_OFFSETOF_LR]
.endm

#endif /* __ARM64_REGS_FRAME_H__ */
