/*
 * Multiboot v1 entry of the boot CPU (Multiboot Specification 0.6.96: §3.1
 * header, §3.2 machine state). The header sets the a.out kludge so that QEMU's
 * -kernel loads this ELF64 file as a flat image at the addresses given here.
 *
 * The loader copies and zeroes up to the end of .bss, not up to _end: the
 * cell arena past it (4 MiB, link.lds) is fresh RAM at every boot (QEMU
 * runs with -no-reboot), and copying 7 MiB of zeroes instead of 2 made the
 * firmware's part of a TCG boot three times as long. QEMU puts its
 * information block right after .bss, inside the image: multiboot.c reads
 * it before anything is written there, and the host zeroes each cell's
 * .bss itself (guest/cell_loader.py), so the arena need not be zero.
 */
#include <uk/config.h>
#include <uk/arch/limits.h>
#include "multiboot.h"

	.section .multiboot_header, "a"
	.balign 4
multiboot_header:
	.long	MULTIBOOT_HEADER_MAGIC
	.long	MULTIBOOT_HEADER_FLAGS
	.long	-(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_HEADER_FLAGS)
	.long	multiboot_header		/* header_addr */
	.long	_text				/* load_addr */
	.long	_edata				/* load_end_addr */
	.long	__bss_end			/* bss_end_addr: not the arena */
	.long	multiboot_start32		/* entry_addr */

/* 32-bit protected mode, paging off, %eax = magic, %ebx = multiboot info */
	.section .text.boot32, "ax"
	.code32
	.globl multiboot_start32
	.type multiboot_start32, @function
multiboot_start32:
	cli
	cld
	cmpl	$MULTIBOOT_BOOTLOADER_MAGIC, %eax
	jne	.Lnot_multiboot
	movl	%ebx, %esi			/* passed through as %rsi */
	movl	$multiboot_start64, %edi
	jmp	x86_start32
.Lnot_multiboot:
	hlt
	jmp	.Lnot_multiboot
	.size multiboot_start32, . - multiboot_start32

/* 64-bit mode on the boot GDT; %rsi = multiboot info */
	.text
	.code64
	.type multiboot_start64, @function
multiboot_start64:
	/*
	 * No bss clearing here: with the a.out kludge the loader zeroes
	 * everything from load_end_addr to bss_end_addr (Multiboot 0.6.96
	 * §3.1.3), and touching those pages again costs tens of milliseconds
	 * under nested KVM.
	 */
	movq	%rsi, %r12			/* multiboot info, kept across the call */
	movl	$boot_stack_top, %esp
	xorl	%ebp, %ebp			/* backtraces stop here */
	movl	$lcpus, %edi			/* the boot CPU is lcpus[0] */
	call	lcpu_set_current
	movl	$lcpus, %edi
	movq	%r12, %rsi
	call	_ukplat_entry
1:	hlt					/* not reached */
	jmp	1b
	.size multiboot_start64, . - multiboot_start64

/*
 * The boot stack, with a page below it that the kernel's page tables leave
 * unmapped (arch/x86_64/paging.c): an overflow faults there instead of
 * overwriting whatever lies below.
 */
	.section .bss.boot_stack, "aw", @nobits
	.balign __PAGE_SIZE
	.globl boot_stack_guard
	.type boot_stack_guard, @object
	.size boot_stack_guard, __PAGE_SIZE
boot_stack_guard:
	.skip	__PAGE_SIZE
	.globl boot_stack
	.type boot_stack, @object
	.size boot_stack, __STACK_SIZE
boot_stack:
	.skip	__STACK_SIZE
boot_stack_top:
