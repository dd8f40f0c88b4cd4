/*
 * The real-mode entry of a secondary CPU. A STARTUP IPI starts it at
 * CS:IP = 0x0800:0000 in 16-bit real mode (Intel SDM Vol. 3A §9.4.4.1, §9.9.1
 * "switching to protected mode"). This code gets it into 32-bit protected
 * mode and on to x86_start32 (lcpu_start.S), the processor set-up that the
 * boot CPU goes through too; that continues at lcpu_start64_secondary.
 */
#include "../cpu.h"
#include "../desc.h"
#include "../lcpu.h"

#ifdef CONFIG_HAVE_SMP

/*
 * The code is linked into the image but runs from a copy at
 * LCPU_START16_ADDR (below 1 MiB, where real mode can reach). So it uses no
 * absolute addresses of its own: in real mode DS = CS = the copy's segment
 * and offsets are relative to lcpu_start16; in protected mode the copy's
 * linear addresses are LCPU_START16_ADDR plus that offset.
 */
#define REL(sym)	((sym) - lcpu_start16)
#define COPY(sym)	(LCPU_START16_ADDR + REL(sym))

#define START16_SEL_CODE	0x08
#define START16_SEL_DATA	0x10

	.section .text.start16, "ax"
	.code16
	.globl lcpu_start16
	.type lcpu_start16, @function
lcpu_start16:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	REL(start16_gdt_ptr)

	movl	%cr0, %eax
	orl	$X86_CR0_PE, %eax
	movl	%eax, %cr0
	/* a far jump loads CS from the new GDT: 32-bit protected mode */
	ljmpl	$START16_SEL_CODE, $COPY(start16_32)

	.code32
start16_32:
	movl	$START16_SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	$lcpu_start64_secondary, %edi	/* where x86_start32 goes on */
	xorl	%esi, %esi
	movl	$x86_start32, %eax		/* absolute: no relative jump */
	jmp	*%eax				/* from the copy */
	.size lcpu_start16, . - lcpu_start16

/* Flat 32-bit code and data, just for the step into protected mode */
	.balign 8
start16_gdt:
	.quad	0
	.quad	SEG_DESC_FLAT(SEG_ACCESS_KCODE, SEG_FLAG_GRAN | SEG_FLAG_DB)
	.quad	SEG_DESC_FLAT(SEG_ACCESS_KDATA, SEG_FLAG_GRAN | SEG_FLAG_DB)
start16_gdt_end:

start16_gdt_ptr:
	.word	start16_gdt_end - start16_gdt - 1
	.long	COPY(start16_gdt)

	.globl lcpu_start16_end
lcpu_start16_end:
	/* link.lds checks that it fits in the page the STARTUP IPI names */
#endif /* CONFIG_HAVE_SMP */
