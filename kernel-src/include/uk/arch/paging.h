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

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ARCH_PAGING_H__ */
