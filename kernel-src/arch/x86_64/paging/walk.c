/* The walks that check, map, unmap and change attributes of a range, from
 * the top table down. Intel SDM Vol. 3A §4.5, §4.6. */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include "paging.h"

/*
 * Each walk recurses from the top table down, entry by entry. In the last
 * level (4 KiB pages, where most entries are) it runs a plain loop over the
 * part of the table the range covers, which is all inside one table: under
 * this host's nested KVM every guest instruction costs about a microsecond,
 * and building the tables at boot is mostly such loops.
 */
#define PTE_MAPS_PAGE	(X86_PTE_PRESENT | X86_PTE_SW_PROTNONE)

static int check_ptes(const __pte_t *t, __vaddr_t va, __vaddr_t end,
		      int want_mapped)
{
	unsigned int i = PT_Lx_IDX(va, PAGE_LEVEL);
	unsigned int last = i + ((end - va) >> PAGE_SHIFT);

	for (; i < last; i++)
		if (!(t[i] & PTE_MAPS_PAGE) != !want_mapped)
			return want_mapped ? -EFAULT : -EEXIST;
	return 0;
}

/* Whether [va, end) is all mapped (want_mapped) or all free: 0, or
 * -EFAULT (a hole where pages should be) / -EEXIST (a page in the way). */
int walk_check(const __pte_t *t, unsigned int lvl, __vaddr_t va,
	       __vaddr_t end, int want_mapped)
{
	__vaddr_t lo, hi;
	int rc;

	if (lvl == PAGE_LEVEL)
		return check_ptes(t, va, end, want_mapped);
	for (lo = va; lo < end; lo = hi) {
		__pte_t pte = t[PT_Lx_IDX(lo, lvl)];

		hi = entry_end(lo, end, lvl);
		if (pte_is_table(pte, lvl)) {
			rc = walk_check(pt_table(pte_paddr(pte, 0)), lvl - 1, lo, hi,
				   want_mapped);
			if (rc)
				return rc;
		} else if (pte_is_page(pte, lvl)) {
			if (!want_mapped)
				return -EEXIST;
		} else if (want_mapped) {
			return -EFAULT;
		}
	}
	return 0;
}

/* Can [lo, hi) (one entry's part of the range) be one page of level lvl? */
static int leaf_fits(const struct pg_op *op, unsigned int lvl, __vaddr_t lo,
		     __vaddr_t hi)
{
	return lvl >= op->min_lvl && lvl <= op->max_lvl &&
	       lvl <= max_page_level && PAGE_Lx_ALIGNED(lo, lvl) &&
	       hi - lo == PAGE_Lx_SIZE(lvl) &&
	       (op->paddr == __PADDR_ANY || PAGE_Lx_ALIGNED(op->paddr, lvl));
}

static int map_leaf(struct pg_op *op, __pte_t *e, unsigned int lvl)
{
	__pte_t owned = 0, pse = lvl > PAGE_LEVEL ? X86_PTE_PSE : 0;
	__paddr_t pa = op->paddr;

	if (pa == __PADDR_ANY) {
		pa = frame_alloc(op->pt, lvl);
		if (!pa)
			return -ENOMEM;
		owned = X86_PTE_SW_OWNED;
	} else {
		op->paddr += PAGE_Lx_SIZE(lvl);
	}
	UK_WRITE_ONCE(*e, pa | op->bits | owned | pse);
	op->pt->nr_lx_pages[lvl]++;
	return 0;
}

/*
 * Maps [va, end), which walk_check() found free, in table t of level lvl. A new
 * table is filled before it is linked in: a hypervisor that shadows the
 * page tables (as this host's nested KVM does) traps writes to tables that
 * are in use, one exit per entry, but not writes to a page that is not a
 * page table yet.
 */
