/* From 32-bit protected mode into 64-bit long mode, the same for every CPU,
 * and the 64-bit entry of secondary CPUs. Intel SDM Vol. 3A §10.8.5
 * "Initializing IA-32e Mode". */

/*
 * The processor set-up is separate from the ways a CPU arrives: one entry per
 * architectural state. The boot CPU comes from the multiboot loader in 32-bit
 * protected mode (boot.S); a secondary CPU starts in 16-bit real mode
 * (smp/start16.S). Both arrive at x86_start32 with paging off, %edi = where
 * to continue in 64-bit mode and %esi = an argument that is passed through.
 */
#include "cpu.h"
#include "desc.h"
#include "lcpu.h"

	.section .text.boot32, "ax"
	.code32
	.globl x86_start32
	.type x86_start32, @function
x86_start32:
	movl	%cr4, %eax
	orl	$X86_CR4_PAE, %eax		/* long mode needs PAE tables */
	/* SSE for code that wants it (cells, printf's %f), its state saved
	 * with FXSAVE per thread (lib/uksched) */
	orl	$(X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT), %eax
	movl	%eax, %cr4

	/* the boot identity map at first; the kernel's own tables once
	 * paging.c has built them (they lie below 4 GiB) */
	movl	x86_pt_root, %eax
	movl	%eax, %cr3

	/* EFER.NXE faults on CPUs without NX, so ask CPUID first. */
	movl	%edi, %ebp			/* cpuid clobbers ebx */
	movl	$X86_CPUID_EXT_FEATURES, %eax
	cpuid
	movl	$X86_EFER_LME, %ebx
	testl	$X86_CPUID_EXT_EDX_NX, %edx
	jz	1f
	orl	$X86_EFER_NXE, %ebx
1:	movl	$X86_MSR_EFER, %ecx
	rdmsr
	orl	%ebx, %eax
	wrmsr
	movl	%ebp, %edi

	/* Caches on: after INIT, a secondary CPU starts with CD and NW set */
	movl	%cr0, %eax
	andl	$~(X86_CR0_CD | X86_CR0_NW | X86_CR0_EM | X86_CR0_TS), %eax
	orl	$(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE | X86_CR0_MP | X86_CR0_NE), %eax
	movl	%eax, %cr0			/* now in compatibility mode */

	/* a far jump into a 64-bit code segment: long mode proper */
	lgdt	x86_boot_gdt_ptr
	ljmp	$GDT_SEL_CODE, $x86_start64
	.size x86_start32, . - x86_start32

	.code64
	.type x86_start64, @function
x86_start64:
	movl	$GDT_SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	/* the FPU in its reset state: x87 empty, all exceptions masked.
	 * MXCSR is 0x1f80 after reset and INIT already (SDM Vol. 3A §9.1.1),
	 * what the System V ABI expects at a call. */
	fninit
	/* the upper halves of the registers are undefined after the switch */
	movl	%edi, %edi
	movl	%esi, %esi
	jmp	*%rdi
	.size x86_start64, . - x86_start64

#ifdef CONFIG_HAVE_SMP
/*
 * A secondary CPU, in 64-bit mode on the boot GDT, without a stack. It finds
 * its struct lcpu by its initial APIC ID (CPUID.01H:EBX[31:24]), takes the
 * stack that ukplat_lcpu_start() left in it, points %gs at it and goes on
 * in C: lcpu_entry_default(lcpu), with interrupts still off. A CPU that is
 * not in the table (it cannot happen, but a stray STARTUP IPI could) halts.
 */
	.text
	.globl lcpu_start64_secondary
	.type lcpu_start64_secondary, @function
lcpu_start64_secondary:
	movl	$X86_CPUID_FEATURES, %eax
	cpuid
	shrl	$X86_CPUID1_EBX_APIC_ID_SHIFT, %ebx
	movq	lcpu_by_apic_id(, %rbx, 8), %rdi
	testq	%rdi, %rdi
	jz	.Lno_lcpu
	movq	LCPU_STACKP_OFFSET(%rdi), %rsp
	xorl	%ebp, %ebp			/* backtraces stop here */
	call	lcpu_set_current		/* keeps %rdi */
	call	lcpu_entry_default
.Lno_lcpu:
	cli
	hlt
	jmp	.Lno_lcpu
	.size lcpu_start64_secondary, . - lcpu_start64_secondary

/*
 * void lcpu_arch_jump_to(void *sp, ukplat_lcpu_entry_t entry): continues at
 * entry on a fresh stack. A call, not a jump, so that the entry finds the
 * stack aligned as after any call.
 */
	.globl lcpu_arch_jump_to
	.type lcpu_arch_jump_to, @function
lcpu_arch_jump_to:
	movq	%rdi, %rsp
	xorl	%ebp, %ebp
	call	*%rsi
	jmp	.Lno_lcpu			/* an entry must not return */
	.size lcpu_arch_jump_to, . - lcpu_arch_jump_to
#endif /* CONFIG_HAVE_SMP */

/* void lcpu_set_current(struct lcpu *l): makes %gs:0 point at l */
	.text
	.globl lcpu_set_current
	.type lcpu_set_current, @function
lcpu_set_current:
	movq	%rdi, LCPU_SELF_OFFSET(%rdi)
	movl	$X86_MSR_GS_BASE, %ecx
	movl	%edi, %eax
	movq	%rdi, %rdx
	shrq	$32, %rdx
	wrmsr
	ret
	.size lcpu_set_current, . - lcpu_set_current

/*
 * What CR3 gets when a CPU enters long mode: x86_boot_pml4 (pagetable.S)
 * until the kernel's own tables exist, then their root (paging.c). A 32-bit
 * value, loaded in 32-bit mode.
 */
	.section .data
	.balign 4
	.globl x86_pt_root
	.type x86_pt_root, @object
	.size x86_pt_root, 4
x86_pt_root:
	.long	x86_boot_pml4

/*
 * Temporary GDT for the jump into 64-bit code; lcpu_init() replaces it with the
 * CPU's own GDT (same selectors) that also holds its TSS. It is read-only
 * data: the descriptors come with their accessed bit set, since loading a
 * segment would otherwise make the CPU write that bit, which faults on a
 * read-only page (CR0.WP) before this CPU has an IDT.
 */
	.section .rodata.boot, "a"
	.balign 8
x86_boot_gdt:
	.quad	0
	.quad	SEG_DESC_FLAT(SEG_ACCESS_KCODE | SEG_ACCESS_ACCESSED, \
			      SEG_FLAG_GRAN | SEG_FLAG_LONG)
	.quad	SEG_DESC_FLAT(SEG_ACCESS_KDATA | SEG_ACCESS_ACCESSED, \
			      SEG_FLAG_GRAN | SEG_FLAG_DB)
x86_boot_gdt_end:

	.balign 8
x86_boot_gdt_ptr:
	.word	x86_boot_gdt_end - x86_boot_gdt - 1
	.quad	x86_boot_gdt
