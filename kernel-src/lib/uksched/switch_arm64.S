/* Switching between threads on arm64: a switch is a function call for both
 * sides, so only what AAPCS64 (§6.1.1, §6.1.2) makes callee-saved is kept:
 * x19-x28, fp, lr, the low halves d8-d15 of v8-v15, and FPCR and FPSR (the
 * rounding mode and the sticky exception flags are the thread's).
 * Interrupts are off during a switch. The frame, 24 words from the saved sp
 * up: x19..x28, fp, lr, d8..d15, fpcr, fpsr (thread.c's stack_init() builds
 * the first one). */

#include <uk/asm/callee_saved.h>

	.text

/* void uk_sched_ctx_switch(unsigned long *prev_sp, unsigned long next_sp) */
	.globl	uk_sched_ctx_switch
	.type	uk_sched_ctx_switch, %function
uk_sched_ctx_switch:
	sub	sp, sp, #192
	callee_saved_gprs stp
	stp	d8, d9, [sp, #96]
	stp	d10, d11, [sp, #112]
	stp	d12, d13, [sp, #128]
	stp	d14, d15, [sp, #144]
	mrs	x9, fpcr
	mrs	x10, fpsr
	stp	x9, x10, [sp, #160]
	mov	x9, sp
	str	x9, [x0]
	mov	sp, x1
	callee_saved_gprs ldp
	ldp	d8, d9, [sp, #96]
	ldp	d10, d11, [sp, #112]
	ldp	d12, d13, [sp, #128]
	ldp	d14, d15, [sp, #144]
	ldp	x9, x10, [sp, #160]
	msr	fpcr, x9
	msr	fpsr, x10
	add	sp, sp, #192
	ret
	.size	uk_sched_ctx_switch, . - uk_sched_ctx_switch

/*
 * A new thread's first switch "returns" here with x19 = the thread and
 * fp = 0, which ends frame-pointer backtraces.
 */
	.globl	uk_sched_thread_entry
	.type	uk_sched_thread_entry, %function
uk_sched_thread_entry:
	mov	x0, x19
	bl	uk_sched_thread_start
	brk	#0
	.size	uk_sched_thread_entry, . - uk_sched_thread_entry
