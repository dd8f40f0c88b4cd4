/* What the tables look like: the boot banner's W^X line and
 * ukplat_paging_dump(), the layout as the tables have it. */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include "paging.h"

static const char *prot_string(__pte_t pte)
{
	static const char *const s[] = { "r--", "rw-", "r-x", "rwx" };

	if (!(pte & X86_PTE_PRESENT))
		return "---";
	return s[!!(pte & X86_PTE_RW) + 2 * !(pte & X86_PTE_NX)];
}

/* Short: under this host's nested KVM each character on the serial line
 * costs ~60 us, the two lines this once had 10 ms of boot. */
void ukplat_paging_banner(void)
{
	if (!paging_w_xor_x())
		printf("  W^X: off (all rwx)\n");
	else if (!have_nx)
		printf("  W^X: on, but no NX: all executable\n");
	else
		printf("  W^X: on, cells too (code r-x, data rw-)\n");
}

/* One line of the dump: a run of pages with the same attributes and size */
struct dump_run {
	__vaddr_t start, end;
	__paddr_t pstart;
	__pte_t bits;
	unsigned int lvl;
	int identity;
};

static void dump_print(const struct dump_run *r)
{
	const struct mmu_region *reg = paging_region_of(r->start);
	static const char *const size[] = { "4K", "2M", "1G" };

	printf("  0x%016lx-0x%016lx %s%s %s ", r->start, r->end,
	       prot_string(r->bits),
	       (r->bits & X86_PTE_PCD) ? " uc" : "   ", size[r->lvl]);
	if (r->identity)
		printf("1:1  ");
	else
		printf("-> 0x%lx  ", r->pstart);
	printf("%s\n", reg ? reg->name : "mapped by ukplat_page_map");
}

static void dump_leaf(struct dump_run *r, __vaddr_t va, __pte_t pte,
		      unsigned int lvl)
{
	__pte_t bits = pte & (X86_PTE_PRESENT | X86_PTE_RW | X86_PTE_NX |
			      X86_PTE_PCD | X86_PTE_SW_PROTNONE);
	__paddr_t pa = pte_paddr(pte, lvl);
	int identity = va == pa;

	if (r->end == va && r->bits == bits && r->lvl == lvl &&
	    r->identity == identity &&
	    paging_region_of(r->start) == paging_region_of(va)) {
		r->end = va + PAGE_Lx_SIZE(lvl);
		return;
	}
	if (r->end > r->start)
		dump_print(r);
	r->start = va;
	r->end = va + PAGE_Lx_SIZE(lvl);
	r->pstart = pa;
	r->bits = bits;
	r->lvl = lvl;
	r->identity = identity;
}

static void dump_table(struct dump_run *r, const __pte_t *t, unsigned int lvl,
		       __vaddr_t base)
{
	unsigned int i;

	for (i = 0; i < PT_PTES_PER_LEVEL; i++) {
		__vaddr_t va = base + ((__vaddr_t)i << PAGE_Lx_SHIFT(lvl));

		if (lvl == PT_LEVELS - 1 && i >= PT_PTES_PER_LEVEL / 2)
			va |= 0xffff000000000000UL;	/* canonical form */
		if (pte_is_table(t[i], lvl))
			dump_table(r, pt_table(pte_paddr(t[i], 0)), lvl - 1,
				   va);
		else if (pte_is_page(t[i], lvl))
			dump_leaf(r, va, t[i], lvl);
	}
}

void ukplat_paging_dump(void)
{
	struct dump_run r = { 0 };

	printf("paging: CR3 0x%lx, %lu page-table pages, %lu splits\n",
	       read_cr3(),
	       kernel_pt.nr_pt_pages[0] + kernel_pt.nr_pt_pages[1] +
	       kernel_pt.nr_pt_pages[2] + kernel_pt.nr_pt_pages[3],
	       kernel_pt.nr_lx_splits[1] + kernel_pt.nr_lx_splits[2]);
	dump_table(&r, pt_table(kernel_pt.pt_pbase), PT_LEVELS - 1, 0);
	if (r.end > r.start)
		dump_print(&r);
	guards_print();
}

#endif /* CONFIG_PAGING */
