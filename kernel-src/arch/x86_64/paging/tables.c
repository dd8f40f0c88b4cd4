/* The tables of hierarchies besides the kernel's: copied for
 * ukplat_pt_clone(), dropped for ukplat_pt_free() (the rest of those calls
 * is plat/common/pagetables.c). */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include <uk/plat/common/paging.h>
#include "paging.h"

struct uk_falloc_palloc kernel_falloc;

__vaddr_t pt_tables_va(__paddr_t pa)
{
	return (__vaddr_t)pt_table(pa);
}

/*
 * A copy of the table src (level lvl) and of every table below it; the
 * pages are the same, but a copy owns none of their frames (X86_PTE_SW_OWNED
 * cleared: only src's unmap frees them). 0 if there is no memory.
 */
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
		if (pte_is_table(e, lvl)) {
			/* linked at once, so that a failure frees it */
			sub = copy_table(op, pt_table(pte_paddr(e, 0)), lvl - 1);
			t[i] = sub ? (e & ~X86_PTE_PADDR_MASK) | sub : 0;
			if (!sub)
				return pa;	/* the caller sees the 0 */
		} else {
			t[i] = e & ~(__pte_t)X86_PTE_SW_OWNED;
			op->pt->nr_lx_pages[lvl] += pte_is_page(e, lvl);
		}
	}
	return pa;
}

/* Whether every table under t (level lvl) was copied: a failed copy
 * leaves a 0 entry where src had a table. */
static int copy_complete(const __pte_t *t, const __pte_t *src,
			 unsigned int lvl)
{
	unsigned int i;

	for (i = 0; lvl > PAGE_LEVEL && i < PT_PTES_PER_LEVEL; i++) {
		if (!pte_is_table(src[i], lvl))
			continue;
		if (!t[i] || !copy_complete(pt_table(pte_paddr(t[i], 0)),
					    pt_table(pte_paddr(src[i], 0)),
					    lvl - 1))
			return 0;
	}
	return 1;
}

void pt_tables_drop(struct uk_pagetable *pt, unsigned long flags)
{
	struct pg_op op = { .pt = pt, .flags = flags };
	unsigned long irqf = pt_lock_take();

	drop_table(&op, pt->pt_pbase, PT_LEVELS - 1);
	op_finish(&op);
	pt_lock_give(irqf);
}

int pt_tables_copy(struct uk_pagetable *pt, struct uk_pagetable *src,
		   unsigned long flags)
{
	struct pg_op op = { .pt = pt };
	const __pte_t *from = pt_table(src->pt_pbase);
	unsigned long irqf;
	__paddr_t root;

	if (flags & PAGE_FLAG_CLONE_NEW) {
		root = frame_alloc(pt, PAGE_LEVEL);
		pt->nr_pt_pages[PT_LEVELS - 1] = !!root;
	} else {
		irqf = pt_lock_take();
		root = copy_table(&op, from, PT_LEVELS - 1);
		if (root && !copy_complete(pt_table(root), from,
					   PT_LEVELS - 1)) {
			/* what was copied goes, the pages stay */
			op.flags = PAGE_FLAG_KEEP_FRAMES;
			drop_table(&op, root, PT_LEVELS - 1);
			op_finish(&op);
			root = 0;
		}
		pt_lock_give(irqf);
	}
	if (!root)
		return -ENOMEM;
	pt->pt_pbase = root;
	pt->pt_vbase = (__vaddr_t)root;
	return 0;
}

#endif /* CONFIG_PAGING */
