/* The platform's table of physical memory regions, on every architecture:
 * filled at boot from what the firmware says (x86_64's multiboot memory map,
 * arm64's device tree), read by the boot code to build the heap. */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/plat/memory.h>
#include <uk/plat/common/memory.h>

#define MEMREGION_MAX	32

static struct ukplat_memregion_desc regions[MEMREGION_MAX];
static int region_count;
static struct uk_alloc *plat_allocator;

void memregion_add(__uptr base, __uptr end, int flags, const char *name)
{
	struct ukplat_memregion_desc *r;

	if (end <= base)
		return;
	if (region_count == MEMREGION_MAX) {
		uk_pr_warn("memory region table full: %s 0x%lx-0x%lx lost\n",
			   name, base, end);
		return;
	}
	r = &regions[region_count++];
	r->base = (void *)base;
	r->len = end - base;
	r->flags = flags;
	r->name = name;
}

int ukplat_memregion_count(void)
{
	return region_count;
}

int ukplat_memregion_get(int i, struct ukplat_memregion_desc *mrd)
{
	if (i < 0 || i >= region_count)
		return -1;
	*mrd = regions[i];
	return 0;
}

int ukplat_memregion_find_next(int i, int sflags,
				struct ukplat_memregion_desc *mrd)
{
	for (; i >= 0 && i < region_count; i++) {
		if ((regions[i].flags & sflags) == sflags) {
			*mrd = regions[i];
			return i;
		}
	}
	return -1;
}

int ukplat_memallocator_set(struct uk_alloc *a)
{
	plat_allocator = a;
	return 0;
}

struct uk_alloc *ukplat_memallocator_get(void)
{
	return plat_allocator;
}
