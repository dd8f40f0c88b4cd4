/* Entry stubs of the 32 exception vectors and of the hardware interrupts.
 * Intel SDM Vol. 3A §6.14.2 (64-bit mode stack frame), §6.13 (error code). */
#include <uk/arch/lcpu.h>

/*
 * In 64-bit mode the CPU aligns the stack to 16 bytes and pushes ss, rsp,
 * rflags, cs, rip and, for some vectors, an error code. Each stub evens this
 * out (a zero error code where the CPU pushes none) and hands its vector to
 * trap_common, which saves the rest of a struct __regs and calls
 * trap_handler(vector, regs).
 */

.macro TRAP_STUB vector, has_error_code
	.p2align 4
	.type trap_stub_\vector, @function
trap_stub_\vector:
	.if \has_error_code == 0
	pushq	$0
	.endif
	pushq	%rdi				/* struct __regs.rdi */
	movl	$\vector, %edi			/* 1st argument: vector */
	jmp	trap_common
	.size trap_stub_\vector, . - trap_stub_\vector
.endm

	.text
	TRAP_STUB 0, 0		/* #DE */
	TRAP_STUB 1, 0		/* #DB */
	TRAP_STUB 2, 0		/* NMI */
	TRAP_STUB 3, 0		/* #BP */
	TRAP_STUB 4, 0		/* #OF */
	TRAP_STUB 5, 0		/* #BR */
	TRAP_STUB 6, 0		/* #UD */
	TRAP_STUB 7, 0		/* #NM */
	TRAP_STUB 8, 1		/* #DF, error code always 0 */
	TRAP_STUB 9, 0		/* coprocessor segment overrun (old) */
	TRAP_STUB 10, 1		/* #TS */
	TRAP_STUB 11, 1		/* #NP */
	TRAP_STUB 12, 1		/* #SS */
	TRAP_STUB 13, 1		/* #GP */
	TRAP_STUB 14, 1		/* #PF */
	TRAP_STUB 15, 0		/* reserved */
	TRAP_STUB 16, 0		/* #MF */
	TRAP_STUB 17, 1		/* #AC */
	TRAP_STUB 18, 0		/* #MC */
	TRAP_STUB 19, 0		/* #XM */
	TRAP_STUB 20, 0		/* #VE */
	TRAP_STUB 21, 1		/* #CP */
	TRAP_STUB 22, 0
	TRAP_STUB 23, 0
	TRAP_STUB 24, 0
	TRAP_STUB 25, 0
	TRAP_STUB 26, 0
	TRAP_STUB 27, 0
	TRAP_STUB 28, 0		/* #HV */
	TRAP_STUB 29, 1		/* #VC */
	TRAP_STUB 30, 1		/* #SX */
	TRAP_STUB 31, 0

/*
 * The stub pushed rdi above the error code; push the remaining registers in
 * the reverse order of struct __regs. Together with the hardware frame that
 * is 22 words (176 bytes), so the stack stays 16-byte aligned for the call.
 */
.macro SAVE_REST
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rax
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$__REGS_PAD_SIZE, %rsp
	cld					/* the C ABI wants DF clear */
	movq	%rsp, %rsi			/* 2nd argument: struct __regs * */
.endm

.macro RESTORE_ALL_AND_RETURN
	addq	$__REGS_PAD_SIZE, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	addq	$8, %rsp			/* error code */
	iretq
.endm

	.type trap_common, @function
trap_common:
	SAVE_REST
	call	trap_handler
	RESTORE_ALL_AND_RETURN
	.size trap_common, . - trap_common

/*
 * Hardware interrupts have no error code: the stubs push a zero in its place,
 * so that irq_handler(vector, regs) gets the same struct __regs.
 */
.macro IRQ_STUB vector
	.p2align 4
	.type irq_stub_\vector, @function
irq_stub_\vector:
	pushq	$0
	pushq	%rdi
	movl	$\vector, %edi
	jmp	irq_common
	.size irq_stub_\vector, . - irq_stub_\vector
.endm

	.irp v, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47
	IRQ_STUB \v
	.endr
	IRQ_STUB 255

	.globl irq_spurious_entry
	.set irq_spurious_entry, irq_stub_255

	.type irq_common, @function
irq_common:
	SAVE_REST
	call	irq_handler
	RESTORE_ALL_AND_RETURN
	.size irq_common, . - irq_common

	.section .rodata
	.balign 8
	.globl trap_entries
trap_entries:
	.irp v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	.quad	trap_stub_\v
	.endr

	.globl irq_entries
irq_entries:
	.irp v, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47
	.quad	irq_stub_\v
	.endr
