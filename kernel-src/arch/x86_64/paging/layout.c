/* What lies where: the guard pages (by name, for crash reports) and the
 * regions of the address space the tables were built with. */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include "paging.h"

#define GUARDS_MAX	(8 + CONFIG_UKPLAT_LCPU_MAXCOUNT * (IST_COUNT + 1))
#define GUARD_NAME_MAX	40

/* A guard's name is `name`, or `fmt` with two numbers (formatted only when
 * asked for: boot makes one per IST stack, and snprintf is not cheap). */
static struct guard {
	__vaddr_t vaddr;
	const char *fmt;
	unsigned int a, b;
	char name[GUARD_NAME_MAX];
} guards[GUARDS_MAX];
static unsigned int guard_count;

/* Remembers the page at vaddr as a guard (it is unmapped already) */
void guard_note(__vaddr_t vaddr, const char *name, const char *fmt,
		unsigned int a, unsigned int b)
{
	struct guard *g;

	if (guard_count == GUARDS_MAX)
		return;
	g = &guards[guard_count++];
	g->vaddr = vaddr;
	g->fmt = fmt;
	g->a = a;
	g->b = b;
	if (name)
		strncpy(g->name, name, GUARD_NAME_MAX - 1);
}

int ukplat_page_guard(__vaddr_t vaddr, const char *what)
{
	int rc;

	if (!PAGE_ALIGNED(vaddr))
		return -EINVAL;
	rc = ukplat_page_unmap(&kernel_pt, vaddr, 1, PAGE_FLAG_KEEP_FRAMES);
	if (!rc)
		guard_note(vaddr, what, NULL, 0, 0);
	return rc;
}

static const char *guard_name(struct guard *g)
{
	if (g->fmt && !g->name[0])
		snprintf(g->name, sizeof(g->name), g->fmt, g->a, g->b);
	return g->name;
}

void guards_print(void)
{
	unsigned int i;

	printf("  guard pages (unmapped):");
	for (i = 0; i < guard_count; i++)
		printf("%s 0x%lx (%s)", i ? "," : "", guards[i].vaddr,
		       guard_name(&guards[i]));
	printf("\n");
}

const char *paging_guard_of(__vaddr_t vaddr)
{
	unsigned int i;

	for (i = 0; i < guard_count; i++)
		if (PAGE_ALIGN_DOWN(vaddr) == guards[i].vaddr)
			return guard_name(&guards[i]);
	return NULL;
}

/* ------------------------------------------------ the layout */

#define REGIONS_MAX	48

/* What the kernel put where, for crash reports and the dump; the image's
 * parts first, so that they win over the RAM that holds them. */
static struct mmu_region regions[REGIONS_MAX];
static unsigned int region_count;

void region_add(const char *name, __vaddr_t start, __vaddr_t end,
		unsigned long attr, int image)
{
	struct mmu_region *r;

	if (end <= start || region_count == REGIONS_MAX)
		return;
	r = &regions[region_count++];
	r->name = name;
	r->start = start;
	r->end = end;
	r->attr = attr;
	r->image = image;
}

const struct mmu_region *paging_region_of(__vaddr_t vaddr)
{
	unsigned int i;

	for (i = 0; i < region_count; i++)
		if (vaddr >= regions[i].start && vaddr < regions[i].end)
			return &regions[i];
	return NULL;
}

int paging_w_xor_x(void)
{
#ifdef CONFIG_ENFORCE_W_XOR_X
	return 1;
#else
	return 0;
#endif
}

#endif /* CONFIG_PAGING */
