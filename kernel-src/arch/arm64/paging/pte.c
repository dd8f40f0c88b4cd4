/*
 * PAGE_ATTR_* <-> descriptor bits, and the barriers and TLB maintenance
 * that follow a change. Arm ARM (DDI 0487) D8.4 (AP: bit 7 = read-only,
 * bit 6 = EL0 access; PXN/UXN), D8.6 (AttrIndx into MAIR_EL1, SH).
 */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include "paging.h"

#define TLBI_RANGE_MAX	(64 * PAGE_SIZE)	/* beyond: flush all */

__pte_t pte_make(__paddr_t pa, unsigned int lvl, unsigned long attr)
{
	unsigned long type = (attr & PAGE_ATTR_TYPE_MASK) >>
			     PAGE_ATTR_TYPE_SHIFT;
	__pte_t pte = pa | PTE_ATTR_AF | PTE_ATTR_IDX(type) | PTE_ATTR_UXN;

	pte |= lvl == PAGE_LEVEL ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK;
	/* normal memory is shared by all CPUs; device memory ignores SH */
	if (type <= 2)
		pte |= PTE_ATTR_SH_IS;
	if (!(attr & PAGE_ATTR_PROT_WRITE))
		pte |= PTE_ATTR_AP_RO;
	if (!(attr & PAGE_ATTR_PROT_EXEC))
		pte |= PTE_ATTR_PXN;
	if (!(attr & PAGE_ATTR_PROT_RWX))	/* PROT_NONE: not valid */
		pte = (pte & ~PTE_VALID_BIT) | PTE_ATTR_SW_PROTNONE;
	return pte;
}

unsigned long pte_attr(__pte_t pte)
{
	unsigned long attr = ((pte & PTE_ATTR_IDX_MASK) >> 2)
			     << PAGE_ATTR_TYPE_SHIFT;

	if (pte_is_protnone(pte))
		return attr;
	attr |= PAGE_ATTR_PROT_READ;
	if (!(pte & PTE_ATTR_AP_RO))
		attr |= PAGE_ATTR_PROT_WRITE;
	if (!(pte & PTE_ATTR_PXN))
		attr |= PAGE_ATTR_PROT_EXEC;
	return attr;
}

void pte_publish(void)
{
	/* 0.10's fix: the walker must see the entry before the code that
	 * relies on it runs */
	__asm__ __volatile__("dsb ishst\n\tisb" ::: "memory");
}

void tlb_flush_range(__vaddr_t va, __sz len)
{
	__vaddr_t p;

	__asm__ __volatile__("dsb ishst" ::: "memory");
	if (len > TLBI_RANGE_MAX) {
		__asm__ __volatile__("tlbi vmalle1is" ::: "memory");
	} else {
		for (p = va & PAGE_MASK; p < va + len; p += PAGE_SIZE)
			__asm__ __volatile__("tlbi vaae1is, %0"
					     :: "r"(p >> PAGE_SHIFT)
					     : "memory");
	}
	__asm__ __volatile__("dsb ish\n\tisb" ::: "memory");
}

#endif /* CONFIG_PAGING */
