/*
 * The exception vector table (VBAR_EL1): 16 entries of 128 bytes, four
 * kinds (synchronous, IRQ, FIQ, SError) for each of four origins (EL1 with
 * SP_EL0, EL1 with SP_EL1, EL0 AArch64, EL0 AArch32). Arm ARM (DDI 0487)
 * D1.10.2. Code runs at EL1 on SP_EL0 and exceptions switch to SP_EL1, the
 * CPU's exception stack (boot.S): the first group is the real one; the
 * second is an exception in a handler (a crash in a crash report, say);
 * the others, from EL0, are crashes.
 *
 * Every entry saves all of x0-x30 into a struct __regs on the current stack
 * and restores all of them: x18 too, which the platform ABI may reserve and
 * a hypervisor's guest code may use (0.10's fix "preserve x18 in exception
 * vectors"): a handler must hand every register back as it was.
 */
#include <uk/arch/lcpu.h>

#define KIND_SYNC	0
#define KIND_IRQ	1
#define KIND_FIQ	2
#define KIND_SERROR	3

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
	mrs	x1, sp_el0
	.if	\origin == 0		/* the interrupted code's sp is SP_EL0 */
	mov	x0, x1
	.else
	add	x0, sp, #__REGS_SIZEOF
	.endif
	stp	x0, x1, [sp, #__REGS_OFFSETOF_SP]
.endm

.macro	restore_regs
	ldp	x0, x1, [sp, #__REGS_OFFSETOF_ELR_EL1]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #__REGS_OFFSETOF_LR]
	add	sp, sp, #__REGS_SIZEOF
.endm

/* One vector: save, trap_handler(kind | origin << 2, regs), restore, eret.
 * The frame record (fp, elr) lets a backtrace go through the exception. */
.macro	vector kind, origin
	.balign	0x80
	save_regs \origin
	ldr	x1, [sp, #__REGS_OFFSETOF_ELR_EL1]
	stp	x29, x1, [sp, #-16]!
	mov	x29, sp
	mov	x0, #(\kind | (\origin << 2))
	add	x1, sp, #16
	b	vector_common
.endm

	.text
	.balign	0x800
	.globl	arm64_vectors
arm64_vectors:
	vector	KIND_SYNC, 0
	vector	KIND_IRQ, 0
	vector	KIND_FIQ, 0
	vector	KIND_SERROR, 0
	vector	KIND_SYNC, 1
	vector	KIND_IRQ, 1
	vector	KIND_FIQ, 1
	vector	KIND_SERROR, 1
	vector	KIND_SYNC, 2
	vector	KIND_IRQ, 2
	vector	KIND_FIQ, 2
	vector	KIND_SERROR, 2
	vector	KIND_SYNC, 3
	vector	KIND_IRQ, 3
	vector	KIND_FIQ, 3
	vector	KIND_SERROR, 3

vector_common:
	bl	trap_handler
	add	sp, sp, #16
	restore_regs
	eret
