/*
 * The `syscall` instruction (Intel SDM Vol. 2B, SYSCALL). It saves RIP in
 * rcx and RFLAGS in r11, loads CS/SS from STAR and RIP from LSTAR, and
 * clears the RFLAGS bits of SFMASK; it switches no stack. Everything here
 * runs in ring 0, where SYSRET cannot return (it always enters ring 3), so
 * the exit restores RFLAGS itself and jumps to rcx: what the caller sees
 * is Linux's convention (rax the result, rcx and r11 clobbered, every
 * other register kept). The entry first steps over the caller's 128-byte
 * red zone (the psABI lets leaf code keep data below rsp), then saves a
 * struct __regs for ukplat_syscall_handler() (lib/syscall_shim).
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/plat/syscall.h>
#include "cpu.h"
#include "desc.h"

/* What the entry clears: interrupts (until the frame is saved), single
 * steps, the direction flag (C code expects it clear), nested task and
 * alignment checks. */
#define SYSCALL_RFLAGS_MASK	0x47700

/* Without a shim every number answers -ENOSYS. */
__weak void ukplat_syscall_handler(struct __regs *r)
{
	r->rax = (unsigned long)-ENOSYS;
}

void x86_syscall_entry(void);

__asm__(
"	.text\n"
"	.globl x86_syscall_entry\n"
"	.type x86_syscall_entry, @function\n"
"x86_syscall_entry:\n"
"	lea -128(%rsp), %rsp\n"		/* the red zone */
	/* the frame, struct __regs from its end: ss, rsp, eflags, cs, rip */
"	pushq $" STRINGIFY(GDT_SEL_DATA) "\n"
"	pushq %rsp\n"
"	addq $136, (%rsp)\n"		/* the caller's rsp */
"	pushq %r11\n"
"	pushq $" STRINGIFY(GDT_SEL_CODE) "\n"
"	pushq %rcx\n"
"	pushq %rax\n"			/* orig_rax: the number */
"	pushq %rdi\n"
"	pushq %rsi\n"
"	pushq %rdx\n"
"	pushq %rcx\n"
"	pushq %rax\n"
"	pushq %r8\n"
"	pushq %r9\n"
"	pushq %r10\n"
"	pushq %r11\n"
"	pushq %rbx\n"
"	pushq %rbp\n"
"	pushq %r12\n"
"	pushq %r13\n"
"	pushq %r14\n"
"	pushq %r15\n"
"	subq $8, %rsp\n"		/* pad */
"	movq %rsp, %rbx\n"
"	andq $-16, %rsp\n"		/* the psABI's alignment for the call */
	/* interrupts as the caller had them: a call may sleep and switch */
"	testl $" STRINGIFY(X86_RFLAGS_IF) ", %r11d\n"
"	jz 1f\n"
"	sti\n"
"1:	movq %rbx, %rdi\n"
"	call ukplat_syscall_handler\n"
"	movq %rbx, %rdi\n"
	/* from here on also ukplat_syscall_return_to(regs) */
"	.globl ukplat_syscall_return_to\n"
"	.type ukplat_syscall_return_to, @function\n"
"ukplat_syscall_return_to:\n"
"	cli\n"
"	movq %rdi, %rsp\n"
"	addq $8, %rsp\n"
"	popq %r15\n"
"	popq %r14\n"
"	popq %r13\n"
"	popq %r12\n"
"	popq %rbp\n"
"	popq %rbx\n"
"	popq %r11\n"
"	popq %r10\n"
"	popq %r9\n"
"	popq %r8\n"
"	popq %rax\n"
"	popq %rcx\n"
"	popq %rdx\n"
"	popq %rsi\n"
"	popq %rdi\n"
"	addq $8, %rsp\n"		/* orig_rax */
"	popq %rcx\n"			/* rip: where to return */
"	addq $8, %rsp\n"		/* cs */
"	popq %r11\n"			/* rflags, as Linux leaves r11 */
"	pushq %r11\n"
"	popfq\n"
"	popq %rsp\n"			/* the caller's, red zone intact */
"	jmp *%rcx\n"
"	.size x86_syscall_entry, . - x86_syscall_entry\n"
"	.size ukplat_syscall_return_to, . - ukplat_syscall_return_to\n");

/* Every CPU, as it comes up: syscall enters x86_syscall_entry in ring 0
 * with the kernel's own selectors. STAR's SYSRET half stays 0: unused. */
void syscall_cpu_init(void)
{
	wrmsr(X86_MSR_STAR, (__u64)GDT_SEL_CODE << 32);
	wrmsr(X86_MSR_LSTAR, (__u64)(unsigned long)x86_syscall_entry);
	wrmsr(X86_MSR_SFMASK, SYSCALL_RFLAGS_MASK);
	wrmsr(X86_MSR_EFER, rdmsr(X86_MSR_EFER) | X86_EFER_SCE);
}
