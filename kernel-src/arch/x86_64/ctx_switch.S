/* Software contexts of <uk/plat/thread.h>: a context is one word, the
 * saved stack pointer; the callee-saved registers (System V AMD64 psABI
 * §3.2.1) sit on the stack below it, as after a call. */

	.text

/* void ctx_sw_switch(unsigned long *prev_sp, unsigned long *next_sp) */
	.globl	ctx_sw_switch
	.type	ctx_sw_switch, @function
ctx_sw_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	(%rsi), %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size	ctx_sw_switch, . - ctx_sw_switch
