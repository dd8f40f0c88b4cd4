/* Frame allocators (Unikraft 0.10 <uk/falloc.h>): physical frames of 4 KiB
 * for page tables and the pages they map. */
#ifndef __UK_FALLOC_H__
#define __UK_FALLOC_H__

#include <uk/arch/types.h>
#include <uk/arch/paging.h>
#include <uk/essentials.h>

struct uk_alloc;

/* falloc: the frames start on a boundary of their own size rounded up to a
 * power of two (what large pages need) */
#define FALLOC_FLAG_ALIGNED	0x1

/*
 * The operations return 0 or a negative errno (-ENOMEM: no such frames).
 * falloc_from_range takes frames within [min, max). addmem gives the
 * allocator the frames [paddr, paddr + frames * 4 KiB), which dm_off
 * (virtual minus physical) makes addressable; metadata is where it may
 * keep its own records (NULL: its choice).
 */
struct uk_falloc {
	int (*falloc)(struct uk_falloc *fa, __paddr_t *paddr,
		      unsigned long frames, unsigned long flags);
	int (*falloc_from_range)(struct uk_falloc *fa, __paddr_t *paddr,
				 unsigned long frames, unsigned long flags,
				 __paddr_t min, __paddr_t max);
	int (*ffree)(struct uk_falloc *fa, __paddr_t paddr,
		     unsigned long frames);
	int (*addmem)(struct uk_falloc *fa, void *metadata, __paddr_t paddr,
		      unsigned long frames, __vaddr_t dm_off);
	__sz free_memory;
	__sz total_memory;
};

/* frames frames, aligned; __PADDR_INV if there are none */
static inline __paddr_t uk_falloc(struct uk_falloc *fa, unsigned long frames)
{
	__paddr_t paddr;

	if (fa->falloc(fa, &paddr, frames, FALLOC_FLAG_ALIGNED))
		return __PADDR_INV;
	return paddr;
}

static inline void uk_ffree(struct uk_falloc *fa, __paddr_t paddr,
			    unsigned long frames)
{
	fa->ffree(fa, paddr, frames);
}

/*
 * ukrepl: a frame allocator taking its frames from the page allocator a,
 * whose memory is mapped 1:1 (virtual == physical); addmem hands memory to
 * a itself. The kernel's page tables use one over the platform's
 * allocator (kernel_pt.fa).
 */
struct uk_falloc_palloc {
	struct uk_falloc fa;
	struct uk_alloc *a;
};

void uk_falloc_palloc_init(struct uk_falloc_palloc *p, struct uk_alloc *a);

#endif /* __UK_FALLOC_H__ */
