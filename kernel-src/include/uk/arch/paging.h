/* x86_64 4-level paging as the paging API sees it: page sizes per level,
 * page-table indexing, PTE bits and the protection attributes, under
 * Unikraft 0.10's names (its uk/asm/paging.h for x86_64).
 * Intel SDM Vol. 3A §4.5 (4-level paging), Tables 4-14 to 4-20 (entries). */
#ifndef __UK_ARCH_PAGING_H__
#define __UK_ARCH_PAGING_H__

#include <uk/essentials.h>

/*
 * Levels are counted from the leaf up, as Unikraft does: level 0 maps 4 KiB
 * pages (PT), level 1 2 MiB pages (PD), level 2 1 GiB pages (PDPT), level 3
 * is the top table (PML4), which maps no pages itself.
 */
#define PT_LEVELS		4
#define PT_PTES_PER_LEVEL	512
#define PT_LEVEL_SHIFT		9
#define PT_Lx_PTES(lvl)		PT_PTES_PER_LEVEL

#ifdef __ASSEMBLY__
#define __PG_UL(x)		x
#else
#define __PG_UL(x)		x##UL
#endif

#define PAGE_LEVEL		0
#define PAGE_SHIFT		12
#define PAGE_SIZE		__PG_UL(0x1000)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

#define PAGE_LARGE_LEVEL	1
#define PAGE_LARGE_SHIFT	21
#define PAGE_LARGE_SIZE		__PG_UL(0x200000)
#define PAGE_LARGE_MASK		(~(PAGE_LARGE_SIZE - 1))

#define PAGE_HUGE_LEVEL		2
#define PAGE_HUGE_SHIFT		30
#define PAGE_HUGE_SIZE		__PG_UL(0x40000000)
#define PAGE_HUGE_MASK		(~(PAGE_HUGE_SIZE - 1))

#define PAGE_Lx_SHIFT(lvl)	(PAGE_SHIFT + PT_LEVEL_SHIFT * (lvl))
#define PAGE_Lx_SIZE(lvl)	(__PG_UL(1) << PAGE_Lx_SHIFT(lvl))
#define PAGE_Lx_MASK(lvl)	(~(PAGE_Lx_SIZE(lvl) - 1))
#define PAGE_Lx_ALIGNED(a, lvl)	(((a) & (PAGE_Lx_SIZE(lvl) - 1)) == 0)
#define PAGE_Lx_ALIGN_DOWN(a, lvl)	((a) & PAGE_Lx_MASK(lvl))
#define PAGE_Lx_ALIGN_UP(a, lvl)					\
	(((a) + PAGE_Lx_SIZE(lvl) - 1) & PAGE_Lx_MASK(lvl))

#define PAGE_ALIGNED(a)		PAGE_Lx_ALIGNED(a, PAGE_LEVEL)
#define PAGE_ALIGN_DOWN(a)	PAGE_Lx_ALIGN_DOWN(a, PAGE_LEVEL)
#define PAGE_ALIGN_UP(a)	PAGE_Lx_ALIGN_UP(a, PAGE_LEVEL)
#define PAGE_LARGE_ALIGNED(a)	PAGE_Lx_ALIGNED(a, PAGE_LARGE_LEVEL)
#define PAGE_LARGE_ALIGN_DOWN(a) PAGE_Lx_ALIGN_DOWN(a, PAGE_LARGE_LEVEL)
#define PAGE_LARGE_ALIGN_UP(a)	PAGE_Lx_ALIGN_UP(a, PAGE_LARGE_LEVEL)
#define PAGE_HUGE_ALIGNED(a)	PAGE_Lx_ALIGNED(a, PAGE_HUGE_LEVEL)
#define PAGE_HUGE_ALIGN_DOWN(a)	PAGE_Lx_ALIGN_DOWN(a, PAGE_HUGE_LEVEL)
#define PAGE_HUGE_ALIGN_UP(a)	PAGE_Lx_ALIGN_UP(a, PAGE_HUGE_LEVEL)

/* Index of the entry for `vaddr` in the table of level `lvl` */
#define PT_Lx_IDX(vaddr, lvl)						\
	(((vaddr) >> PAGE_Lx_SHIFT(lvl)) & (PT_PTES_PER_LEVEL - 1))

/* Page-table pages that mapping n 4 KiB pages needs at most below the top
 * table: one PT per 512 pages, one PD per 512 PTs, one PDPT per 512 PDs, plus
 * one each for a range that straddles a boundary. */
#define PT_PAGES(n)							\
	(DIV_ROUND_UP((n), PT_PTES_PER_LEVEL) + 1 +			\
	 DIV_ROUND_UP((n), PT_PTES_PER_LEVEL * PT_PTES_PER_LEVEL) + 1 +	\
	 DIV_ROUND_UP((n), PT_PTES_PER_LEVEL * PT_PTES_PER_LEVEL *	\
			   PT_PTES_PER_LEVEL) + 1)

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
#define X86_PTE_NX		(__PG_UL(1) << 63)	/* no instruction fetch */
#define X86_PTE_PADDR_MASK	__PG_UL(0x000ffffffffff000)

