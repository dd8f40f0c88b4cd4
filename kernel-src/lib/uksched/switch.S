/* Switching between threads: only the callee-saved registers of the SysV
 * ABI (System V AMD64 psABI §3.2.1) need saving, because a switch is a
 * function call for both sides. Interrupts are off during a switch. */

	.text

/* void uk_sched_ctx_switch(unsigned long *prev_sp, unsigned long next_sp) */
	.globl	uk_sched_ctx_switch
	.type	uk_sched_ctx_switch, @function
uk_sched_ctx_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size	uk_sched_ctx_switch, . - uk_sched_ctx_switch

/*
 * A new thread's stack is laid out as if it had called uk_sched_ctx_switch
 * from here: six zero registers (but %r12 = the thread) and this address.
 * rbp = 0 ends frame-pointer backtraces here.
 */
	.globl	uk_sched_thread_entry
	.type	uk_sched_thread_entry, @function
uk_sched_thread_entry:
	movq	%r12, %rdi
	andq	$-16, %rsp
	call	uk_sched_thread_start
	ud2
	.size	uk_sched_thread_entry, . - uk_sched_thread_entry
