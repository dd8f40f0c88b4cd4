/* Hierarchies besides the kernel's (Unikraft 0.10's ukplat_pt_* calls):
 * adopt, clone, activate on one CPU, free. Each CPU runs on the kernel's
 * tables until it activates others. */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include "paging.h"

struct uk_falloc_palloc kernel_falloc;

/* What each CPU runs on; NULL: kernel_pt */
static struct uk_pagetable *active_on[CONFIG_UKPLAT_LCPU_MAXCOUNT];

struct uk_pagetable *ukplat_pt_get_active(void)
{
	struct uk_pagetable *pt = active_on[lcpu_current()->idx];

	return pt ? pt : &kernel_pt;
}

/* Interrupts off across the switch: an interrupt must not find the CPU
 * on the new tables with the old book-keeping. */
int ukplat_pt_set_active(struct uk_pagetable *pt)
{
	unsigned long irqf;

	if (!pt || !pt->pt_pbase || !pt_active)
		return -EINVAL;
	irqf = ukplat_lcpu_save_irqf();
	ukarch_pt_write_base(pt->pt_pbase);
	active_on[lcpu_current()->idx] = pt == &kernel_pt ? NULL : pt;
	ukplat_lcpu_restore_irqf(irqf);
	return 0;
}

int ukplat_pt_add_mem(struct uk_pagetable *pt, __paddr_t start, __sz len)
{
	if (!pt || !pt->fa || !PAGE_ALIGNED(start) || !PAGE_ALIGNED(len))
		return -EINVAL;
	if (!len)
		return 0;
	return pt->fa->addmem(pt->fa, NULL, start, len >> PAGE_SHIFT, 0);
}

int ukplat_pt_init(struct uk_pagetable *pt, __paddr_t start, __sz len)
{
	if (!pt || !pt_active)
		return -EINVAL;
	pt->pt_pbase = ukarch_pt_read_base();
	pt->pt_vbase = (__vaddr_t)pt->pt_pbase;
	if (!pt->fa)
		pt->fa = kernel_pt.fa;
	return ukplat_pt_add_mem(pt, start, len);
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

static void pt_reset(struct uk_pagetable *pt)
{
	unsigned int l;

	for (l = 0; l < PT_LEVELS; l++) {
		pt->nr_lx_pages[l] = 0;
		pt->nr_lx_splits[l] = 0;
		pt->nr_pt_pages[l] = 0;
	}
	pt->pt_pbase = 0;
	pt->pt_vbase = 0;
}

/* Drops pt's tables (and, unless flags say not to, its own frames). */
static void pt_drop(struct uk_pagetable *pt, unsigned long flags)
{
	struct pg_op op = { .pt = pt, .flags = flags };

	drop_table(&op, pt->pt_pbase, PT_LEVELS - 1);
	op_finish(&op);
	pt_reset(pt);
}

int ukplat_pt_clone(struct uk_pagetable *pt, struct uk_pagetable *pt_src,
		    unsigned long flags)
{
	const __pte_t *src;
	struct pg_op op = { .pt = pt };
	unsigned long irqf;
	__paddr_t root;

	if (!pt || !pt_src || pt == pt_src || !pt_src->pt_pbase ||
	    pt == &kernel_pt || (flags & ~PAGE_FLAG_CLONE_NEW))
		return -EINVAL;
	pt_reset(pt);
	if (!pt->fa)
		pt->fa = pt_src->fa;
	if (flags & PAGE_FLAG_CLONE_NEW) {
		root = frame_alloc(pt, PAGE_LEVEL);
		pt->nr_pt_pages[PT_LEVELS - 1] = !!root;
	} else {
		src = pt_table(pt_src->pt_pbase);
		irqf = pt_lock_take();
		root = copy_table(&op, src, PT_LEVELS - 1);
		if (root && !copy_complete(pt_table(root), src,
					   PT_LEVELS - 1)) {
			pt->pt_pbase = root;
			pt_drop(pt, PAGE_FLAG_KEEP_FRAMES);
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

int ukplat_pt_free(struct uk_pagetable *pt, unsigned long flags)
{
	unsigned long irqf;
	unsigned int i;

	if (!pt || pt == &kernel_pt || !pt->pt_pbase)
		return -EINVAL;
	for (i = 0; i < CONFIG_UKPLAT_LCPU_MAXCOUNT; i++)
		if (UK_READ_ONCE(active_on[i]) == pt)
			return -EBUSY;
	irqf = pt_lock_take();
	pt_drop(pt, flags & PAGE_FLAG_KEEP_FRAMES);
	pt_lock_give(irqf);
	return 0;
}

#endif /* CONFIG_PAGING */
