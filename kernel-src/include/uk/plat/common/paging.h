/* Hierarchies of page tables besides the kernel's, the portable half
 * (plat/common/pagetables.c: which CPU runs on which, adopt, clone, free)
 * and what each architecture's paging code provides for it. */
#ifndef __UK_PLAT_COMMON_PAGING_H__
#define __UK_PLAT_COMMON_PAGING_H__

#include <uk/plat/paging.h>

/* The one hierarchy every CPU starts on */
extern struct uk_pagetable kernel_pt;
/* Set once the boot CPU runs on kernel_pt: changes need TLB maintenance */
extern int pt_active;

/*
 * Gives pt tables of its own: copies of every table of src (the pages
 * stay src's: pt owns none of their frames), or with PAGE_FLAG_CLONE_NEW
 * one empty top table; sets pt_pbase, pt_vbase and the table counts.
 * 0, or -ENOMEM with nothing left behind.
 */
int pt_tables_copy(struct uk_pagetable *pt, struct uk_pagetable *src,
		   unsigned long flags);

/* Frees pt's tables and, unless PAGE_FLAG_KEEP_FRAMES, the frames its own
 * maps allocated; no CPU runs on pt. */
void pt_tables_drop(struct uk_pagetable *pt, unsigned long flags);

/* How the kernel reaches the table at physical address pa */
__vaddr_t pt_tables_va(__paddr_t pa);

#endif /* __UK_PLAT_COMMON_PAGING_H__ */
