/* Hierarchies of page tables besides the kernel's, the portable half
 * (plat/common/pagetables.c: which CPU runs on which, adopt, clone, free,
 * over the entry macros of <uk/asm/paging.h>) and what each architecture's
 * paging code provides for it. */
#ifndef __UK_PLAT_COMMON_PAGING_H__
#define __UK_PLAT_COMMON_PAGING_H__

#include <uk/plat/paging.h>

/* The one hierarchy every CPU starts on */
extern struct uk_pagetable kernel_pt;
/* Set once the boot CPU runs on kernel_pt: changes need TLB maintenance */
extern int pt_active;

/* How the kernel reaches the table at physical address pa */
__vaddr_t pt_tables_va(__paddr_t pa);

/* The lock of every change to page tables (interrupts off while held) */
unsigned long pt_tables_lock(void);
void pt_tables_unlock(unsigned long irqf);

/* Before the tables of a hierarchy no CPU runs on any more are freed: every
 * CPU forgets what its TLB may still hold from them. */
void pt_tables_forget(void);

#endif /* __UK_PLAT_COMMON_PAGING_H__ */
