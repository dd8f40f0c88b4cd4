/*
 * The table operations, recursive over the levels: map, unmap and
 * set_attr over [va, end), after walk_check() has said the range is as
 * the operation needs it, so that they fail only for want of memory.
 *
 * Changes to live tables follow the architecture's rules (Arm ARM D8.14):
 * a new entry over an invalid one needs only a DSB before use; changing
 * only permissions needs a TLB invalidation after; replacing a block by a
 * table of smaller pages (a split), or a valid entry by another output
 * address, needs break-before-make: write invalid, invalidate the TLBs,
 * then write the new entry. A split of the block that holds the code
 * doing it would fault in between; paging/boot.c avoids that by building
 * the kernel's tables before they are live.
 */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include <errno.h>
#include <string.h>
#include <uk/falloc.h>
#include "paging.h"

static __vaddr_t lvl_end(__vaddr_t va, unsigned int lvl, __vaddr_t end)
{
	__vaddr_t next = PAGE_Lx_ALIGN_DOWN(va, lvl) + PAGE_Lx_SIZE(lvl);

	return next < end && next != 0 ? next : end;
}

static int check(__paddr_t table, unsigned int lvl, __vaddr_t va,
		 __vaddr_t end, int *any, int *all)
{
	__pte_t *t = pt_table(table);
	__vaddr_t next;
	__pte_t pte;

	for (; va < end; va = next) {
		next = lvl_end(va, lvl, end);
		pte = t[PT_Lx_IDX(va, lvl)];
		if (pte_is_table(pte, lvl))
			check(pte_frame(pte, PAGE_LEVEL), lvl - 1, va, next,
			      any, all);
		else if (pte_is_leaf(pte, lvl) || pte_is_protnone(pte))
			*any = 1;
		else
			*all = 0;
	}
	return 0;
}

int walk_check(__paddr_t root, __vaddr_t va, __vaddr_t end)
{
	int any = 0, all = 1;

	check(root, PT_LEVELS - 1, va, end, &any, &all);
	return all ? 1 : any ? -1 : 0;
}

int walk_find(__paddr_t root, __vaddr_t va, unsigned int *lvl,
	      __pte_t **table)
{
	__pte_t *t = pt_table(root);
	unsigned int l = PT_LEVELS - 1;
	__pte_t pte;

	for (;; l--) {
		pte = t[PT_Lx_IDX(va, l)];
		*lvl = l;
		*table = t;
		if (!pte_is_table(pte, l))
			return pte_is_leaf(pte, l) ? 0 : -EFAULT;
		t = pt_table(pte_frame(pte, PAGE_LEVEL));
	}
}

/* Zeroed frames of a page of level lvl from the table's allocator; 0 if
 * there is no memory */
__paddr_t frame_alloc(struct uk_pagetable *pt, unsigned int lvl)
{
	__paddr_t pa = uk_falloc(pt->fa, PAGE_Lx_SIZE(lvl) >> PAGE_SHIFT);

	if (pa == __PADDR_INV)
		return 0;
	memset(pt_table(pa), 0, PAGE_Lx_SIZE(lvl));
	return pa;
}

static __paddr_t table_alloc(struct pg_op *op)
{
	return frame_alloc(op->pt, PAGE_LEVEL);
}

static int table_empty(const __pte_t *t)
{
	unsigned int i;

	for (i = 0; i < PT_PTES_PER_LEVEL; i++)
		if (t[i])
			return 0;
	return 1;
}

/* Replace a live or inactive entry: break-before-make when live */
static void entry_replace(struct pg_op *op, __pte_t *e, __pte_t pte,
			  __vaddr_t va, unsigned int lvl)
{
	if (op->active && (*e & PTE_VALID_BIT)) {
		*e = 0;
		tlb_flush_range(PAGE_Lx_ALIGN_DOWN(va, lvl),
				PAGE_Lx_SIZE(lvl));
	}
	*e = pte;
	pte_publish();
}

/* A leaf at level lvl becomes a table of 512 leaves of level lvl - 1
 * with the same frames and attributes */
static int split(struct pg_op *op, __pte_t *e, unsigned int lvl,
		 __vaddr_t va)
{
	__paddr_t tpa = table_alloc(op);
	__pte_t *t, old = *e, keep;
	__paddr_t pa = pte_frame(old, lvl);
	unsigned int i;

	if (!tpa)
		return -ENOMEM;
	t = pt_table(tpa);
	keep = old & ~PTE_Lx_TABLE_PADDR_MASK & ~PTE_TYPE_MASK;
	for (i = 0; i < PT_PTES_PER_LEVEL; i++)
		t[i] = keep | (pa + i * PAGE_Lx_SIZE(lvl - 1)) |
		       ((old & PTE_VALID_BIT) ? (lvl - 1 == PAGE_LEVEL ?
			PTE_TYPE_PAGE : PTE_TYPE_BLOCK) :
			(lvl - 1 == PAGE_LEVEL ? 0x2 : 0));
	op->pt->nr_lx_splits[lvl]++;
	op->pt->nr_pt_pages[lvl - 1]++;
	entry_replace(op, e, tpa | PTE_TYPE_TABLE, va, lvl);
	return 0;
}

