/* What the files of arch/arm64/paging/ share: descriptors, their
 * attributes, the table operations and the TLB maintenance.
 * Arm ARM (DDI 0487) D8.3 (descriptors), D8.13 (TLB maintenance), D8.14
 * (break-before-make). */
#ifndef __ARM64_PAGING_H__
#define __ARM64_PAGING_H__

#include <uk/essentials.h>
#include <uk/arch/paging.h>
#include <uk/plat/common/paging.h>

extern __u64 lcpu_ttbr0;		/* boot.S: root of CPUs started later */
extern __pte_t boot_l0[];		/* pagetable.S */

/* A table's entries, through the direct map */
static inline __pte_t *pt_table(__paddr_t pa)
{
	return (__pte_t *)arm64_directmap_va(pa);
}

/* Is `pte` at level `lvl` a table? A block or page (a leaf)? */
static inline int pte_is_table(__pte_t pte, unsigned int lvl)
{
	return lvl > PAGE_LEVEL && (pte & PTE_TYPE_MASK) == PTE_TYPE_TABLE;
}

static inline int pte_is_leaf(__pte_t pte, unsigned int lvl)
{
	if (lvl == PAGE_LEVEL)
		return (pte & PTE_TYPE_MASK) == PTE_TYPE_PAGE;
	return PAGE_Lx_HAS(lvl) && (pte & PTE_TYPE_MASK) == PTE_TYPE_BLOCK;
}

/* A mapping made PROT_NONE: invalid for the MMU, kept for us */
static inline int pte_is_protnone(__pte_t pte)
{
	return !(pte & PTE_VALID_BIT) && (pte & PTE_ATTR_SW_PROTNONE);
}

static inline __paddr_t pte_frame(__pte_t pte, unsigned int lvl)
{
	return pte & PTE_Lx_TABLE_PADDR_MASK & PAGE_Lx_MASK(lvl);
}

/* pte.c */
__pte_t pte_make(__paddr_t pa, unsigned int lvl, unsigned long attr);
unsigned long pte_attr(__pte_t pte);	/* back to PAGE_ATTR_* */
/* After PTE writes: make them visible to the table walkers (DSB), then
 * invalidate what the TLBs may hold for [va, va + len) on every CPU of
 * the inner-shareable domain (TLBI ... IS, DSB, ISB). */
void tlb_flush_range(__vaddr_t va, __sz len);
void pte_publish(void);			/* DSB + ISB only: new entries */

/* walk.c: the three operations over [va, va + len), all checked first */
#define OP_MAP		1
#define OP_UNMAP	2
#define OP_SET_ATTR	3
struct pg_op {
	int kind;
	unsigned long attr;	/* map, set_attr */
	unsigned long flags;
	unsigned int level;	/* map: at most this level (FORCE: exactly) */
	__paddr_t pa;		/* map: next frame, or __PADDR_ANY */
	int active;		/* the tables are live: TLB maintenance */
	struct uk_pagetable *pt;	/* its counts; frames from its fa */
};
/* Zeroed frames of a page of level lvl from pt's allocator; 0 if none */
__paddr_t frame_alloc(struct uk_pagetable *pt, unsigned int lvl);
/* Whether every page of the range is mapped (1), none is (0), or some
 * are (-1) */
int walk_check(__paddr_t root, __vaddr_t va, __vaddr_t end);
int walk_apply(struct pg_op *op, __paddr_t root, __vaddr_t va,
	       __vaddr_t end);
/* The entry that maps va: its level and table; 0 or -EFAULT */
int walk_find(__paddr_t root, __vaddr_t va, unsigned int *lvl,
	      __pte_t **table);

/* layout.c: regions and guard pages, for the dump and crash reports */
void region_note(const char *name, __vaddr_t start, __vaddr_t end);
const char *region_of(__vaddr_t va);
const char *guard_of(__vaddr_t va);

#endif /* __ARM64_PAGING_H__ */
