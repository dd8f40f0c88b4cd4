/* The paging API of <uk/plat/paging.h> on arm64: check the arguments and
 * the range, then one operation of walk.c under the lock. TLB maintenance
 * is done by the operation itself: TLBI ... IS reaches every CPU, so no
 * shootdown IPIs are needed (as x86_64 needs them). */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include <errno.h>
#include <uk/spinlock.h>
#include <uk/plat/lcpu.h>
#include "paging.h"

/* The one hierarchy, for all CPUs; the host finds it by this name
 * (pt_pbase is TTBR0_EL1 of every CPU that runs on it) */
struct uk_pagetable kernel_pt;
int pt_active;
static __spinlock pt_lock = UK_SPINLOCK_INITIALIZER();

__vaddr_t pt_tables_va(__paddr_t pa)
{
	return (__vaddr_t)pt_table(pa);
}

unsigned long pt_tables_lock(void)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&pt_lock, irqf);
	return irqf;
}

void pt_tables_unlock(unsigned long irqf)
{
	uk_spin_unlock_irqrestore(&pt_lock, irqf);
}

/* Nothing to do: each CPU that left the tables emptied its TLB as it
 * switched (arm64_switch_ttbr0) */
void pt_tables_forget(void)
{
}

#define ATTR_KNOWN	(PAGE_ATTR_PROT_RWX | PAGE_ATTR_TYPE_MASK | \
			 PAGE_ATTR_SHAREABLE_MASK)

/* [vaddr, *end) for `pages` pages of the flags' level, or -EINVAL */
static int range_of(__vaddr_t vaddr, unsigned long pages,
		    unsigned long flags, __vaddr_t *end)
{
	unsigned int lvl = PAGE_FLAG_SIZE_TO_LEVEL(flags);
	__vaddr_t len;

	if (lvl > PT_MAP_LEVEL_MAX || !pages ||
	    !PAGE_Lx_ALIGNED(vaddr, lvl))
		return -EINVAL;
	len = pages << PAGE_Lx_SHIFT(lvl);
	if (len >> PAGE_Lx_SHIFT(lvl) != pages || vaddr + len < vaddr ||
	    !ukarch_vaddr_isvalid(vaddr) ||
	    !ukarch_vaddr_isvalid(vaddr + len - 1))
		return -EINVAL;
	*end = vaddr + len;
	return 0;
}

static int run(struct uk_pagetable *pt, struct pg_op *op, __vaddr_t va,
	       __vaddr_t end)
{
	unsigned long irqf;
	int rc, state;

	irqf = pt_tables_lock();
	/* any CPU may run on any table (ukplat_pt_set_active): once paging
	 * is live every change is made known to all of them (TLBI ... IS) */
	op->active = pt_active;
	op->pt = pt;
	state = walk_check(pt->pt_pbase, va, end);
	if (op->kind == OP_MAP && state != 0)
		rc = -EEXIST;
	else if (op->kind == OP_SET_ATTR && state != 1)
		rc = -EFAULT;	/* unmap skips holes, as in Unikraft 0.10 */
	else
		rc = walk_apply(op, pt->pt_pbase, va, end);
	if (rc == -ENOMEM && op->kind == OP_MAP) {
		/* take back what was mapped: nothing has changed */
		struct pg_op undo = *op;

		undo.kind = OP_UNMAP;
		undo.flags = 0;
		walk_apply(&undo, pt->pt_pbase, va, end);
	}
	pt_tables_unlock(irqf);
	return rc;
}

int ukplat_page_map(struct uk_pagetable *pt, __vaddr_t vaddr,
		    __paddr_t paddr, unsigned long pages,
		    unsigned long attr, unsigned long flags)
{
	struct pg_op op = { .kind = OP_MAP, .attr = attr, .flags = flags };
	__vaddr_t end;
	int rc = range_of(vaddr, pages, flags, &end);

	if (rc)
		return rc;
	op.level = PAGE_FLAG_SIZE_TO_LEVEL(flags);
	if (!(flags & PAGE_FLAG_FORCE_SIZE))
		op.level = PT_MAP_LEVEL_MAX;
	if (attr & ~ATTR_KNOWN)
		return -EINVAL;
	if (paddr != __PADDR_ANY &&
	    (!PAGE_Lx_ALIGNED(paddr, PAGE_FLAG_SIZE_TO_LEVEL(flags)) ||
	     !ukarch_paddr_isvalid(paddr + (end - vaddr) - 1)))
		return -EINVAL;
	op.pa = paddr;
	return run(pt, &op, vaddr, end);
}

int ukplat_page_unmap(struct uk_pagetable *pt, __vaddr_t vaddr,
		      unsigned long pages, unsigned long flags)
{
	struct pg_op op = { .kind = OP_UNMAP, .flags = flags };
	__vaddr_t end;
	int rc = range_of(vaddr, pages, flags, &end);

	return rc ? rc : run(pt, &op, vaddr, end);
}

int ukplat_page_set_attr(struct uk_pagetable *pt, __vaddr_t vaddr,
			 unsigned long pages, unsigned long new_attr,
			 unsigned long flags)
{
	struct pg_op op = { .kind = OP_SET_ATTR, .attr = new_attr,
			    .flags = flags };
	__vaddr_t end;
	int rc = range_of(vaddr, pages, flags, &end);

	if (rc)
		return rc;
	if (new_attr & ~ATTR_KNOWN)
		return -EINVAL;
	return run(pt, &op, vaddr, end);
}

int ukplat_pt_walk(struct uk_pagetable *pt, __vaddr_t vaddr,
		   unsigned int *level, __vaddr_t *pt_vaddr, __pte_t *pte)
{
	unsigned int want = level ? *level : PAGE_LEVEL, lvl;
	__pte_t *t = pt_table(pt->pt_pbase), e;

	if (!ukarch_vaddr_isvalid(vaddr) || want >= PT_LEVELS)
		return -EINVAL;
	for (lvl = PT_LEVELS - 1;; lvl--) {
		e = t[PT_Lx_IDX(vaddr, lvl)];
		if (lvl == want || !pte_is_table(e, lvl))
			break;
		t = pt_table(pte_frame(e, PAGE_LEVEL));
	}
	if (level)
		*level = lvl;
	if (pt_vaddr)
		*pt_vaddr = (__vaddr_t)t;
	if (pte)
		*pte = e;
	if (pte_is_leaf(e, lvl) || (lvl == want && pte_is_table(e, lvl)))
		return 0;
	return -EFAULT;
}

#endif /* CONFIG_PAGING */
