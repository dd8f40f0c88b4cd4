/* Building the kernel's tables at boot, in one pass, and switching every
 * CPU to them. */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include "paging.h"

/*
 * Boot builds the tables in one pass, before they are active, straight
 * with walk_map(): every range is mapped once with its final attributes (RAM
 * around the image, the image section by section around its guard pages,
 * the BIOS area and device memory around RAM), so nothing overlaps and no
 * check, lock or TLB flush is needed. Done through the API instead, with a
 * map, set_attr and unmap per part, it took three times as long under this
 * host's nested KVM, where each of the API's calls costs ~0.5 ms.
 */

struct range {
	__paddr_t start, end;
};

#define RAM_RANGES_MAX	32
#define BOOT_GUARDS_MAX	(1 + CONFIG_UKPLAT_LCPU_MAXCOUNT * IST_COUNT)

/* RAM of the memory map, page-rounded outwards, sorted and merged; page 0
 * left out. Returns how many ranges. */
static unsigned int ram_ranges(struct range *r, unsigned int max)
{
	struct ukplat_memregion_desc d;
	unsigned int n = 0, i, j;
	struct range t;
	int k;

	for (k = 0; ukplat_memregion_get(k, &d) == 0 && n < max; k++) {
		r[n].start = MAX(PAGE_ALIGN_DOWN((__paddr_t)(__uptr)d.base),
				 (__paddr_t)PAGE_SIZE);
		r[n].end = PAGE_ALIGN_UP((__paddr_t)(__uptr)d.base + d.len);
		if (r[n].end > r[n].start)
			n++;
	}
	for (i = 1; i < n; i++)			/* insertion sort */
		for (j = i; j > 0 && r[j - 1].start > r[j].start; j--) {
			t = r[j];
			r[j] = r[j - 1];
			r[j - 1] = t;
		}
	for (i = 0, j = 0; i < n; i++) {	/* merge touching ranges */
		if (j && r[i].start <= r[j - 1].end)
			r[j - 1].end = MAX(r[j - 1].end, r[i].end);
		else
			r[j++] = r[i];
	}
	return j;
}

/* Maps [start, end) 1:1 into the tables being built. */
static int boot_map(__vaddr_t start, __vaddr_t end, unsigned long attr)
{
	struct pg_op op = {
		.pt = &kernel_pt,
		.bits = attr_to_bits(attr),
		.paddr = start,
		.min_lvl = PAGE_LEVEL,
		.max_lvl = max_page_level,
	};

	if (end <= start)
		return 0;
	return walk_map(&op, pt_table(kernel_pt.pt_pbase), PT_LEVELS - 1, start,
		   end);
}

/* boot_map() for the parts of [start, end) that lie outside `skip` (sorted,
 * disjoint ranges). */
static int boot_map_around(__vaddr_t start, __vaddr_t end, unsigned long attr,
			   const struct range *skip, unsigned int n)
{
	unsigned int i;
	int rc;

	for (i = 0; i < n && start < end; i++) {
		if (skip[i].end <= start || skip[i].start >= end)
			continue;
		rc = boot_map(start, MIN(end, skip[i].start), attr);
		if (rc)
			return rc;
		start = MAX(start, skip[i].end);
	}
	return boot_map(start, end, attr);
}

static int map_image(const struct range *guard, unsigned int nguards)
{
#ifdef CONFIG_ENFORCE_W_XOR_X
	const unsigned long text = PAGE_ATTR_PROT_READ | PAGE_ATTR_PROT_EXEC;
	const unsigned long ro = PAGE_ATTR_PROT_READ;
	const unsigned long rw = PAGE_ATTR_PROT_RW;
#else
	const unsigned long text = PAGE_ATTR_PROT_RWX;
	const unsigned long ro = PAGE_ATTR_PROT_RWX;
	const unsigned long rw = PAGE_ATTR_PROT_RWX;
#endif
	/* each part reaches to where the next one begins: whatever the
	 * linker put in between gets the attributes of the part before */
	const struct {
		const char *name;
		const char *start;
		unsigned long attr;
	} part[] = {
		{ "kernel text", _text, text },
		{ "kernel rodata", __rodata_start, ro },
		{ "kernel data", __data_start, rw },
		{ "kernel ksymtab", __ksymtab_start, ro },
		{ "kernel bss", __bss_start, rw },
		/* cells: data until the host makes a cell's code r-x
		 * (ukrepl_cell_protect) */
		{ "cell arena", (const char *)ukrepl_cell_arena_start, rw },
	};
	unsigned int i;
	__vaddr_t s, e;
	int rc;

	for (i = 0; i < ARRAY_SIZE(part); i++) {
		s = (__vaddr_t)part[i].start;
		e = i + 1 < ARRAY_SIZE(part) ? (__vaddr_t)part[i + 1].start
					     : PAGE_ALIGN_UP((__vaddr_t)_end);
		region_add(part[i].name, s, e, part[i].attr, 1);
		rc = boot_map_around(s, e, part[i].attr, guard, nguards);
		if (rc)
			return rc;
	}
	return 0;
}

