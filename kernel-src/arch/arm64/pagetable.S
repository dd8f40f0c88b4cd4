/*
 * The initial page tables, built by the assembler: the layout of
 * 0x0000_0000_0000_0000 - 0x0000_ffff_ffff_ffff (TTBR0, 48 bits) as the
 * release describes it, with 1 GiB blocks only, so they need no code:
 *
 *   top table entry 0   -> boot_l1_ident: PA = VA for the first 256 GiB
 *                          (0-1 GiB device memory: GIC, PL011, virtio...,
 *                          1-256 GiB normal memory: RAM of QEMU virt
 *                          starts at 1 GiB; the kernel image is there).
 *                          rwx: the section bounds are not known here, so
 *                          W^X is applied by paging/boot.c at run time.
 *   top table entry 511 -> boot_l1_direct: the direct map, VA
 *                          0x0000_ff80_0000_0000 + PA for PA 0-512 GiB,
 *                          read-write, never executable.
 *
 * Arm ARM (DDI 0487) D8.3: a level-1 block descriptor is PA[47:30] |
 * upper and lower attributes | 0b01; a table descriptor PA | 0b11.
 */
#include <uk/arch/paging.h>

#define GIB		0x40000000
#define BLOCK		(PTE_TYPE_BLOCK | PTE_ATTR_AF)
#define NORMAL		(BLOCK | PTE_ATTR_SH_IS | PTE_ATTR_IDX(0))
#define DEVICE		(BLOCK | PTE_ATTR_IDX(4) | PTE_ATTR_XN)

/* n blocks of 1 GiB from PA first * 1 GiB, with attributes attr */
.macro	blocks_1g first, n, attr
	.set	gib, \first
	.rept	\n
	.quad	(gib * GIB) | (\attr)
	.set	gib, gib + 1
	.endr
.endm

	.section .data.pagetables, "aw"
	.balign	PAGE_SIZE
	.globl	boot_l0
boot_l0:
	.quad	boot_l1_ident + PTE_TYPE_TABLE
	.fill	510, 8, 0
	.quad	boot_l1_direct + PTE_TYPE_TABLE

	.balign	PAGE_SIZE
	.globl	boot_l1_ident
boot_l1_ident:
	blocks_1g 0, 1, DEVICE
	blocks_1g 1, 255, NORMAL
	.fill	256, 8, 0

	.balign	PAGE_SIZE
	.globl	boot_l1_direct
boot_l1_direct:
	blocks_1g 0, 1, DEVICE
	blocks_1g 1, 511, NORMAL | PTE_ATTR_XN
