/* A frame allocator over a page allocator (struct uk_alloc) whose memory
 * the direct map shows 1:1, so a frame's address is its page's. */
#include <errno.h>
#include <uk/alloc.h>
#include <uk/falloc.h>

#define PALLOC(fa)	(((struct uk_falloc_palloc *)(fa))->a)
#define FRAME		4096UL

/* The buddy allocator aligns a block to its size rounded up to a power of
 * two, which is what FALLOC_FLAG_ALIGNED asks; checked all the same. */
static int palloc_falloc(struct uk_falloc *fa, __paddr_t *paddr,
			 unsigned long frames, unsigned long flags)
{
	unsigned long align = FRAME;
	void *p;

	if (!frames)
		return -EINVAL;
	p = uk_palloc(PALLOC(fa), frames);
	if (!p)
		return -ENOMEM;
	while ((flags & FALLOC_FLAG_ALIGNED) && align < frames * FRAME)
		align <<= 1;
	if ((__uptr)p & (align - 1)) {
		uk_pfree(PALLOC(fa), p, frames);
		return -ENOMEM;
	}
	*paddr = (__paddr_t)(__uptr)p;
	fa->free_memory -= MIN(fa->free_memory, frames * FRAME);
	return 0;
}

static int palloc_ffree(struct uk_falloc *fa, __paddr_t paddr,
			unsigned long frames)
{
	uk_pfree(PALLOC(fa), (void *)(__uptr)paddr, frames);
	fa->free_memory += frames * FRAME;
	return 0;
}

/* The page allocator decides where: frames outside [min, max) go back. */
static int palloc_from_range(struct uk_falloc *fa, __paddr_t *paddr,
			     unsigned long frames, unsigned long flags,
			     __paddr_t min, __paddr_t max)
{
	int rc = palloc_falloc(fa, paddr, frames, flags);

	if (rc)
		return rc;
	if (*paddr < min || *paddr + frames * FRAME > max) {
		palloc_ffree(fa, *paddr, frames);
		return -ENOMEM;
	}
	return 0;
}

static int palloc_addmem(struct uk_falloc *fa, void *metadata __unused,
			 __paddr_t paddr, unsigned long frames,
			 __vaddr_t dm_off)
{
	int rc = uk_alloc_addmem(PALLOC(fa), (void *)(__uptr)(paddr + dm_off),
				 frames * FRAME);

	if (!rc) {
		fa->free_memory += frames * FRAME;
		fa->total_memory += frames * FRAME;
	}
	return rc;
}

void uk_falloc_palloc_init(struct uk_falloc_palloc *p, struct uk_alloc *a)
{
	p->fa.falloc = palloc_falloc;
	p->fa.falloc_from_range = palloc_from_range;
	p->fa.ffree = palloc_ffree;
	p->fa.addmem = palloc_addmem;
	p->fa.total_memory = uk_alloc_pavailmem_total() * FRAME;
	p->fa.free_memory = p->fa.total_memory;
	p->a = a;
}
