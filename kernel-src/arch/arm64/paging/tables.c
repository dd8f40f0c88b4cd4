/* The tables of hierarchies besides the kernel's: copied for
 * ukplat_pt_clone(), dropped for ukplat_pt_free() (the rest of those calls
 * is plat/common/pagetables.c). Neither needs TLB maintenance: a copy is
 * new, and no CPU runs on tables that are dropped (each CPU that left them
 * emptied its TLB as it switched, arm64_switch_ttbr0). */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include <errno.h>
#include "paging.h"

__vaddr_t pt_tables_va(__paddr_t pa)
{
	return (__vaddr_t)pt_table(pa);
}

static int pte_maps(__pte_t pte, unsigned int lvl)
{
	return pte_is_leaf(pte, lvl) || pte_is_protnone(pte);
}

/* Forgets the table at tpa (level lvl) and all below it */
static void drop_table(struct pg_op *op, __paddr_t tpa, unsigned int lvl)
{
	const __pte_t *t = pt_table(tpa);
	unsigned int i;
	__pte_t e;

	for (i = 0; i < PT_PTES_PER_LEVEL; i++) {
		e = t[i];
		if (pte_is_table(e, lvl)) {
			drop_table(op, pte_frame(e, PAGE_LEVEL), lvl - 1);
		} else if (pte_maps(e, lvl)) {
			op->pt->nr_lx_pages[lvl]--;
			if ((e & PTE_ATTR_SW_OWNED) &&
			    !(op->flags & PAGE_FLAG_KEEP_FRAMES))
				uk_ffree(op->pt->fa, pte_frame(e, lvl),
					 PAGE_Lx_SIZE(lvl) >> PAGE_SHIFT);
		}
	}
	op->pt->nr_pt_pages[lvl]--;
	uk_ffree(op->pt->fa, tpa, 1);
}

/* A copy of the table src (level lvl) and of every table below it; the
 * copy owns none of the frames (PTE_ATTR_SW_OWNED cleared). 0 if there is
 * no memory, and then nothing is left of it. */
static __paddr_t copy_table(struct pg_op *op, const __pte_t *src,
			    unsigned int lvl)
{
	__paddr_t pa = frame_alloc(op->pt, PAGE_LEVEL), sub;
	__pte_t *t, e;
	unsigned int i;

	if (!pa)
		return 0;
	t = pt_table(pa);
	op->pt->nr_pt_pages[lvl]++;
	for (i = 0; i < PT_PTES_PER_LEVEL; i++) {
		e = src[i];
		if (!pte_is_table(e, lvl)) {
			t[i] = e & ~PTE_ATTR_SW_OWNED;
			op->pt->nr_lx_pages[lvl] += pte_maps(e, lvl);
			continue;
		}
		sub = copy_table(op, pt_table(pte_frame(e, PAGE_LEVEL)),
				 lvl - 1);
		if (!sub) {
			drop_table(op, pa, lvl);	/* the rest is 0 */
			return 0;
		}
		t[i] = (e & ~PTE_Lx_TABLE_PADDR_MASK) | sub;
	}
	return pa;
}

int pt_tables_copy(struct uk_pagetable *pt, struct uk_pagetable *src,
		   unsigned long flags)
{
	struct pg_op op = { .pt = pt, .flags = PAGE_FLAG_KEEP_FRAMES };
	unsigned long irqf;
	__paddr_t root;

	if (flags & PAGE_FLAG_CLONE_NEW) {
		root = frame_alloc(pt, PAGE_LEVEL);
		pt->nr_pt_pages[PT_LEVELS - 1] = !!root;
	} else {
		uk_spin_lock_irqsave(&pt_lock, irqf);
		root = copy_table(&op, pt_table(src->pt_pbase),
				  PT_LEVELS - 1);
		uk_spin_unlock_irqrestore(&pt_lock, irqf);
	}
	if (!root)
		return -ENOMEM;
	pte_publish();	/* the walker sees the copy before TTBR0 does */
	pt->pt_pbase = root;
	pt->pt_vbase = pt_tables_va(root);
	return 0;
}

void pt_tables_drop(struct uk_pagetable *pt, unsigned long flags)
{
	struct pg_op op = { .pt = pt, .flags = flags };
	unsigned long irqf;

	uk_spin_lock_irqsave(&pt_lock, irqf);
	drop_table(&op, pt->pt_pbase, PT_LEVELS - 1);
	uk_spin_unlock_irqrestore(&pt_lock, irqf);
}

#endif /* CONFIG_PAGING */
