/* VMSAv8-64 paging as the paging API sees it: 48-bit virtual addresses,
 * 4 KiB granule, four levels, under Unikraft 0.10's names (its arm64
 * uk/asm/paging.h). Arm ARM (DDI 0487) D8.3 (descriptor formats). */
#ifndef __UK_ARCH_PAGING_H__
#define __UK_ARCH_PAGING_H__

#include <uk/essentials.h>

/*
 * Levels are counted from the leaf up, as Unikraft does on both
 * architectures: level 0 maps 4 KiB pages (the Arm ARM's lookup level 3),
 * level 1 2 MiB blocks (lookup level 2), level 2 1 GiB blocks (lookup level
 * 1), level 3 is the top table (lookup level 0), which has no blocks.
 */
#define PT_LEVELS		4
#define PT_PTES_PER_LEVEL	512
#define PT_LEVEL_SHIFT		9
#define PT_Lx_PTES(lvl)		PT_PTES_PER_LEVEL
#define PT_MAP_LEVEL_MAX	(PT_LEVELS - 2)

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
#define PAGE_Lx_HAS(lvl)	((lvl) <= PT_MAP_LEVEL_MAX)
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

#define PT_Lx_IDX(vaddr, lvl)						\
	(((vaddr) >> PAGE_Lx_SHIFT(lvl)) & (PT_PTES_PER_LEVEL - 1))

#define PT_PAGES(n)							\
	(DIV_ROUND_UP((n), PT_PTES_PER_LEVEL) + 1 +			\
	 DIV_ROUND_UP((n), PT_PTES_PER_LEVEL * PT_PTES_PER_LEVEL) + 1 +	\
	 DIV_ROUND_UP((n), PT_PTES_PER_LEVEL * PT_PTES_PER_LEVEL *	\
			   PT_PTES_PER_LEVEL) + 1)

/* Descriptor bits (D8.3): bit 0 valid; bit 1 table (levels 3-1) or page
 * (level 0), clear for a block (levels 2-1). */
#define PTE_VALID_BIT		__PG_UL(0x1)
#define PTE_TYPE_MASK		__PG_UL(0x3)
#define PTE_TYPE_BLOCK		__PG_UL(0x1)
#define PTE_TYPE_PAGE		__PG_UL(0x3)
#define PTE_TYPE_TABLE		__PG_UL(0x3)
#define PTE_Lx_TABLE_PADDR_MASK	__PG_UL(0x0000fffffffff000)
#define PTE_L0_PAGE_PADDR_MASK	__PG_UL(0x0000fffffffff000)
#define PTE_L1_BLOCK_PADDR_MASK	__PG_UL(0x0000ffffffe00000)
#define PTE_L2_BLOCK_PADDR_MASK	__PG_UL(0x0000ffffc0000000)

/* Lower attributes of a block or page */
#define PTE_ATTR_IDX(x)		(((x) & 0x7) << 2)	/* MAIR slot */
#define PTE_ATTR_IDX_MASK	__PG_UL(0x1c)
#define PTE_ATTR_NS		(__PG_UL(1) << 5)
#define PTE_ATTR_AP(x)		(((x) & 0x3) << 6)
#define PTE_ATTR_AP_MASK	PTE_ATTR_AP(3)
#define PTE_ATTR_AP_RW		PTE_ATTR_AP(0)	/* EL1 rw, EL0 none */
#define PTE_ATTR_AP_RO		PTE_ATTR_AP(2)	/* EL1 r-, EL0 none */
#define PTE_ATTR_AP_USER	PTE_ATTR_AP(1)
#define PTE_ATTR_SH(x)		(((x) & 0x3) << 8)
#define PTE_ATTR_SH_MASK	PTE_ATTR_SH(3)
#define PTE_ATTR_SH_NS		PTE_ATTR_SH(0)
#define PTE_ATTR_SH_OS		PTE_ATTR_SH(2)
#define PTE_ATTR_SH_IS		PTE_ATTR_SH(3)
#define PTE_ATTR_AF		(__PG_UL(1) << 10)	/* else: access fault */
#define PTE_ATTR_nG		(__PG_UL(1) << 11)
/* Upper attributes */
#define PTE_ATTR_DBM		(__PG_UL(1) << 51)
#define PTE_ATTR_CONTIGUOUS	(__PG_UL(1) << 52)
#define PTE_ATTR_PXN		(__PG_UL(1) << 53)
#define PTE_ATTR_UXN		(__PG_UL(1) << 54)
#define PTE_ATTR_XN		(PTE_ATTR_PXN | PTE_ATTR_UXN)
/* Bits 55-58 are the software's. Ours: */
#define PTE_ATTR_SW_OWNED	(__PG_UL(1) << 55)	/* frame from
							 * __PADDR_ANY */
