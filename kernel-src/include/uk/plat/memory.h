/* The physical memory the platform found at boot, as a list of regions. */
#ifndef __UK_PLAT_MEMORY_H__
#define __UK_PLAT_MEMORY_H__

#include <uk/essentials.h>

#define UKPLAT_MEMRF_RESERVED		0x01	/* in use: never give it out */
#define UKPLAT_MEMRF_READABLE		0x02
#define UKPLAT_MEMRF_WRITABLE		0x04
#define UKPLAT_MEMRF_ALLOCATABLE	0x08	/* free RAM for the heap */
#define UKPLAT_MEMRF_KERNEL		0x10	/* the kernel image itself */
#define UKPLAT_MEMRF_EXECUTABLE		0x20
#define UKPLAT_MEMRF_FREE		UKPLAT_MEMRF_ALLOCATABLE /* 0.10's */
#define UKPLAT_MEMRF_EXTRADATA		0x40	/* boot data (none here) */
#define UKPLAT_MEMRF_INITRD		0x80	/* an initrd (none here) */

struct ukplat_memregion_desc {
	void *base;
	__sz len;
	int flags;
	const char *name;
};

int ukplat_memregion_count(void);
/* Copies region i into *mrd; 0 on success, -1 if there is no such region. */
int ukplat_memregion_get(int i, struct ukplat_memregion_desc *mrd);

/* The index of the first region from i on whose flags include all of
 * sflags, copied into *mrd; -1 if none. */
int ukplat_memregion_find_next(int i, int sflags,
			       struct ukplat_memregion_desc *mrd);
#define ukplat_memregion_foreach(mrd, sflags)				\
	for (int __mr_i = ukplat_memregion_find_next(0, (sflags), (mrd)); \
	     __mr_i >= 0;						\
	     __mr_i = ukplat_memregion_find_next(__mr_i + 1, (sflags), (mrd)))
#define ukplat_memregion_find_initrd0(mrd)				\
	ukplat_memregion_find_next(0, UKPLAT_MEMRF_INITRD, (mrd))

struct uk_alloc;
/* The allocator the platform takes its own memory from: 0. */
int ukplat_memallocator_set(struct uk_alloc *a);
struct uk_alloc *ukplat_memallocator_get(void);
/* Stacks do not record their thread here: nothing to do. */
static inline void ukplat_stack_set_current_thread(void *thread_addr __unused)
{
}

#endif /* __UK_PLAT_MEMORY_H__ */
