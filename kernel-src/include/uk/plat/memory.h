/* The physical memory the platform found at boot, as a list of regions. */
#ifndef __UK_PLAT_MEMORY_H__
#define __UK_PLAT_MEMORY_H__

#include <uk/essentials.h>

#define UKPLAT_MEMRF_RESERVED		0x01	/* in use: never give it out */
#define UKPLAT_MEMRF_READABLE		0x02
#define UKPLAT_MEMRF_WRITABLE		0x04
#define UKPLAT_MEMRF_ALLOCATABLE	0x08	/* free RAM for the heap */
#define UKPLAT_MEMRF_KERNEL		0x10	/* the kernel image itself */

struct ukplat_memregion_desc {
	void *base;
	__sz len;
	int flags;
	const char *name;
};

int ukplat_memregion_count(void);
/* Copies region i into *mrd; 0 on success, -1 if there is no such region. */
int ukplat_memregion_get(int i, struct ukplat_memregion_desc *mrd);

struct uk_alloc;
void ukplat_memallocator_set(struct uk_alloc *a);
struct uk_alloc *ukplat_memallocator_get(void);

#endif /* __UK_PLAT_MEMORY_H__ */
