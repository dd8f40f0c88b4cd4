/* Frames for pages and tables, freed only once no TLB can hold them; large
 * pages split into tables of smaller ones. */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include "paging.h"

/* Frames and tables come from the table's frame allocator, aligned to
 * their size; frames are zeroed. 0 if there is no memory. */
__paddr_t frame_alloc(struct uk_pagetable *pt, unsigned int lvl)
{
	unsigned long frames = PAGE_Lx_SIZE(lvl) >> PAGE_SHIFT;
	__paddr_t pa = uk_falloc(pt->fa, frames);

	if (pa == __PADDR_INV)
		return 0;
	if (!PAGE_Lx_ALIGNED(pa, lvl)) {
		uk_ffree(pt->fa, pa, frames);
		return 0;
	}
	memset(pt_table(pa), 0, PAGE_Lx_SIZE(lvl));
	return pa;
}

void defer_free(struct pg_op *op, __paddr_t pa, unsigned long pages)
{
	struct pg_deferred *d = (struct pg_deferred *)(__uptr)pa;

	d->next = op->deferred;
	d->pages = pages;
	op->deferred = d;
}

void note_flush(struct pg_op *op, __vaddr_t lo, __vaddr_t hi)
{
	if (op->flush_hi == op->flush_lo) {
		op->flush_lo = lo;
		op->flush_hi = hi;
		return;
	}
	op->flush_lo = MIN(op->flush_lo, lo);
	op->flush_hi = MAX(op->flush_hi, hi);
}

/* A new empty table for below an entry of level lvl; 0 if no memory */
__paddr_t table_new(struct pg_op *op, unsigned int lvl)
{
	__paddr_t pa = frame_alloc(op->pt, PAGE_LEVEL);

	if (pa)
		op->pt->nr_pt_pages[lvl - 1]++;
	return pa;
}

int table_empty(const __pte_t *t)
{
	unsigned int i;

	for (i = 0; i < PT_PTES_PER_LEVEL; i++)
		if (t[i])
			return 0;
	return 1;
}

/*
 * Replaces the page that entry *e (level lvl > 0) maps by a table of 512
 * pages of the next smaller size, same frames and attributes. The
 * translation stays the same throughout (one 64-bit store switches), so
 * this is safe on a page the CPU is using this very moment.
 */
int table_split(struct pg_op *op, __pte_t *e, unsigned int lvl)
{
	__pte_t pte = *e, child;
	__paddr_t pa = pte_paddr(pte, lvl), tpa;
	__pte_t *t;
	unsigned int j;

	tpa = frame_alloc(op->pt, PAGE_LEVEL);
	if (!tpa)
		return -ENOMEM;
	t = pt_table(tpa);
	child = pte & ~(X86_PTE_PADDR_MASK | X86_PTE_PSE);
	if (lvl - 1 > PAGE_LEVEL)
		child |= X86_PTE_PSE;
	for (j = 0; j < PT_PTES_PER_LEVEL; j++)
		t[j] = child | (pa + j * PAGE_Lx_SIZE(lvl - 1));
	UK_WRITE_ONCE(*e, tpa | PTE_TABLE);

	op->pt->nr_pt_pages[lvl - 1]++;
	op->pt->nr_lx_splits[lvl]++;
	op->pt->nr_lx_pages[lvl]--;
	op->pt->nr_lx_pages[lvl - 1] += PT_PTES_PER_LEVEL;
	op->flush_all = 1;	/* the old large TLB entry must go */
	return 0;
}

#endif /* CONFIG_PAGING */
