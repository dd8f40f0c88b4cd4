/* The paging API of <uk/plat/paging.h>: map, unmap, set attributes, walk,
 * each under the one lock and finished with the flushes it needs. */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include <uk/plat/common/paging.h>
#include "paging.h"

/* The one hierarchy, for all CPUs; the host finds it by this name (its
 * pt_pbase is the CR3 value of every CPU, x86_pt_root the same) */
struct uk_pagetable kernel_pt;
__spinlock pt_lock = UK_SPINLOCK_INITIALIZER();
int pt_active;
int have_nx, have_1g;
unsigned int max_page_level = PAGE_LARGE_LEVEL;

/*
 * With interrupts off: an IRQ handler on this CPU (a function sent by
 * ukplat_lcpu_run) that changes the tables must not find the lock taken
 * by the code it interrupted. Waiting for the lock, a CPU answers
 * shootdowns, since the holder may be waiting for it.
 *
 * So the lock can only be held by this very CPU if a call that held it
 * never finished: the host interrupted it and put the registers back.
 * Then this CPU takes the lock over (the tables may show that call's
 * changes half done, which is what the user asked for by interrupting).
 */
#define PT_LOCK_NOBODY	(-1)
static int pt_lock_owner = PT_LOCK_NOBODY;

unsigned long pt_lock_take(void)
{
	unsigned long irqf = ukplat_lcpu_save_irqf();
	int self = (int)lcpu_current()->idx;

	while (!uk_spin_trylock(&pt_lock)) {
		if (UK_READ_ONCE(pt_lock_owner) == self) {
			uk_pr_warn("paging: taking over the lock of a call "
				   "that did not finish\n");
			break;
		}
		while (uk_spin_is_locked(&pt_lock)) {
#ifdef CONFIG_HAVE_SMP
			tlb_service();
#endif
			ukarch_spinwait();
		}
	}
	UK_WRITE_ONCE(pt_lock_owner, self);
	return irqf;
}

void pt_lock_give(unsigned long irqf)
{
	UK_WRITE_ONCE(pt_lock_owner, PT_LOCK_NOBODY);
	uk_spin_unlock(&pt_lock);
	ukplat_lcpu_restore_irqf(irqf);
}

__vaddr_t pt_tables_va(__paddr_t pa)
{
	return (__vaddr_t)pt_table(pa);
}

unsigned long pt_tables_lock(void)
{
	return pt_lock_take();
}

void pt_tables_unlock(unsigned long irqf)
{
	pt_lock_give(irqf);
}

/* Global pages stay in a TLB across a CR3 switch: every CPU forgets all */
void pt_tables_forget(void)
{
	if (pt_active)
		tlb_shootdown(0, 0);
}

/* Flush and shoot down what op changed; then free what it freed. */
void op_finish(struct pg_op *op)
{
	struct pg_deferred *d;

	/* a CPU may run on any table (ukplat_pt_set_active): every change
	 * is shot down, whichever table it was made in */
	if (pt_active) {
		if (op->flush_all)
			tlb_shootdown(0, 0);
		else if (op->flush_hi > op->flush_lo)
			tlb_shootdown(op->flush_lo,
				      (op->flush_hi - op->flush_lo) >>
				      PAGE_SHIFT);
	}
	while ((d = op->deferred) != NULL) {
		op->deferred = d->next;
		uk_ffree(op->pt->fa, (__paddr_t)(__uptr)d, d->pages);
	}
}

/* Checks what all three calls take; sets *end. */
static int range_valid(struct uk_pagetable *pt, __vaddr_t vaddr,
		       unsigned long pages, unsigned long flags,
		       __vaddr_t *end)
{
	unsigned int lvl = PAGE_FLAG_SIZE_TO_LEVEL(flags);
	unsigned int shift;

	if (!pt || !pt->pt_pbase || !pt->fa)
		return -EINVAL;
	if (lvl > PAGE_HUGE_LEVEL)
		return -EINVAL;
	if (lvl > max_page_level && (flags & PAGE_FLAG_FORCE_SIZE))
		return -ENOTSUP;
	shift = PAGE_Lx_SHIFT(lvl);
	if (pages > (~0UL >> shift) || !PAGE_Lx_ALIGNED(vaddr, lvl))
		return -EINVAL;
	*end = vaddr + (pages << shift);
	if (*end <= vaddr)				/* wraps */
		return -EINVAL;
	if (!ukarch_vaddr_isvalid(vaddr) || !ukarch_vaddr_isvalid(*end - 1) ||
	    ((vaddr ^ (*end - 1)) >> 63))		/* crosses the hole */
		return -EINVAL;
	return 0;
}


