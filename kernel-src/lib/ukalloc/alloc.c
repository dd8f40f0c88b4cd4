/* The allocator registry and the uk_* entry points, which check their
 * arguments and forward to the allocator's operations. */
#include <errno.h>
#include <uk/alloc_impl.h>
#include <uk/assert.h>
#include <uk/spinlock.h>
#include "stats.h"

struct uk_alloc *_uk_alloc_head;

/*
 * One lock around every allocator operation: allocators are written for one
 * CPU, and threads on several CPUs allocate. Allocation is short next to
 * what callers do with the memory, so one lock does not hurt.
 */
static __spinlock alloc_lock = UK_SPINLOCK_INITIALIZER();

#define LOCKED(expr)							\
	({								\
		unsigned long __irqf;					\
		__typeof__(expr) __ret;					\
									\
		uk_spin_lock_irqsave(&alloc_lock, __irqf);		\
		__ret = (expr);						\
		uk_spin_unlock_irqrestore(&alloc_lock, __irqf);		\
		__ret;							\
	})

#define LOCKED_VOID(stmt)						\
	do {								\
		unsigned long __irqf;					\
									\
		uk_spin_lock_irqsave(&alloc_lock, __irqf);		\
		stmt;							\
		uk_spin_unlock_irqrestore(&alloc_lock, __irqf);		\
	} while (0)

int uk_alloc_register(struct uk_alloc *a)
{
	struct uk_alloc **p = &_uk_alloc_head;

	while (*p)
		p = &(*p)->next;
	a->next = NULL;
	*p = a;
	return 0;
}

struct uk_alloc *uk_alloc_get_default(void)
{
	return _uk_alloc_head;
}

/* ---------------------------------------------------------------- uk_do_* */

void *uk_do_malloc(struct uk_alloc *a, __sz size)
{
	void *p = LOCKED(a->malloc(a, size));

	alloc_stats_count(a, p, size);
	return p;
}

void *uk_do_calloc(struct uk_alloc *a, __sz nmemb, __sz size)
{
	void *p = LOCKED(a->calloc(a, nmemb, size));

	alloc_stats_count(a, p, nmemb * size);
	return p;
}

void *uk_do_realloc(struct uk_alloc *a, void *ptr, __sz size)
{
	void *p = LOCKED(a->realloc(a, ptr, size));

	if (!ptr)
		alloc_stats_count(a, p, size);
	return p;
}

int uk_do_posix_memalign(struct uk_alloc *a, void **memptr, __sz align,
			 __sz size)
{
	int rc = LOCKED(a->posix_memalign(a, memptr, align, size));

	alloc_stats_count(a, rc ? NULL : *memptr, size);
	return rc;
}

void *uk_do_memalign(struct uk_alloc *a, __sz align, __sz size)
{
	void *p = LOCKED(a->memalign(a, align, size));

	alloc_stats_count(a, p, size);
	return p;
}

void uk_do_free(struct uk_alloc *a, void *ptr)
{
	LOCKED_VOID(a->free(a, ptr));
	if (ptr)
		alloc_stats_count_free(a, 0);
}

void *uk_do_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	void *p;

	if (unlikely(!a->palloc))
		return NULL;
	p = LOCKED(a->palloc(a, num_pages));
	alloc_stats_count(a, p, num_pages * __PAGE_SIZE);
	return p;
}

void uk_do_pfree(struct uk_alloc *a, void *ptr, unsigned long num_pages)
{
	LOCKED_VOID(a->pfree(a, ptr, num_pages));
	if (ptr)
		alloc_stats_count_free(a, num_pages * __PAGE_SIZE);
}

/* ---------------------------------------------------------------- uk_* */

void *uk_malloc(struct uk_alloc *a, __sz size)
{
	if (unlikely(!a)) {
		errno = ENOMEM;
		return NULL;
	}
	return uk_do_malloc(a, size);
}

void *uk_calloc(struct uk_alloc *a, __sz nmemb, __sz size)
{
	if (unlikely(!a)) {
		errno = ENOMEM;
		return NULL;
	}
	return uk_do_calloc(a, nmemb, size);
}

void *uk_zalloc(struct uk_alloc *a, __sz size)
{
	return uk_calloc(a, 1, size);
}

void *uk_realloc(struct uk_alloc *a, void *ptr, __sz size)
{
	if (unlikely(!a)) {
		errno = ENOMEM;
		return NULL;
	}
	return uk_do_realloc(a, ptr, size);
}

void *uk_memalign(struct uk_alloc *a, __sz align, __sz size)
{
	if (unlikely(!a))
		return NULL;
	return uk_do_memalign(a, align, size);
}

int uk_posix_memalign(struct uk_alloc *a, void **memptr, __sz align,
		      __sz size)
{
	if (unlikely(!a))
		return ENOMEM;	/* positive, as POSIX says */
	return uk_do_posix_memalign(a, memptr, align, size);
}

void uk_free(struct uk_alloc *a, void *ptr)
{
	UK_ASSERT(a);
	uk_do_free(a, ptr);
}

void *uk_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	if (unlikely(!a))
		return NULL;
	return uk_do_palloc(a, num_pages);
}

void uk_pfree(struct uk_alloc *a, void *ptr, unsigned long num_pages)
{
	UK_ASSERT(a);
	uk_do_pfree(a, ptr, num_pages);
}

int uk_alloc_addmem(struct uk_alloc *a, void *base, __sz size)
{
	if (!a || !a->addmem)
		return -ENOTSUP;
	return LOCKED(a->addmem(a, base, size));
}

__ssz uk_alloc_maxalloc(struct uk_alloc *a)
{
	if (!a || !a->maxalloc)
		return -ENOTSUP;
	return a->maxalloc(a);
}

__ssz uk_alloc_availmem(struct uk_alloc *a)
{
	if (!a || !a->availmem)
		return -ENOTSUP;
	return a->availmem(a);
}

long uk_alloc_pmaxalloc(struct uk_alloc *a)
{
	if (!a || !a->pmaxalloc)
		return -ENOTSUP;
	return a->pmaxalloc(a);
}

long uk_alloc_pavailmem(struct uk_alloc *a)
{
	if (!a || !a->pavailmem)
		return -ENOTSUP;
	return a->pavailmem(a);
}

__sz uk_alloc_availmem_total(void)
{
	struct uk_alloc *a;
	__sz total = 0;
	__ssz n;

	uk_alloc_foreach(a) {
		n = uk_alloc_availmem(a);
		if (n > 0)
			total += n;
	}
	return total;
}

unsigned long uk_alloc_pavailmem_total(void)
{
	struct uk_alloc *a;
	unsigned long total = 0;
	long n;

	uk_alloc_foreach(a) {
		n = uk_alloc_pavailmem(a);
		if (n > 0)
			total += n;
	}
	return total;
}