#define PTE_ATTR_SW_PROTNONE	(__PG_UL(1) << 56)	/* PROT_NONE: not
							 * valid, frame kept */

/* Protection attributes of ukplat_page_map() / _set_attr() */
#define PAGE_ATTR_PROT_NONE	0x00
#define PAGE_ATTR_PROT_READ	0x01
#define PAGE_ATTR_PROT_WRITE	0x02
#define PAGE_ATTR_PROT_EXEC	0x04
#define PAGE_ATTR_PROT_MASK	0x0f
#define PAGE_ATTR_PROT_SHIFT	0
#define PAGE_ATTR_PROT_RW	(PAGE_ATTR_PROT_READ | PAGE_ATTR_PROT_WRITE)
#define PAGE_ATTR_PROT_RWX	(PAGE_ATTR_PROT_RW | PAGE_ATTR_PROT_EXEC)

/* Memory types: the value is also the MAIR_EL1 slot (boot.S sets MAIR) */
#define PAGE_ATTR_TYPE_SHIFT	5
#define PAGE_ATTR_TYPE_MASK	(0x7 << PAGE_ATTR_TYPE_SHIFT)
#define PAGE_ATTR_TYPE_NORMAL_WB	(0 << PAGE_ATTR_TYPE_SHIFT)
#define PAGE_ATTR_TYPE_NORMAL_WT	(1 << PAGE_ATTR_TYPE_SHIFT)
#define PAGE_ATTR_TYPE_NORMAL_NC	(2 << PAGE_ATTR_TYPE_SHIFT)
#define PAGE_ATTR_TYPE_DEVICE_nGnRnE	(3 << PAGE_ATTR_TYPE_SHIFT)
#define PAGE_ATTR_TYPE_DEVICE_nGnRE	(4 << PAGE_ATTR_TYPE_SHIFT)
#define PAGE_ATTR_TYPE_DEVICE_GRE	(5 << PAGE_ATTR_TYPE_SHIFT)
/* x86_64's name for device memory, so portable code says one thing */
#define PAGE_ATTR_TYPE_UNCACHED		PAGE_ATTR_TYPE_DEVICE_nGnRE

#define PAGE_ATTR_SHAREABLE_SHIFT	8
#define PAGE_ATTR_SHAREABLE_MASK	(0x3 << PAGE_ATTR_SHAREABLE_SHIFT)
#define PAGE_ATTR_SHAREABLE_NS		(0 << PAGE_ATTR_SHAREABLE_SHIFT)
#define PAGE_ATTR_SHAREABLE_IS		(1 << PAGE_ATTR_SHAREABLE_SHIFT)
#define PAGE_ATTR_SHAREABLE_OS		(2 << PAGE_ATTR_SHAREABLE_SHIFT)

#define ARM64_PADDR_BITS	48
#define ARM64_VADDR_BITS	48

/* The direct map of the first 512 GiB of physical memory (one level-3
 * entry, the last of the top table): the paging code reaches every table
 * through it. */
#define DIRECTMAP_AREA_START	__PG_UL(0x0000ff8000000000)
#define DIRECTMAP_AREA_SIZE	__PG_UL(0x0000008000000000)

#ifndef __ASSEMBLY__

typedef __u64 __pte_t;

#define __VADDR_INV		((__vaddr_t)0xbaadbaadbaadbaadUL & PAGE_HUGE_MASK)
#define __PADDR_INV		((__paddr_t)0xbaadbaadbaadbaadUL & PAGE_HUGE_MASK)
#define __PADDR_ANY		__PADDR_INV
#define __VADDR_ANY		__VADDR_INV

/* Only TTBR0's half exists: VA[63:48] zero (VA[55] = 1 would be TTBR1's,
 * which is disabled). */
static inline int ukarch_vaddr_isvalid(__vaddr_t vaddr)
{
	return (vaddr >> ARM64_VADDR_BITS) == 0;
}

static inline int ukarch_paddr_isvalid(__paddr_t paddr)
{
	return (paddr >> ARM64_PADDR_BITS) == 0;
}

static inline __vaddr_t arm64_directmap_va(__paddr_t pa)
{
	return DIRECTMAP_AREA_START + pa;
}

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ARCH_PAGING_H__ */