int ukplat_page_map(struct uk_pagetable *pt, __vaddr_t vaddr,
		    __paddr_t paddr, unsigned long pages,
		    unsigned long attr, unsigned long flags)
{
	unsigned int lvl = PAGE_FLAG_SIZE_TO_LEVEL(flags);
	struct pg_op op = { .pt = pt, .flags = flags };
	__pte_t *root;
	__vaddr_t end;
	unsigned long irqf;
	int rc;

	if (!pages)
		return 0;
	rc = range_valid(pt, vaddr, pages, flags, &end);
	if (rc)
		return rc;
	if (!attr_valid(attr))
		return -EINVAL;
	if (paddr != __PADDR_ANY &&
	    (!PAGE_Lx_ALIGNED(paddr, lvl) ||
	     paddr + (end - vaddr) < paddr ||
	     !ukarch_paddr_isvalid(paddr + (end - vaddr) - 1)))
		return -EINVAL;

	op.bits = attr_to_bits(attr);
	op.paddr = paddr;
	if (flags & PAGE_FLAG_FORCE_SIZE) {
		op.min_lvl = lvl;
		op.max_lvl = lvl;
	} else {
		op.min_lvl = PAGE_LEVEL;
		op.max_lvl = max_page_level;
	}
	root = pt_table(pt->pt_pbase);

	irqf = pt_lock_take();
	rc = walk_check(root, PT_LEVELS - 1, vaddr, end, 0);
	if (!rc) {
		rc = walk_map(&op, root, PT_LEVELS - 1, vaddr, end);
		if (rc) {
			/* out of memory half-way: everything mapped in the
			 * range is ours (it was free), so undo all of it */
			struct pg_op undo = { .pt = pt };

			walk_unmap(&undo, root, PT_LEVELS - 1, vaddr, end);
			op_finish(&undo);
		}
	}
	op_finish(&op);
	pt_lock_give(irqf);
	return rc;
}

int ukplat_page_unmap(struct uk_pagetable *pt, __vaddr_t vaddr,
		      unsigned long pages, unsigned long flags)
{
	struct pg_op op = { .pt = pt, .flags = flags };
	__pte_t *root;
	__vaddr_t end;
	unsigned long irqf;
	int rc;

	if (!pages)
		return 0;
	rc = range_valid(pt, vaddr, pages, flags, &end);
	if (rc)
		return rc;
	root = pt_table(pt->pt_pbase);

	/* holes in the range are skipped, as in Unikraft 0.10 */
	irqf = pt_lock_take();
	rc = walk_unmap(&op, root, PT_LEVELS - 1, vaddr, end);
	op_finish(&op);
	pt_lock_give(irqf);
	return rc;
}

int ukplat_page_set_attr(struct uk_pagetable *pt, __vaddr_t vaddr,
			 unsigned long pages, unsigned long new_attr,
			 unsigned long flags)
{
	struct pg_op op = { .pt = pt, .flags = flags };
	__pte_t *root;
	__vaddr_t end;
	unsigned long irqf;
	int rc;

	if (!pages)
		return 0;
	rc = range_valid(pt, vaddr, pages, flags, &end);
	if (rc)
		return rc;
	if (!attr_valid(new_attr))
		return -EINVAL;
	op.bits = attr_to_bits(new_attr);
	root = pt_table(pt->pt_pbase);

	irqf = pt_lock_take();
	rc = walk_check(root, PT_LEVELS - 1, vaddr, end, 1);
	if (!rc)
		rc = walk_set_attr(&op, root, PT_LEVELS - 1, vaddr, end);
	op_finish(&op);
	pt_lock_give(irqf);
	return rc;
}

int ukplat_pt_walk(struct uk_pagetable *pt, __vaddr_t vaddr,
		   unsigned int *level, __vaddr_t *pt_vaddr, __pte_t *pte)
{
	unsigned int to = level ? *level : PAGE_LEVEL;
	unsigned int lvl = PT_LEVELS - 1;
	__pte_t *t, e;

	if (!pt || !pt->pt_pbase || to >= PT_LEVELS ||
	    !ukarch_vaddr_isvalid(vaddr))
		return -EINVAL;
	t = pt_table(pt->pt_pbase);
	for (;;) {
		e = UK_READ_ONCE(t[PT_Lx_IDX(vaddr, lvl)]);
		if (lvl == to || !pte_is_table(e, lvl))
			break;
		t = pt_table(pte_paddr(e, 0));
		lvl--;
	}
	if (level)
		*level = lvl;
	if (pt_vaddr)
		*pt_vaddr = (__vaddr_t)t;
	if (pte)
		*pte = e;
	if (pte_is_page(e, lvl) || (lvl == to && pte_is_table(e, lvl)))
		return 0;
	return -EFAULT;
}

#endif /* CONFIG_PAGING */