/* The guard pages in the image: under the boot stack and under each IST
 * stack of the CPUs there are. Registered, sorted into `g`; the image is
 * then mapped around them. */
static unsigned int image_guards(struct range *g)
{
	unsigned int n = 0, i, j, slot;
	struct lcpu *l;
	struct range t;

	guard_note((__vaddr_t)boot_stack_guard, "the boot stack", NULL, 0, 0);
	g[n].start = (__vaddr_t)boot_stack_guard;
	g[n++].end = (__vaddr_t)boot_stack_guard + PAGE_SIZE;
	for (i = 0; (l = lcpu_get(i)) != NULL; i++)
		for (slot = 1; slot <= IST_COUNT; slot++) {
			g[n].start = (__vaddr_t)lcpu_ist_guard(l, slot);
			g[n].end = g[n].start + PAGE_SIZE;
			guard_note(g[n].start, NULL, "lcpus[%u].ist.stack[%u]",
				   i, slot - 1);
			n++;
		}
	for (i = 1; i < n; i++)			/* insertion sort */
		for (j = i; j > 0 && g[j - 1].start > g[j].start; j--) {
			t = g[j];
			g[j] = g[j - 1];
			g[j - 1] = t;
		}
	return n;
}

/* The kernel tables take their frames from the page allocator */
struct uk_falloc_palloc kernel_falloc;

int ukplat_paging_init(void)
{
	const unsigned long ram_attr = paging_w_xor_x() ? PAGE_ATTR_PROT_RW
							: PAGE_ATTR_PROT_RWX;
	const unsigned long dev_attr = PAGE_ATTR_PROT_RW |
				       PAGE_ATTR_TYPE_UNCACHED;
	const struct range image = { (__vaddr_t)_text,
				     PAGE_ALIGN_UP((__vaddr_t)_end) };
	struct range ram[RAM_RANGES_MAX], guard[BOOT_GUARDS_MAX];
	unsigned int n, ng, i;
	__u32 a, b, c, d;
	__paddr_t root;
	int rc = 0;

	have_nx = !!(rdmsr(X86_MSR_EFER) & X86_EFER_NXE);
	cpuid(X86_CPUID_EXT_FEATURES, 0, &a, &b, &c, &d);
	have_1g = !!(d & X86_CPUID_EXT_EDX_PAGE1GB);
	max_page_level = have_1g ? PAGE_HUGE_LEVEL : PAGE_LARGE_LEVEL;

	if (!ukplat_memallocator_get())
		return -ENOMEM;
	uk_falloc_palloc_init(&kernel_falloc, ukplat_memallocator_get());
	kernel_pt.fa = &kernel_falloc.fa;
	root = frame_alloc(&kernel_pt, PAGE_LEVEL);
	if (!root || root >= MMIO_END)	/* CR3 is loaded in 32-bit mode */
		return -ENOMEM;
	kernel_pt.pt_pbase = root;
	kernel_pt.pt_vbase = (__vaddr_t)root;
	kernel_pt.nr_pt_pages[PT_LEVELS - 1] = 1;

	/* the image (first: region lookups find its parts before RAM) */
	ng = image_guards(guard);
	rc = map_image(guard, ng);
	/* RAM around it */
	n = ram_ranges(ram, ARRAY_SIZE(ram));
	for (i = 0; !rc && i < n; i++) {
		rc = boot_map_around(ram[i].start, ram[i].end, ram_attr,
				     &image, 1);
		region_add(ram[i].end <= LOW_MEMORY_END ? "low memory" : "RAM",
			   ram[i].start, ram[i].end, ram_attr, 0);
	}
	/* the BIOS area and device memory, where they are not RAM */
	if (!rc)
		rc = boot_map_around(BIOS_AREA_START, BIOS_AREA_END,
				     PAGE_ATTR_PROT_READ, ram, n);
	region_add("BIOS area", BIOS_AREA_START, BIOS_AREA_END,
		   PAGE_ATTR_PROT_READ, 0);
	if (!rc)
		rc = boot_map_around(MMIO_START, MMIO_END, dev_attr, ram, n);
	region_add("device memory", MMIO_START, MMIO_END, dev_attr, 0);
	if (!rc && apic_base() &&
	    (apic_base() < MMIO_START || apic_base() >= MMIO_END))
		rc = boot_map_around(apic_base(), apic_base() + PAGE_SIZE,
				     dev_attr, ram, n);
	region_add("page 0", 0, PAGE_SIZE, PAGE_ATTR_PROT_NONE, 0);
	if (rc) {
		uk_pr_err("paging: building the page tables failed: %d\n", rc);
		return rc;
	}

	/* Everything this CPU uses is mapped the same: switch. */
	write_cr3(root);
	pt_active = 1;
	x86_pt_root = (__u32)root;
	return 0;
}

#endif /* CONFIG_PAGING */
