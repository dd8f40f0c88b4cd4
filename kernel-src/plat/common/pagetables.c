/* Hierarchies besides the kernel's (Unikraft 0.10's ukplat_pt_* calls),
 * the part every architecture shares: which CPU runs on which tables,
 * adopting, cloning and freeing one, over the entry macros both
 * architectures define (PT_Lx_PTE_PRESENT, PAGE_Lx_IS, PT_Lx_PTE_PADDR) and
 * their software bits for pages a table owns and pages made PROT_NONE.
 * Each CPU runs on the kernel's tables until it activates others. */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include <errno.h>
#include <string.h>
#include <uk/arch/atomic.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/common/paging.h>

/* What each CPU runs on; NULL: kernel_pt */
static struct uk_pagetable *active_on[CONFIG_UKPLAT_LCPU_MAXCOUNT];

struct uk_pagetable *ukplat_pt_get_active(void)
{
	struct uk_pagetable *pt = active_on[ukplat_lcpu_idx()];

	return pt ? pt : &kernel_pt;
}

/* Interrupts off across the switch: an interrupt must not find the CPU
 * on the new tables with the old book-keeping. */
int ukplat_pt_set_active(struct uk_pagetable *pt)
{
	unsigned long irqf;
	int rc;

	if (!pt || !pt->pt_pbase || !pt_active)
		return -EINVAL;
	irqf = ukplat_lcpu_save_irqf();
	rc = ukarch_pt_write_base(pt->pt_pbase);
	if (!rc)
		active_on[ukplat_lcpu_idx()] = pt == &kernel_pt ? NULL : pt;
	ukplat_lcpu_restore_irqf(irqf);
	return rc;
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
	pt->pt_vbase = pt_tables_va(pt->pt_pbase);
	if (!pt->fa)
		pt->fa = kernel_pt.fa;
	return ukplat_pt_add_mem(pt, start, len);
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

/* An entry of level lvl that points at a table; one that maps a page
 * (valid, or kept invalid for PROT_NONE) */
static int pte_points_down(__pte_t e, unsigned int lvl)
{
	return lvl > PAGE_LEVEL && PT_Lx_PTE_PRESENT(e, lvl) &&
	       !PAGE_Lx_IS(e, lvl);
}

static int pte_maps(__pte_t e, unsigned int lvl)
{
	return !pte_points_down(e, lvl) &&
	       (PT_Lx_PTE_PRESENT(e, lvl) || (e & UKARCH_PTE_SW_PROTNONE));
}

/* A zeroed frame for a table from pt's allocator; 0 if there is none */
static __paddr_t table_new(struct uk_pagetable *pt)
{
	__paddr_t pa = uk_falloc(pt->fa, 1);

	if (pa == __PADDR_INV)
		return 0;
	memset((void *)pt_tables_va(pa), 0, PAGE_SIZE);
	return pa;
}

/* Frees the table at tpa (level lvl), all below it and, with free_frames,
 * the frames of the pages it owns */
static void drop_table(struct uk_pagetable *pt, __paddr_t tpa,
		       unsigned int lvl, int free_frames)
{
	const __pte_t *t = (const __pte_t *)pt_tables_va(tpa);
	unsigned int i;
	__pte_t e;

	for (i = 0; i < PT_PTES_PER_LEVEL; i++) {
		e = t[i];
		if (pte_points_down(e, lvl))
			drop_table(pt, PT_Lx_PTE_PADDR(e, lvl), lvl - 1,
				   free_frames);
		else if (pte_maps(e, lvl) && (e & UKARCH_PTE_SW_OWNED) &&
			 free_frames)
			uk_ffree(pt->fa, PT_Lx_PTE_PADDR(e, lvl),
				 PAGE_Lx_SIZE(lvl) >> PAGE_SHIFT);
	}
	uk_ffree(pt->fa, tpa, 1);
}

/* A copy of the table src (level lvl) and of every table below it; the
 * pages are the same, but the copy owns none of their frames (only src's
 * unmap frees them). 0 if there is no memory, and then nothing is left. */
static __paddr_t copy_table(struct uk_pagetable *pt, const __pte_t *src,
			    unsigned int lvl)
{
	__paddr_t pa = table_new(pt), sub;
	__pte_t *t, e;
	unsigned int i;

	if (!pa)
		return 0;
	t = (__pte_t *)pt_tables_va(pa);
	pt->nr_pt_pages[lvl]++;
	for (i = 0; i < PT_PTES_PER_LEVEL; i++) {
		e = src[i];
		if (!pte_points_down(e, lvl)) {
			t[i] = e & ~(__pte_t)UKARCH_PTE_SW_OWNED;
			pt->nr_lx_pages[lvl] += pte_maps(e, lvl);
			continue;
		}
		sub = copy_table(pt, (const __pte_t *)pt_tables_va(
				 PT_Lx_PTE_PADDR(e, lvl)), lvl - 1);
		if (!sub) {
			drop_table(pt, pa, lvl, 0);	/* the rest is 0 */
			return 0;
		}
		t[i] = (e ^ PT_Lx_PTE_PADDR(e, lvl)) | sub;
	}
	return pa;
}

int ukplat_pt_clone(struct uk_pagetable *pt, struct uk_pagetable *pt_src,
		    unsigned long flags)
{
	unsigned long irqf;
	__paddr_t root;

	if (!pt || !pt_src || pt == pt_src || !pt_src->pt_pbase ||
	    pt == &kernel_pt || (flags & ~PAGE_FLAG_CLONE_NEW))
		return -EINVAL;
	pt_reset(pt);
	if (!pt->fa)
		pt->fa = pt_src->fa;
	if (flags & PAGE_FLAG_CLONE_NEW) {
		root = table_new(pt);
		pt->nr_pt_pages[PT_LEVELS - 1] = !!root;
	} else {
		irqf = pt_tables_lock();
		root = copy_table(pt, (const __pte_t *)pt_tables_va(
				  pt_src->pt_pbase), PT_LEVELS - 1);
		pt_tables_unlock(irqf);
	}
	if (!root) {
		pt_reset(pt);
		return -ENOMEM;
	}
	pt->pt_pbase = root;
	pt->pt_vbase = pt_tables_va(root);
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
	irqf = pt_tables_lock();
	pt_tables_forget();
	drop_table(pt, pt->pt_pbase, PT_LEVELS - 1,
		   !(flags & PAGE_FLAG_KEEP_FRAMES));
	pt_tables_unlock(irqf);
	pt_reset(pt);
	return 0;
}

#endif /* CONFIG_PAGING */
