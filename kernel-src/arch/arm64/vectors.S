/*
 * The exception vector table (VBAR_EL1): 16 entries of 128 bytes, four
 * kinds (synchronous, IRQ, FIQ, SError) for each of four origins (EL1 with
 * SP_EL0, EL1 with SP_EL1, EL0 AArch64, EL0 AArch32). Arm ARM (DDI 0487)
 * D1.10.2. Code runs at EL1 on SP_EL0 and exceptions switch to SP_EL1, the
 * CPU's exception stack (boot.S): the first group is the real one; the
 * second is an exception in a handler (a crash in a crash report, say);
 * the others, from EL0, are crashes (nothing runs at EL0). A system call
 * (`svc #0` at EL1 on SP_EL0) leaves the first vector for syscall.S.
 *
 * Every entry saves all of x0-x30 into a struct __regs on the current stack
 * and restores all of them: x18 too, which the platform ABI may reserve and
 * a hypervisor's guest code may use (0.10's fix "preserve x18 in exception
 * vectors"): a handler must hand every register back as it was.
 */
#include <uk/arch/lcpu.h>
#include "regs_frame.h"

#define KIND_SYNC	0
#define KIND_IRQ	1
#define KIND_FIQ	2
#define KIND_SERROR	3

/* One vector: save, trap_handler(kind | origin << 2, regs), restore, eret.
 * The frame record (fp, elr) lets a backtrace go through the exception. */
.macro	vector kind, origin
	.balign	0x80
	vector_body \kind, \origin
.endm

.macro	vector_body kind, origin
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
	/* the kernel's own synchronous exceptions: `svc #0` (ESR_EL1.EC 0x15)
	 * is a system call (syscall.S), anything else a fault; x0 and x1
	 * come back before either path starts */
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mrs	x0, esr_el1
	ubfx	x0, x0, #26, #6
	cmp	x0, #0x15
	ldp	x0, x1, [sp], #16
	b.eq	arm64_svc_entry
	b	sync_el1_sp0
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

sync_el1_sp0:
	vector_body KIND_SYNC, 0

vector_common:
	bl	trap_handler
	add	sp, sp, #16
	restore_regs
	eret
