/* What the tables say, for people: the boot banner's line, the layout
 * dump, and what a fault hit (for crash reports: no lock, no allocation). */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include <stdio.h>
#include <uk/config.h>
#include "paging.h"

static const char *const size_names[] = { "4K", "2M", "1G" };
static const char *const type_names[] = {
	"", " normal-wt", " normal-nc", " device-nGnRnE", " device-nGnRE",
	" device-GRE", " type6", " type7",
};

void ukplat_paging_banner(void)
{
	printf("  paging: 48-bit VA, 4 KiB granule, TTBR0 only, direct map "
	       "of PA 0-512 GiB at 0x%016lx\n", DIRECTMAP_AREA_START);
#ifdef CONFIG_ENFORCE_W_XOR_X
	printf("  W^X: on, cells too (code r-x, data rw-)\n");
#else
	printf("  W^X: off (all rwx)\n");
#endif
}

static void rights(unsigned long attr, char out[4])
{
	out[0] = attr & PAGE_ATTR_PROT_READ ? 'r' : '-';
	out[1] = attr & PAGE_ATTR_PROT_WRITE ? 'w' : '-';
	out[2] = attr & PAGE_ATTR_PROT_EXEC ? 'x' : '-';
	out[3] = '\0';
}

/* The range being merged */
struct run {
	__vaddr_t start, end;
	__paddr_t pa;
	unsigned long attr;
	unsigned int sizes;	/* bit per level */
};

static void run_print(const struct run *r)
{
	char rwx[4];
	const char *name = region_of(r->start);
	unsigned int l;

	if (r->end == r->start)
		return;
	rights(r->attr, rwx);
	printf("  0x%012lx-0x%012lx %s%s ", r->start, r->end, rwx,
	       type_names[(r->attr & PAGE_ATTR_TYPE_MASK) >>
			  PAGE_ATTR_TYPE_SHIFT]);
	for (l = 0; l < 3; l++)
		if (r->sizes & (1 << l))
			printf("%s ", size_names[l]);
	printf("-> 0x%lx%s%s\n", r->pa, name ? " " : "", name ? name : "");
}

static void dump(__paddr_t table, unsigned int lvl, __vaddr_t base,
		 struct run *r)
{
	const __pte_t *t = pt_table(table);
	unsigned int i;

	for (i = 0; i < PT_PTES_PER_LEVEL; i++) {
		__vaddr_t va = base + ((__vaddr_t)i << PAGE_Lx_SHIFT(lvl));
		__pte_t e = t[i];
		unsigned long attr;

		if (pte_is_table(e, lvl)) {
			dump(pte_frame(e, PAGE_LEVEL), lvl - 1, va, r);
			continue;
		}
		if (!pte_is_leaf(e, lvl))
			continue;
		attr = pte_attr(e);
		if (va != r->end || attr != r->attr ||
		    pte_frame(e, lvl) != r->pa + (r->end - r->start) ||
		    region_of(va) != region_of(r->start)) {
			run_print(r);
			*r = (struct run){ va, va, pte_frame(e, lvl), attr, 0 };
		}
		r->end = va + PAGE_Lx_SIZE(lvl);
		r->sizes |= 1 << lvl;
	}
}

void ukplat_paging_dump(void)
{
	struct run r = { 0, 0, 0, 0, 0 };

	printf("paging: TTBR0 0x%lx (kernel_pt), virtual -> physical:\n",
	       kernel_pt.pt_pbase);
	dump(kernel_pt.pt_pbase, PT_LEVELS - 1, 0, &r);
	run_print(&r);
}

/* The root the CPU runs on now (the boot tables until paging is up) */
static __paddr_t live_root(void)
{
	__u64 ttbr0;

	__asm__ __volatile__("mrs %0, ttbr0_el1" : "=r"(ttbr0));
	return ttbr0 & PTE_Lx_TABLE_PADDR_MASK;
}

int paging_readable(unsigned long addr, unsigned long len)
{
	__vaddr_t va, end = addr + len;
	unsigned int lvl;
	__pte_t *t;

	if (end < addr)
		return 0;
	for (va = addr & PAGE_MASK; va < end; va += PAGE_SIZE) {
		if (!ukarch_vaddr_isvalid(va) ||
		    walk_find(live_root(), va, &lvl, &t))
			return 0;
		/* device memory: reading may have effects */
		if (((t[PT_Lx_IDX(va, lvl)] & PTE_ATTR_IDX_MASK) >> 2) >= 3)
			return 0;
	}
	return 1;
}

#define ESR_EC(esr)	(((esr) >> 26) & 0x3f)
#define ISS_WNR		(1 << 6)

void paging_explain_fault(unsigned long far, unsigned long esr)
{
	unsigned int lvl, ec = ESR_EC(esr);
	const char *access = ec == 0x20 || ec == 0x21 ? "instruction fetch from"
			     : esr & ISS_WNR ? "write to" : "read from";
	const char *guard = guard_of(far), *region;
	unsigned long attr;
	__pte_t *t, e;
	char rwx[4];

	if (!ukarch_vaddr_isvalid(far) ||
	    walk_find(live_root(), far, &lvl, &t)) {
		printf("Page: not mapped\n");
		if (guard)
			printf("Why: %s the guard page below %s: a stack "
			       "overflow\n", access, guard);
		else if (far < PAGE_SIZE)
			printf("Why: %s page 0, which is never mapped: a "
			       "NULL pointer\n", access);
		else
			printf("Why: %s an address where nothing is "
			       "mapped\n", access);
		return;
	}
	e = t[PT_Lx_IDX(far, lvl)];
	attr = pte_attr(e);
	rights(attr, rwx);
	printf("Page: %s %s, %s, entry 0x%016lx\n", size_names[lvl],
	       lvl == PAGE_LEVEL ? "page" : "block", rwx, e);
	region = region_of(far);
	if (region)
		printf("Why: %s %s (%s)%s\n", access, region, rwx,
		       region[0] == 'k' ? ": W^X forbids it" : "");
	else
		printf("Why: %s a page that forbids it (%s)\n", access, rwx);
}

#endif /* CONFIG_PAGING */
