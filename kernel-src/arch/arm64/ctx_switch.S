/* Software contexts of <uk/plat/thread.h> on arm64: a context is one word,
 * the saved stack pointer; the registers AAPCS64 makes callee-saved
 * (§6.1.1: x19-x28, fp, lr) sit in a frame below it. Code keeping such
 * contexts is kernel code (no FP/SIMD registers: -mgeneral-regs-only). */

#include <uk/asm/callee_saved.h>

	.text

/* void ctx_sw_switch(unsigned long *prev_sp, unsigned long *next_sp) */
	.globl	ctx_sw_switch
	.type	ctx_sw_switch, %function
ctx_sw_switch:
	sub	sp, sp, #CALLEE_SAVED_GPRS_SIZE
	callee_saved_gprs stp
	mov	x9, sp
	str	x9, [x0]
	ldr	x9, [x1]
	mov	sp, x9
	callee_saved_gprs ldp
	add	sp, sp, #CALLEE_SAVED_GPRS_SIZE
	ret
	.size	ctx_sw_switch, . - ctx_sw_switch
