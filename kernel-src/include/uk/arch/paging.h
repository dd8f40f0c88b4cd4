/* Paging as the paging API sees it on both architectures: four levels of
 * 512 entries over a 4 KiB granule, 48-bit virtual addresses, the page
 * sizes and their arithmetic (Unikraft 0.10's uk/arch/paging.h). What
 * differs, the entries' bits, valid addresses and the registers that hold
 * the top table, is the architecture's <uk/asm/paging.h>. */
#ifndef __UK_ARCH_PAGING_H__
#define __UK_ARCH_PAGING_H__

#include <uk/essentials.h>

/*
 * Levels are counted from the leaf up, as Unikraft does on both
 * architectures: level 0 maps 4 KiB pages (x86_64's PT, arm64's lookup
 * level 3), level 1 2 MiB pages, level 2 1 GiB pages, level 3 is the top
 * table (PML4, lookup level 0), which maps no pages itself.
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
 * table: one per 512 entries of the level below, plus one each for a range
 * that straddles a boundary. */
#define PT_PAGES(n)							\
	(DIV_ROUND_UP((n), PT_PTES_PER_LEVEL) + 1 +			\
	 DIV_ROUND_UP((n), PT_PTES_PER_LEVEL * PT_PTES_PER_LEVEL) + 1 +	\
	 DIV_ROUND_UP((n), PT_PTES_PER_LEVEL * PT_PTES_PER_LEVEL *	\
			   PT_PTES_PER_LEVEL) + 1)
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

/* Protection attributes of ukplat_page_map() / _set_attr() */
#define PAGE_ATTR_PROT_NONE	0x00
#define PAGE_ATTR_PROT_READ	0x01
#define PAGE_ATTR_PROT_WRITE	0x02
#define PAGE_ATTR_PROT_EXEC	0x04
#define PAGE_ATTR_PROT_SHIFT	0
#define PAGE_ATTR_PROT_RW	(PAGE_ATTR_PROT_READ | PAGE_ATTR_PROT_WRITE)
#define PAGE_ATTR_PROT_RWX	(PAGE_ATTR_PROT_RW | PAGE_ATTR_PROT_EXEC)

/* Memory types (the architecture names the ones it has); normal memory,
 * write-back, is 0 on both */
#define PAGE_ATTR_TYPE_SHIFT	5
#define PAGE_ATTR_TYPE_MASK	(0x7 << PAGE_ATTR_TYPE_SHIFT)
#define PAGE_ATTR_TYPE_NORMAL_WB	(0 << PAGE_ATTR_TYPE_SHIFT)

#ifndef __ASSEMBLY__

typedef __u64 __pte_t;

/* "No address": 0xbaadbaadbaadbaad rounded down to the largest page */
#define __VADDR_INV		((__vaddr_t)0xbaadbaadbaadbaadUL & PAGE_HUGE_MASK)
#define __PADDR_INV		((__paddr_t)0xbaadbaadbaadbaadUL & PAGE_HUGE_MASK)
/* ukplat_page_map(): "allocate the frames" */
#define __PADDR_ANY		__PADDR_INV
#define __VADDR_ANY		__VADDR_INV

#endif /* !__ASSEMBLY__ */

#include <uk/asm/paging.h>

/* Entries, over what the architecture calls present and where it keeps the
 * address (PAGE_Lx_IS, whether an entry maps a page, is its own) */
#define PT_Lx_PTE_PRESENT(pte, lvl)	((pte) & UKARCH_PTE_PRESENT)
#define PT_Lx_PTE_CLEAR_PRESENT(pte, lvl)				\
	((pte) & ~(__pte_t)UKARCH_PTE_PRESENT)
#define PT_Lx_PTE_INVALID(lvl)		((__pte_t)0)
/* The physical address an entry holds: a table's, or a page's frame */
#define PT_Lx_PTE_PADDR(pte, lvl)					\
	((__paddr_t)(pte) & UKARCH_PTE_PADDR_MASK &			\
	 (PAGE_Lx_IS(pte, lvl) ? PAGE_Lx_MASK(lvl) : PAGE_MASK))

#ifndef __ASSEMBLY__

/* [start, end) holds only valid addresses, on one side of x86_64's hole */
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

/* Writes the entry in one store; barriers and TLB maintenance are the
 * caller's business. */
static inline int ukarch_pte_write(__vaddr_t pt_vaddr, unsigned int lvl,
				   unsigned int idx, __pte_t pte)
{
	if (lvl >= PT_LEVELS || idx >= PT_PTES_PER_LEVEL)
		return -22;
	*(volatile __pte_t *)(pt_vaddr + idx * sizeof(__pte_t)) = pte;
	return 0;
}

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ARCH_PAGING_H__ */
