/* The memory regions of QEMU's virt machine (plat/common/memregion.c
 * keeps the table): RAM from the device tree's /memory nodes, minus the
 * kernel image and the device tree itself, which the boot code then gives
 * to the heap (all of it, as the release says: there is no on-demand
 * paging). */
#include <uk/essentials.h>
#include <uk/plat/memory.h>
#include <uk/plat/common/memory.h>
#include "fdt.h"
#include "platform.h"

extern __u8 _text[], _end[];

/* [lo, hi) of RAM minus the two ranges cut[] (sorted by start) */
static void add_ram(__uptr lo, __uptr hi, const __uptr cut[2][2])
{
	const int flags = UKPLAT_MEMRF_ALLOCATABLE | UKPLAT_MEMRF_READABLE |
			  UKPLAT_MEMRF_WRITABLE;
	int i;

	for (i = 0; i < 2; i++) {
		if (cut[i][1] <= lo || cut[i][0] >= hi)
			continue;
		memregion_add(lo, cut[i][0], flags, "ram");
		lo = MAX(lo, cut[i][1]);
	}
	memregion_add(lo, hi, flags, "ram");
}

void memory_init(const void *fdt)
{
	__uptr img[2] = { (__uptr)_text, (__uptr)_end };
	__uptr dtb[2] = { (__uptr)fdt & ~0xfffUL,
			  ((__uptr)fdt + fdt_total_size(fdt) + 0xfff) &
			  ~0xfffUL };
	__uptr cut[2][2];
	__u64 base, size;
	int node = -1, i, dtb_first = dtb[0] < img[0];

	cut[0][0] = dtb_first ? dtb[0] : img[0];
	cut[0][1] = dtb_first ? dtb[1] : img[1];
	cut[1][0] = dtb_first ? img[0] : dtb[0];
	cut[1][1] = dtb_first ? img[1] : dtb[1];
	memregion_add(img[0], img[1], UKPLAT_MEMRF_KERNEL |
		      UKPLAT_MEMRF_RESERVED | UKPLAT_MEMRF_READABLE, "kernel");
	memregion_add(dtb[0], dtb[1], UKPLAT_MEMRF_RESERVED |
		      UKPLAT_MEMRF_READABLE, "dtb");
	while ((node = fdt_find_node(fdt, node, "memory")) >= 0)
		for (i = 0; fdt_get_address(fdt, node, i, &base, &size) == 0;
		     i++)
			add_ram(base, base + size, (const __uptr (*)[2])cut);
}
