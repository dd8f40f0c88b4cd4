/* The allocator interface: a table of operations that an allocator library
 * fills in (Unikraft API uk/alloc.h). */

/*
 * All helpers below are real functions, not inline ones, so that the ukrepl
 * host can call them by address from a notebook cell, for example
 * uk_malloc(uk_alloc_get_default(), 64).
 */
#ifndef __UK_ALLOC_H__
#define __UK_ALLOC_H__

#include <uk/essentials.h>
#include <uk/assert.h>	/* Unikraft code gets uk_pr_* this way */

struct uk_alloc;

typedef void *(*uk_alloc_malloc_func_t)(struct uk_alloc *a, __sz size);
typedef void *(*uk_alloc_calloc_func_t)(struct uk_alloc *a, __sz nmemb,
					__sz size);
typedef int (*uk_alloc_posix_memalign_func_t)(struct uk_alloc *a,
					      void **memptr, __sz align,
					      __sz size);
typedef void *(*uk_alloc_memalign_func_t)(struct uk_alloc *a, __sz align,
					  __sz size);
typedef void *(*uk_alloc_realloc_func_t)(struct uk_alloc *a, void *ptr,
					 __sz size);
typedef void (*uk_alloc_free_func_t)(struct uk_alloc *a, void *ptr);
typedef void *(*uk_alloc_palloc_func_t)(struct uk_alloc *a,
					unsigned long num_pages);
typedef void (*uk_alloc_pfree_func_t)(struct uk_alloc *a, void *ptr,
				      unsigned long num_pages);
typedef int (*uk_alloc_addmem_func_t)(struct uk_alloc *a, void *base,
				      __sz size);
typedef __ssz (*uk_alloc_getsize_func_t)(struct uk_alloc *a);
typedef long (*uk_alloc_getpsize_func_t)(struct uk_alloc *a);

struct uk_alloc {
	/* objects of any size */
	uk_alloc_malloc_func_t malloc;
	uk_alloc_calloc_func_t calloc;
	uk_alloc_realloc_func_t realloc;
	uk_alloc_posix_memalign_func_t posix_memalign;
	uk_alloc_memalign_func_t memalign;
	uk_alloc_free_func_t free;
	/* runs of whole pages */
	uk_alloc_palloc_func_t palloc;
	uk_alloc_pfree_func_t pfree;
	/* statistics: bytes, and pages */
	uk_alloc_getsize_func_t maxalloc;
	uk_alloc_getsize_func_t availmem;
	uk_alloc_getpsize_func_t pmaxalloc;
	uk_alloc_getpsize_func_t pavailmem;
	/* hand more memory to the allocator */
	uk_alloc_addmem_func_t addmem;

	struct uk_alloc *next;	/* list of registered allocators */
	__u8 priv[];		/* the allocator's own state */
};

extern struct uk_alloc *_uk_alloc_head;

#define uk_alloc_foreach(iter)						\
	for ((iter) = _uk_alloc_head; (iter) != NULL; (iter) = (iter)->next)

/* The first registered allocator (the heap set up at boot), or NULL. */
struct uk_alloc *uk_alloc_get_default(void);

/* These accept a NULL allocator: malloc/calloc/realloc then return NULL
 * with errno = ENOMEM, posix_memalign returns ENOMEM. */
void *uk_malloc(struct uk_alloc *a, __sz size);
void *uk_calloc(struct uk_alloc *a, __sz nmemb, __sz size);
void *uk_zalloc(struct uk_alloc *a, __sz size);
void *uk_realloc(struct uk_alloc *a, void *ptr, __sz size);
void *uk_memalign(struct uk_alloc *a, __sz align, __sz size);
int uk_posix_memalign(struct uk_alloc *a, void **memptr, __sz align,
		      __sz size);
void uk_free(struct uk_alloc *a, void *ptr);

void *uk_palloc(struct uk_alloc *a, unsigned long num_pages);
void uk_pfree(struct uk_alloc *a, void *ptr, unsigned long num_pages);

/* -ENOTSUP if the allocator cannot do it. */
int uk_alloc_addmem(struct uk_alloc *a, void *base, __sz size);
__ssz uk_alloc_maxalloc(struct uk_alloc *a);
__ssz uk_alloc_availmem(struct uk_alloc *a);
long uk_alloc_pmaxalloc(struct uk_alloc *a);
long uk_alloc_pavailmem(struct uk_alloc *a);

/* Sums over all registered allocators. */
__ssz uk_alloc_availmem_total(void);
long uk_alloc_pavailmem_total(void);

#endif /* __UK_ALLOC_H__ */