/* Protection attributes of ukplat_page_map() / _set_attr() */
#define PAGE_ATTR_PROT_NONE	0x00
#define PAGE_ATTR_PROT_READ	0x01
#define PAGE_ATTR_PROT_WRITE	0x02
#define PAGE_ATTR_PROT_EXEC	0x04
#define PAGE_ATTR_PROT_MASK	0x07
#define PAGE_ATTR_PROT_RW	(PAGE_ATTR_PROT_READ | PAGE_ATTR_PROT_WRITE)
#define PAGE_ATTR_PROT_RWX	(PAGE_ATTR_PROT_RW | PAGE_ATTR_PROT_EXEC)

/*
 * Memory type (a ukrepl extension: Unikraft 0.10 has memory types on arm64
 * only, at the same bits). Normal memory is write-back; uncached is for
 * device registers (PCD and PWT: PAT entry 3, UC, in the power-on PAT).
 */
#define PAGE_ATTR_TYPE_SHIFT	5
#define PAGE_ATTR_TYPE_MASK	(0x7 << PAGE_ATTR_TYPE_SHIFT)
#define PAGE_ATTR_TYPE_NORMAL_WB	(0 << PAGE_ATTR_TYPE_SHIFT)
#define PAGE_ATTR_TYPE_UNCACHED	(1 << PAGE_ATTR_TYPE_SHIFT)

#ifndef __ASSEMBLY__

typedef __u64 __pte_t;

/* "No address": 0xbaadbaadbaadbaad rounded down to the largest page */
#define __VADDR_INV		((__vaddr_t)0xbaadbaadbaadbaadUL & PAGE_HUGE_MASK)
#define __PADDR_INV		((__paddr_t)0xbaadbaadbaadbaadUL & PAGE_HUGE_MASK)
/* ukplat_page_map(): "allocate the frames" */
#define __PADDR_ANY		__PADDR_INV
#define __VADDR_ANY		__VADDR_INV

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
#define PT_Lx_PTE_PRESENT(pte, lvl)	((pte) & X86_PTE_PRESENT)
#define PT_Lx_PTE_CLEAR_PRESENT(pte, lvl)				\
	((pte) & ~(__pte_t)X86_PTE_PRESENT)
#define PT_Lx_PTE_INVALID(lvl)		((__pte_t)0)
/* The physical address an entry holds: a table's, or a page's frame */
#define PT_Lx_PTE_PADDR(pte, lvl)					\
	((__paddr_t)(pte) & X86_PTE_PADDR_MASK &			\
	 (PAGE_Lx_IS(pte, lvl) ? PAGE_Lx_MASK(lvl) : PAGE_MASK))

/* Tables of level lvl (1: PT ... ) that mapping `pages` 4 KiB pages needs */
#define _PT_L1_PT_PAGES(pages)	(DIV_ROUND_UP((pages), PT_PTES_PER_LEVEL) + 1)
#define _PT_L2_PT_PAGES(pages)	(DIV_ROUND_UP(_PT_L1_PT_PAGES(pages),	\
					      PT_PTES_PER_LEVEL) + 1)
#define _PT_L3_PT_PAGES(pages)	(DIV_ROUND_UP(_PT_L2_PT_PAGES(pages),	\
					      PT_PTES_PER_LEVEL) + 1)
#define _PT_L4_PT_PAGES(pages)	1
#define _PT_L5_PT_PAGES(pages)	0
#define PT_Lx_PT_PAGES(lvl, pages)	_PT_L##lvl##_PT_PAGES(pages)
#define _PT_PAGES(lvls, pages)						\
	(_PT_L1_PT_PAGES(pages) + _PT_L2_PT_PAGES(pages) +		\
	 _PT_L3_PT_PAGES(pages) + _PT_L4_PT_PAGES(pages))

static inline int ukarch_vaddr_range_isvalid(__vaddr_t start, __vaddr_t end)
{
	return start <= end && ukarch_vaddr_isvalid(start) &&
	       (start == end || ukarch_vaddr_isvalid(end - 1)) &&
	       !((start ^ end) >> 63);
}

static inline int ukarch_paddr_range_isvalid(__paddr_t start, __paddr_t end)
{
	return start <= end && ukarch_paddr_isvalid(start) &&
	       (start == end || ukarch_paddr_isvalid(end - 1));
}

/* Entry idx of the table at pt_vaddr (level lvl). 0 or -EINVAL. */
static inline int ukarch_pte_read(__vaddr_t pt_vaddr, unsigned int lvl,
				  unsigned int idx, __pte_t *pte)
{
	if (lvl >= PT_LEVELS || idx >= PT_PTES_PER_LEVEL)
		return -22;	/* EINVAL, without <errno.h> */
	*pte = *(volatile __pte_t *)(pt_vaddr + idx * sizeof(__pte_t));
	return 0;
}

/* Writes the entry in one store (no TLB flush: the caller's business). */
static inline int ukarch_pte_write(__vaddr_t pt_vaddr, unsigned int lvl,
				   unsigned int idx, __pte_t pte)
{
	if (lvl >= PT_LEVELS || idx >= PT_PTES_PER_LEVEL)
		return -22;
	*(volatile __pte_t *)(pt_vaddr + idx * sizeof(__pte_t)) = pte;
	return 0;
}

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
#endif /* __UK_ARCH_PAGING_H__ */
