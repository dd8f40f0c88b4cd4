/* Boot page tables: an identity map of the first 4 GiB with 4-level paging.
 * Intel SDM Vol. 3A §4.5 (4-level paging), Tables 4-15 to 4-19 (entries). */

/*
 * 2 MiB pages, except for the first 2 MiB, which use 4 KiB pages so that
 * page 0 stays unmapped and a NULL dereference faults. The assembler builds
 * the tables into an initialised section of their own, so they are valid
 * from the first instruction.
 *
 * The top 32 MiB below 4 GiB hold the memory-mapped devices of every PC
 * (I/O APIC at 0xfec00000, local APIC at 0xfee00000, firmware ROM) and, on
 * microvm, virtio-mmio: they are mapped uncached (PCD and PWT select PAT
 * entry 3, UC, in the power-on PAT; SDM Vol. 3A §12.12.3).
 */
#define PTE_PRESENT	0x001
#define PTE_WRITE	0x002
#define PTE_PWT		0x008	/* page write-through */
#define PTE_PCD		0x010	/* page cache disable */
#define PTE_LARGE	0x080	/* in a PD entry: maps 2 MiB directly */
#define PTE_TABLE	(PTE_PRESENT | PTE_WRITE)
#define PTE_UNCACHED	(PTE_PCD | PTE_PWT)

#define MMIO_START	0xfe000000

#define MAP_GIB		4	/* enough for all RAM the kernel may be given */
#define PAGE_4K		0x1000
#define PAGE_2M		0x200000

	.section .data.pagetables, "aw"
	.balign PAGE_4K

	.globl x86_boot_pml4
x86_boot_pml4:
	.quad	x86_boot_pdpt + PTE_TABLE
	.fill	511, 8, 0

x86_boot_pdpt:
	.set	.Lgib, 0
	.rept	MAP_GIB
	.quad	x86_boot_pd + .Lgib * PAGE_4K + PTE_TABLE
	.set	.Lgib, .Lgib + 1
	.endr
	.fill	512 - MAP_GIB, 8, 0

/* MAP_GIB page directories, back to back */
x86_boot_pd:
	.quad	x86_boot_pt + PTE_TABLE
	.set	.Lpa, PAGE_2M
	.rept	512 * MAP_GIB - 1
	.if	.Lpa >= MMIO_START
	.quad	.Lpa + PTE_TABLE + PTE_LARGE + PTE_UNCACHED
	.else
	.quad	.Lpa + PTE_TABLE + PTE_LARGE
	.endif
	.set	.Lpa, .Lpa + PAGE_2M
	.endr

/* The first 2 MiB, 4 KiB at a time */
x86_boot_pt:
	.quad	0				/* page 0: not present */
	.set	.Lpa, PAGE_4K
	.rept	511
	.quad	.Lpa + PTE_TABLE
	.set	.Lpa, .Lpa + PAGE_4K
	.endr