static int leaf_op(struct pg_op *op, __pte_t *e, unsigned int lvl,
		   __vaddr_t va)
{
	__pte_t old = *e, new;
	__paddr_t pa = pte_frame(old, lvl);

	switch (op->kind) {
	case OP_UNMAP:
		*e = 0;
		if (op->active)
			tlb_flush_range(va, PAGE_Lx_SIZE(lvl));
		if ((old & PTE_ATTR_SW_OWNED) &&
		    !(op->flags & PAGE_FLAG_KEEP_FRAMES))
			uk_ffree(op->pt->fa, pa,
				 1UL << (PT_LEVEL_SHIFT * lvl));
		op->pt->nr_lx_pages[lvl]--;
		return 0;
	case OP_SET_ATTR:
		new = pte_make(pa, lvl, op->attr) | (old & PTE_ATTR_SW_OWNED);
		/* a change of memory type goes through break-before-make;
		 * one of rights only (the page may be this very stack or
		 * code) is written over, then the TLBs forget the old one */
		if ((new ^ old) & PTE_ATTR_IDX_MASK) {
			entry_replace(op, e, new, va, lvl);
			return 0;
		}
		*e = new;
		if (op->active && (old & PTE_VALID_BIT))
			tlb_flush_range(va, PAGE_Lx_SIZE(lvl));
		else
			pte_publish();
		return 0;
	}
	return -EINVAL;
}

static int map_here(struct pg_op *op, __pte_t *e, unsigned int lvl)
{
	__paddr_t pa = op->pa;
	__pte_t owned = 0;

	if (pa == __PADDR_ANY) {
		pa = frame_alloc(op->pt, lvl);
		if (!pa)
			return -ENOMEM;
		owned = PTE_ATTR_SW_OWNED;
	} else {
		op->pa += PAGE_Lx_SIZE(lvl);
	}
	*e = pte_make(pa, lvl, op->attr) | owned;
	op->pt->nr_lx_pages[lvl]++;
	return 0;
}

/* The largest level that fits va (and pa) here, at most op->level */
static int fits(struct pg_op *op, unsigned int lvl, __vaddr_t va,
		__vaddr_t end)
{
	if (lvl > op->level || !PAGE_Lx_HAS(lvl))
		return 0;
	if ((op->flags & PAGE_FLAG_FORCE_SIZE) && lvl != op->level)
		return 0;
	return PAGE_Lx_ALIGNED(va, lvl) && end - va >= PAGE_Lx_SIZE(lvl) &&
	       (op->pa == __PADDR_ANY || PAGE_Lx_ALIGNED(op->pa, lvl));
}

static int apply(struct pg_op *op, __paddr_t table, unsigned int lvl,
		 __vaddr_t va, __vaddr_t end)
{
	__pte_t *t = pt_table(table), *e;
	__vaddr_t next;
	__paddr_t child;
	int rc;

	for (; va < end; va = next) {
		next = lvl_end(va, lvl, end);
		e = &t[PT_Lx_IDX(va, lvl)];
		if (op->kind == OP_MAP && !*e) {
			if (fits(op, lvl, va, next)) {
				rc = map_here(op, e, lvl);
				if (rc)
					return rc;
				continue;
			}
			child = table_alloc(op);
			if (!child)
				return -ENOMEM;
			op->pt->nr_pt_pages[lvl - 1]++;
			*e = child | PTE_TYPE_TABLE;
			pte_publish();
		}
		if (!*e)	/* unmap, set_attr: a hole (map's rollback) */
			continue;
		if ((pte_is_leaf(*e, lvl) || pte_is_protnone(*e)) &&
		    op->kind != OP_MAP) {
			if (PAGE_Lx_ALIGNED(va, lvl) &&
			    next - va == PAGE_Lx_SIZE(lvl)) {
				rc = leaf_op(op, e, lvl, va);
				if (rc)
					return rc;
				continue;
			}
			rc = split(op, e, lvl, va);
			if (rc)
				return rc;
		}
		if (!pte_is_table(*e, lvl))
			return -EFAULT;	/* walk_check let it through? */
		child = pte_frame(*e, PAGE_LEVEL);
		rc = apply(op, child, lvl - 1, va, next);
		if (rc)
			return rc;
		if (op->kind == OP_UNMAP &&
		    !(op->flags & PAGE_FLAG_KEEP_PTES) &&
		    table_empty(pt_table(child))) {
			*e = 0;
			if (op->active)
				tlb_flush_range(va, next - va);
			uk_ffree(op->pt->fa, child, 1);
			op->pt->nr_pt_pages[lvl - 1]--;
		}
	}
	return 0;
}

int walk_apply(struct pg_op *op, __paddr_t root, __vaddr_t va,
	       __vaddr_t end)
{
	int rc = apply(op, root, PT_LEVELS - 1, va, end);

	pte_publish();
	return rc;
}

#endif /* CONFIG_PAGING */
