/* x86_64 4-level paging: the entries' bits, canonical addresses, CR3 and
 * the TLB, under Unikraft 0.10's names (its uk/asm/paging.h for x86_64);
 * included by <uk/arch/paging.h>, which has what both architectures share.
 * Intel SDM Vol. 3A §4.5 (4-level paging), Tables 4-14 to 4-20 (entries). */
#ifndef __UK_ASM_PAGING_H__
#define __UK_ASM_PAGING_H__

/* Bits of a page-table entry (the same at every level, except PSE) */
#define X86_PTE_PRESENT		0x001
#define X86_PTE_RW		0x002	/* writable */
#define X86_PTE_US		0x004	/* user: never set here, all is ring 0 */
#define X86_PTE_PWT		0x008	/* write-through */
#define X86_PTE_PCD		0x010	/* cache disable */
#define X86_PTE_ACCESSED	0x020
#define X86_PTE_DIRTY		0x040	/* leaves only */
#define X86_PTE_PSE		0x080	/* PD / PDPT entry maps 2 MiB / 1 GiB */
#define X86_PTE_GLOBAL		0x100	/* leaves only */
/* Bits 9-11 and 52-58 are the software's. Ours: */
#define X86_PTE_SW_OWNED	0x200	/* frame came from __PADDR_ANY: unmap
					 * gives it back to the allocator */
#define X86_PTE_SW_PROTNONE	0x400	/* mapped with PAGE_ATTR_PROT_NONE:
					 * not present, but the frame stays */
/* ... by these names for the portable code (plat/common/pagetables.c) */
#define UKARCH_PTE_SW_OWNED	X86_PTE_SW_OWNED
#define UKARCH_PTE_SW_PROTNONE	X86_PTE_SW_PROTNONE
#define X86_PTE_NX		(__PG_UL(1) << 63)	/* no instruction fetch */
#define X86_PTE_PADDR_MASK	__PG_UL(0x000ffffffffff000)

#define PAGE_ATTR_PROT_MASK	0x07

/*
 * Memory type (a ukrepl extension: Unikraft 0.10 has memory types on arm64
 * only, at the same bits). Normal memory is write-back; uncached is for
 * device registers (PCD and PWT: PAT entry 3, UC, in the power-on PAT).
 */
#define PAGE_ATTR_TYPE_UNCACHED	(1 << PAGE_ATTR_TYPE_SHIFT)

#ifndef __ASSEMBLY__

/* Canonical 48-bit virtual addresses: bits 63..47 all equal */
#define X86_VADDR_BITS		48
static inline int ukarch_vaddr_isvalid(__vaddr_t vaddr)
{
	__s64 v = (__s64)vaddr;

	return (v >> (X86_VADDR_BITS - 1)) == 0 ||
	       (v >> (X86_VADDR_BITS - 1)) == -1;
}

/* Physical addresses: 52 bits at most (MAXPHYADDR) */
static inline int ukarch_paddr_isvalid(__paddr_t paddr)
{
	return (paddr & ~X86_PTE_PADDR_MASK & ~(PAGE_SIZE - 1)) == 0;
}

/* ---------------------------------------- Unikraft 0.10's x86_64 helpers */

#define X86_PT_LEVEL_SHIFT	PT_LEVEL_SHIFT
#define X86_PT_PTES_PER_LEVEL	PT_PTES_PER_LEVEL
#define X86_PT_L0_SHIFT		PAGE_SHIFT
#define X86_PT_Lx_SHIFT(lvl)	PAGE_Lx_SHIFT(lvl)
/* Pages of level lvl exist: 4 KiB, 2 MiB, 1 GiB */
#define PAGE_Lx_HAS(lvl)	((lvl) <= PAGE_HUGE_LEVEL)

#define X86_PTE_PADDR_BITS	52
#define X86_VADDR_CANONICALIZE(vaddr)					\
	((__vaddr_t)(((__s64)(vaddr) << (64 - X86_VADDR_BITS)) >>	\
		     (64 - X86_VADDR_BITS)))
/* Not canonical, so never a valid address */
#define X86_INVALID_ADDR	0xff00000000000000UL

/* The PAT bit: bit 7 in a 4 KiB page's entry, bit 12 in a large one's */
#define X86_PTE_PAT(lvl)	((lvl) == PAGE_LEVEL ? 0x80UL : 0x1000UL)
#define X86_PTE_USER1_MASK	0x0000000000000e00UL	/* bits 9..11 */
#define X86_PTE_USER2_MASK	0x07f0000000000000UL	/* bits 52..58 */
#define X86_PTE_MPK_MASK	0x7800000000000000UL	/* bits 59..62 */

/* Entry pte of level lvl maps a page (rather than pointing at a table) */
#define PAGE_Lx_IS(pte, lvl)						\
	((lvl) == PAGE_LEVEL || ((pte) & X86_PTE_PSE))
/* For the entry macros of <uk/arch/paging.h> */
#define UKARCH_PTE_PRESENT	X86_PTE_PRESENT
#define UKARCH_PTE_PADDR_MASK	X86_PTE_PADDR_MASK

/* The top table of this CPU (CR3, without its flag bits) */
static inline __paddr_t ukarch_pt_read_base(void)
{
	__paddr_t cr3;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(cr3));
	return cr3 & X86_PTE_PADDR_MASK;
}

/* Switches this CPU to the tables at pt_paddr (flushes its TLB, global
 * pages aside). The kernel's tables are never touched: see
 * ukplat_pt_set_active() for the switch with book-keeping. */
static inline int ukarch_pt_write_base(__paddr_t pt_paddr)
{
	if (pt_paddr & ~X86_PTE_PADDR_MASK)
		return -22;
	__asm__ __volatile__("mov %0, %%cr3" : : "r"(pt_paddr) : "memory");
	return 0;
}

static inline void ukarch_tlb_flush_entry(__vaddr_t vaddr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(vaddr) : "memory");
}

/* This CPU's whole TLB, global pages included (toggles CR4.PGE) */
static inline void ukarch_tlb_flush(void)
{
	unsigned long cr4;

	__asm__ __volatile__("mov %%cr4, %0" : "=r"(cr4));
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(cr4 ^ 0x80) : "memory");
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(cr4) : "memory");
	if (!(cr4 & 0x80))
		ukarch_pt_write_base(ukarch_pt_read_base());
}

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ASM_PAGING_H__ */
