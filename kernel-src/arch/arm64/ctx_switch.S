/* Software contexts of <uk/plat/thread.h> on arm64: a context is one word,
 * the saved stack pointer; the registers AAPCS64 makes callee-saved
 * (§6.1.1: x19-x28, fp, lr) sit in a frame below it. Code keeping such
 * contexts is kernel code (no FP/SIMD registers: -mgeneral-regs-only). */

	.text

/* void ctx_sw_switch(unsigned long *prev_sp, unsigned long *next_sp) */
	.globl	ctx_sw_switch
	.type	ctx_sw_switch, %function
ctx_sw_switch:
	sub	sp, sp, #96
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	mov	x9, sp
	str	x9, [x0]
	ldr	x9, [x1]
	mov	sp, x9
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #96
	ret
	.size	ctx_sw_switch, . - ctx_sw_switch
