/* Hierarchies besides the kernel's (Unikraft 0.10's ukplat_pt_* calls),
 * the part every architecture shares: which CPU runs on which tables,
 * adopting, cloning and freeing one. The tables themselves are the
 * architecture's (pt_tables_copy, pt_tables_drop). Each CPU runs on the
 * kernel's tables until it activates others. */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include <errno.h>
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

int ukplat_pt_clone(struct uk_pagetable *pt, struct uk_pagetable *pt_src,
		    unsigned long flags)
{
	int rc;

	if (!pt || !pt_src || pt == pt_src || !pt_src->pt_pbase ||
	    pt == &kernel_pt || (flags & ~PAGE_FLAG_CLONE_NEW))
		return -EINVAL;
	pt_reset(pt);
	if (!pt->fa)
		pt->fa = pt_src->fa;
	rc = pt_tables_copy(pt, pt_src, flags);
	if (rc)
		pt_reset(pt);
	return rc;
}

int ukplat_pt_free(struct uk_pagetable *pt, unsigned long flags)
{
	unsigned int i;

	if (!pt || pt == &kernel_pt || !pt->pt_pbase)
		return -EINVAL;
	for (i = 0; i < CONFIG_UKPLAT_LCPU_MAXCOUNT; i++)
		if (UK_READ_ONCE(active_on[i]) == pt)
			return -EBUSY;
	pt_tables_drop(pt, flags & PAGE_FLAG_KEEP_FRAMES);
	pt_reset(pt);
	return 0;
}

#endif /* CONFIG_PAGING */