int walk_map(struct pg_op *op, __pte_t *t, unsigned int lvl, __vaddr_t va,
	     __vaddr_t end)
{
	__vaddr_t lo, hi;
	__paddr_t sub;
	unsigned int i;
	int rc;

	if (lvl == PAGE_LEVEL && op->paddr != __PADDR_ANY) {
		unsigned int first = PT_Lx_IDX(va, PAGE_LEVEL);
		unsigned int n = (end - va) >> PAGE_SHIFT;
		__pte_t e = op->paddr | op->bits;

		for (i = first; i < first + n; i++, e += PAGE_SIZE)
			UK_WRITE_ONCE(t[i], e);
		op->paddr += (__paddr_t)n << PAGE_SHIFT;
		op->pt->nr_lx_pages[PAGE_LEVEL] += n;
		return 0;
	}
	for (lo = va; lo < end; lo = hi) {
		hi = entry_end(lo, end, lvl);
		i = PT_Lx_IDX(lo, lvl);
		if (leaf_fits(op, lvl, lo, hi) && op->paddr != __PADDR_ANY) {
			/* given frames: a run of whole large pages in one go
			 * (it ends early at a table left over, if any) */
			unsigned int n = MIN((end - lo) >> PAGE_Lx_SHIFT(lvl),
					     PT_PTES_PER_LEVEL - i), k;
			__pte_t e = op->paddr | op->bits | X86_PTE_PSE;

			for (k = 0; k < n && !pte_is_table(t[i + k], lvl); k++)
				UK_WRITE_ONCE(t[i + k],
					      e + ((__pte_t)k <<
						   PAGE_Lx_SHIFT(lvl)));
			if (k) {
				op->paddr += (__paddr_t)k << PAGE_Lx_SHIFT(lvl);
				op->pt->nr_lx_pages[lvl] += k;
				hi = lo + ((__vaddr_t)k << PAGE_Lx_SHIFT(lvl));
				continue;
			}
		} else if (leaf_fits(op, lvl, lo, hi)) {
			rc = map_leaf(op, &t[i], lvl);
			if (!rc)
				continue;
			if (lvl == op->min_lvl)
				return rc;
			op->max_lvl = lvl - 1;	/* no frame this large left */
		}
		if (pte_is_table(t[i], lvl)) {
			rc = walk_map(op, pt_table(pte_paddr(t[i], 0)), lvl - 1, lo,
				 hi);
			if (rc)
				return rc;
			continue;
		}
		sub = table_new(op, lvl);
		if (!sub)
			return -ENOMEM;
		rc = walk_map(op, pt_table(sub), lvl - 1, lo, hi);
		/* linked even after a failure, so that the undo frees it */
		UK_WRITE_ONCE(t[i], sub | PTE_TABLE);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Forgets a table that is no longer linked in (lvl: the table's level):
 * the frames its pages own and every table below it are freed after the
 * shootdown. It only reads the table, see walk_map() for why.
 */
static void drop_table(struct pg_op *op, __paddr_t tpa, unsigned int lvl)
{
	const int free_frames = !(op->flags & PAGE_FLAG_KEEP_FRAMES);
	const __pte_t *t = pt_table(tpa);
	unsigned long pages = 0;
	unsigned int i;
	__pte_t pte;

	for (i = 0; lvl == PAGE_LEVEL && i < PT_PTES_PER_LEVEL; i++) {
		pte = t[i];
		if (!(pte & PTE_MAPS_PAGE))
			continue;
		pages++;
		if ((pte & X86_PTE_SW_OWNED) && free_frames)
			defer_free(op, pte_paddr(pte, PAGE_LEVEL), 1);
	}
	op->pt->nr_lx_pages[PAGE_LEVEL] -= pages;
	for (i = 0; lvl > PAGE_LEVEL && i < PT_PTES_PER_LEVEL; i++) {
		pte = t[i];
		if (pte_is_table(pte, lvl)) {
			drop_table(op, pte_paddr(pte, 0), lvl - 1);
		} else if (pte_is_page(pte, lvl)) {
			op->pt->nr_lx_pages[lvl]--;
			if ((pte & X86_PTE_SW_OWNED) &&
			    !(op->flags & PAGE_FLAG_KEEP_FRAMES))
				defer_free(op, pte_paddr(pte, lvl),
					   PAGE_Lx_SIZE(lvl) >> PAGE_SHIFT);
		}
	}
	op->pt->nr_pt_pages[lvl]--;
	defer_free(op, tpa, 1);
}

/* walk_unmap() in the last level: [va, end) lies in the one table t */
static void unmap_ptes(struct pg_op *op, __pte_t *t, __vaddr_t va,
		       __vaddr_t end)
{
	unsigned int first = PT_Lx_IDX(va, PAGE_LEVEL);
	unsigned int last = first + ((end - va) >> PAGE_SHIFT), i;
	const __pte_t keep = (op->flags & PAGE_FLAG_KEEP_PTES) ?
		~(__pte_t)(PTE_MAPS_PAGE | X86_PTE_SW_OWNED) : 0;
	int present = 0;
	__pte_t pte;

	for (i = first; i < last; i++) {
		pte = t[i];
		if (!(pte & PTE_MAPS_PAGE))
			continue;
		UK_WRITE_ONCE(t[i], pte & keep);
		op->pt->nr_lx_pages[PAGE_LEVEL]--;
		present |= !!(pte & X86_PTE_PRESENT);
		if ((pte & X86_PTE_SW_OWNED) &&
		    !(op->flags & PAGE_FLAG_KEEP_FRAMES))
			defer_free(op, pte_paddr(pte, PAGE_LEVEL), 1);
	}
	if (present)
		note_flush(op, va, end);
}

/* Unmaps whatever is mapped in [va, end); frees tables that end up empty.
 * A table the range covers whole is unlinked first and then dropped. */
int walk_unmap(struct pg_op *op, __pte_t *t, unsigned int lvl,
	       __vaddr_t va, __vaddr_t end)
{
	__vaddr_t lo, hi;
	unsigned int i;
	__pte_t pte;
	int rc;

	if (lvl == PAGE_LEVEL) {
		unmap_ptes(op, t, va, end);
		return 0;
	}
	for (lo = va; lo < end; lo = hi) {
		hi = entry_end(lo, end, lvl);
		i = PT_Lx_IDX(lo, lvl);
		pte = t[i];
		if (pte_is_page(pte, lvl)) {
			if (hi - lo == PAGE_Lx_SIZE(lvl)) {
				UK_WRITE_ONCE(t[i],
					      (op->flags & PAGE_FLAG_KEEP_PTES) ?
					      pte & ~(X86_PTE_PRESENT |
						      X86_PTE_SW_PROTNONE |
						      X86_PTE_SW_OWNED) : 0);
				op->pt->nr_lx_pages[lvl]--;
				if (pte & X86_PTE_PRESENT)
					note_flush(op, lo, hi);
				if ((pte & X86_PTE_SW_OWNED) &&
				    !(op->flags & PAGE_FLAG_KEEP_FRAMES))
					defer_free(op, pte_paddr(pte, lvl),
						   PAGE_Lx_SIZE(lvl) >>
						   PAGE_SHIFT);
				continue;
			}
			rc = table_split(op, &t[i], lvl);	/* a part of it */
			if (rc)
				return rc;
			pte = t[i];
		}
		if (pte_is_table(pte, lvl) && hi - lo == PAGE_Lx_SIZE(lvl) &&
		    !(op->flags & PAGE_FLAG_KEEP_PTES)) {
			UK_WRITE_ONCE(t[i], 0);
			op->flush_all = 1;
			drop_table(op, pte_paddr(pte, 0), lvl - 1);
			continue;
		}
		if (pte_is_table(pte, lvl)) {
			__pte_t *sub = pt_table(pte_paddr(pte, 0));

			rc = walk_unmap(op, sub, lvl - 1, lo, hi);
			if (rc)
				return rc;
			if (!(op->flags & PAGE_FLAG_KEEP_PTES) &&
			    table_empty(sub)) {
				UK_WRITE_ONCE(t[i], 0);
				op->pt->nr_pt_pages[lvl - 1]--;
				op->flush_all = 1;	/* paging-structure caches */
				defer_free(op, pte_paddr(pte, 0), 1);
			}
		}
	}
	return 0;
}

/* walk_set_attr() in the last level: [va, end) lies in the one table t */
static void set_attr_ptes(struct pg_op *op, __pte_t *t, __vaddr_t va,
			  __vaddr_t end)
{
	unsigned int first = PT_Lx_IDX(va, PAGE_LEVEL);
	unsigned int last = first + ((end - va) >> PAGE_SHIFT), i;
	const __pte_t bits = op->bits;
	int present = 0;
	__pte_t pte, new;

	for (i = first; i < last; i++) {
		pte = t[i];
		new = (pte & ~(__pte_t)PTE_ATTR_BITS) | bits;
		if (new == pte || !(pte & PTE_MAPS_PAGE))
			continue;
		UK_WRITE_ONCE(t[i], new);
		present |= !!(pte & X86_PTE_PRESENT);
	}
	if (present)
		note_flush(op, va, end);
}

/* New attribute bits for every page in [va, end) */
int walk_set_attr(struct pg_op *op, __pte_t *t, unsigned int lvl,
		  __vaddr_t va, __vaddr_t end)
{
	__vaddr_t lo, hi;
	unsigned int i;
	__pte_t pte, new;
	int rc;

	if (lvl == PAGE_LEVEL) {
		set_attr_ptes(op, t, va, end);
		return 0;
	}
	for (lo = va; lo < end; lo = hi) {
		hi = entry_end(lo, end, lvl);
		i = PT_Lx_IDX(lo, lvl);
		pte = t[i];
		if (pte_is_page(pte, lvl)) {
			if (hi - lo == PAGE_Lx_SIZE(lvl)) {
				new = (pte & ~PTE_ATTR_BITS) | op->bits;
				if (new != pte) {
					UK_WRITE_ONCE(t[i], new);
					if (pte & X86_PTE_PRESENT)
						note_flush(op, lo, hi);
				}
				continue;
			}
			rc = table_split(op, &t[i], lvl);
			if (rc)
				return rc;
			pte = t[i];
		}
		if (pte_is_table(pte, lvl)) {
			rc = walk_set_attr(op, pt_table(pte_paddr(pte, 0)), lvl - 1,
				      lo, hi);
			if (rc)
				return rc;
		}
	}
	return 0;
}

#endif /* CONFIG_PAGING */
