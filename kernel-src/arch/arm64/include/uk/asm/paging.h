/* VMSAv8-64 paging with the 4 KiB granule: descriptors, memory types,
 * valid addresses, TTBR0_EL1 and the TLB, under Unikraft 0.10's names (its
 * arm64 uk/asm/paging.h); included by <uk/arch/paging.h>, which has what
 * both architectures share. Arm ARM (DDI 0487) D8.3 (descriptor formats),
 * D8.13 (TLB maintenance). */
#ifndef __UK_ASM_PAGING_H__
#define __UK_ASM_PAGING_H__

/* Blocks exist at levels 1 and 2 (2 MiB, 1 GiB), pages at level 0 */
#define PT_MAP_LEVEL_MAX	(PT_LEVELS - 2)
#define PAGE_Lx_HAS(lvl)	((lvl) <= PT_MAP_LEVEL_MAX)

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
/* ... by these names for the portable code (plat/common/pagetables.c) */
#define UKARCH_PTE_SW_OWNED	PTE_ATTR_SW_OWNED
#define UKARCH_PTE_SW_PROTNONE	PTE_ATTR_SW_PROTNONE

#define PAGE_ATTR_PROT_MASK	0x0f

/* Memory types: the value is also the MAIR_EL1 slot (boot.S sets MAIR) */
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
#define ARM64_PADDR_MAX		((__PG_UL(1) << ARM64_PADDR_BITS) - 1)
#define ARM64_VADDR_MAX		((__PG_UL(1) << ARM64_VADDR_BITS) - 1)
#define ARM64_PADDR_VALID(paddr)	((paddr) <= ARM64_PADDR_MAX)
#define ARM64_VADDR_VALID(vaddr)	((vaddr) <= ARM64_VADDR_MAX)
/* Beyond 48 bits, so never a valid address */
#define ARM64_INVALID_ADDR	__PG_UL(0xff00000000000000)

/* TTBR0_EL1: ASID (63:48), the top table (47:1), CnP (0) */
#define TTBR0_EL1_ASID_MASK	__PG_UL(0xffff000000000000)
#define TTBR0_EL1_BADDR_MASK	__PG_UL(0x0000fffffffffffe)
#define TTBR0_EL1_CnP_MASK	__PG_UL(0x1)

/* Entry pte of level lvl maps a page or block (rather than a table) */
#define PAGE_Lx_IS(pte, lvl)						\
	((lvl) == PAGE_LEVEL ||						\
	 ((pte) & PTE_TYPE_MASK) == PTE_TYPE_BLOCK)
/* For the entry macros of <uk/arch/paging.h> */
#define UKARCH_PTE_PRESENT	PTE_VALID_BIT
#define UKARCH_PTE_PADDR_MASK	PTE_Lx_TABLE_PADDR_MASK

/* The direct map of the first 512 GiB of physical memory (one level-3
 * entry, the last of the top table): the paging code reaches every table
 * through it. */
#define DIRECTMAP_AREA_START	__PG_UL(0x0000ff8000000000)
#define DIRECTMAP_AREA_SIZE	__PG_UL(0x0000008000000000)

#ifndef __ASSEMBLY__

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

/* boot.S: the switch of TTBR0_EL1 with the TLB maintenance it needs */
void arm64_switch_ttbr0(__paddr_t root);

/* The top table of this CPU (TTBR0_EL1 without ASID and CnP) */
static inline __paddr_t ukarch_pt_read_base(void)
{
	__paddr_t ttbr0;

	__asm__ __volatile__("mrs %0, ttbr0_el1" : "=r"(ttbr0));
	return ttbr0 & TTBR0_EL1_BADDR_MASK;
}

/* Switches this CPU to the tables at pt_paddr, which must map the running
 * code where it is: its TLB starts afresh (arm64_switch_ttbr0). See
 * ukplat_pt_set_active() for the switch with book-keeping. */
static inline int ukarch_pt_write_base(__paddr_t pt_paddr)
{
	if (!PAGE_ALIGNED(pt_paddr) || !ukarch_paddr_isvalid(pt_paddr))
		return -22;	/* EINVAL, without <errno.h> */
	arm64_switch_ttbr0(pt_paddr);
	return 0;
}

/* This CPU's TLB entries for vaddr, of every ASID; the walker sees earlier
 * table writes first (DSB), the next instruction the result (ISB) */
static inline void ukarch_tlb_flush_entry(__vaddr_t vaddr)
{
	__asm__ __volatile__("dsb ishst\n\ttlbi vaae1, %0\n\t"
			     "dsb nsh\n\tisb"
			     : : "r"(vaddr >> PAGE_SHIFT) : "memory");
}

/* This CPU's whole TLB (stage 1, EL1&0) */
static inline void ukarch_tlb_flush(void)
{
	__asm__ __volatile__("dsb ishst\n\ttlbi vmalle1\n\t"
			     "dsb nsh\n\tisb" : : : "memory");
}

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ASM_PAGING_H__ */
