/* The allocator interface: a table of operations that an allocator library
 * fills in (Unikraft API uk/alloc.h). */

/*
 * All helpers below are real functions, not inline ones, so that the ukrepl
 * host can call them by address from a notebook cell, for example
 * uk_malloc(uk_alloc_get_default(), 64).
 */
#ifndef __UK_ALLOC_H__
#define __UK_ALLOC_H__

#include <errno.h>	/* as 0.10's: ENOMEM after #include <uk/alloc.h> */
#include <stddef.h>
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

/* What an allocator has done so far (uk_alloc_stats_get()). Frees count
 * the bytes they can know: a free through uk_free() does not know a size,
 * so cur_mem_use and max_mem_use follow allocations of whole pages only. */
struct uk_alloc_stats {
	__sz last_alloc_size;
	__sz max_alloc_size;
	__sz min_alloc_size;
	__u64 tot_nb_allocs;
	__u64 tot_nb_frees;
	__s64 cur_nb_allocs;
	__s64 max_nb_allocs;
	__ssz cur_mem_use;
	__ssz max_mem_use;
	__u64 nb_enomem;
};

struct uk_alloc {
	/* objects of any size */
	uk_alloc_malloc_func_t malloc;
	uk_alloc_calloc_func_t calloc;
	uk_alloc_realloc_func_t realloc;
	uk_alloc_posix_memalign_func_t posix_memalign;
	uk_alloc_memalign_func_t memalign;
	uk_alloc_free_func_t free;
	/* what malloc and free sit on when the allocator only has those and
	 * <uk/alloc_impl.h>'s _ifmalloc helpers provide the rest */
	uk_alloc_free_func_t free_backend;
	uk_alloc_malloc_func_t malloc_backend;
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

	struct uk_alloc_stats _stats;
	struct uk_alloc *next;	/* list of registered allocators */
	__u8 priv[];		/* the allocator's own state */
};

extern struct uk_alloc *_uk_alloc_head;

#define uk_alloc_foreach(iter)						\
	for ((iter) = _uk_alloc_head; (iter) != NULL; (iter) = (iter)->next)

/* The first registered allocator (the heap set up at boot), or NULL. */
struct uk_alloc *uk_alloc_get_default(void);

/*
 * uk_do_*: the operation of allocator `a` (not NULL), counted in its
 * statistics and the global ones; uk_*: the same, but they also accept a
 * NULL allocator.
 */
void *uk_do_malloc(struct uk_alloc *a, __sz size);
void *uk_do_calloc(struct uk_alloc *a, __sz nmemb, __sz size);
void *uk_do_realloc(struct uk_alloc *a, void *ptr, __sz size);
int uk_do_posix_memalign(struct uk_alloc *a, void **memptr, __sz align,
			 __sz size);
void *uk_do_memalign(struct uk_alloc *a, __sz align, __sz size);
void uk_do_free(struct uk_alloc *a, void *ptr);
void *uk_do_palloc(struct uk_alloc *a, unsigned long num_pages);
void uk_do_pfree(struct uk_alloc *a, void *ptr, unsigned long num_pages);
#define uk_do_zalloc(a, size)	uk_do_calloc((a), 1, (size))

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
__sz uk_alloc_availmem_total(void);
unsigned long uk_alloc_pavailmem_total(void);

/* A copy of a's statistics; of all allocators together. */
void uk_alloc_stats_get(struct uk_alloc *a, struct uk_alloc_stats *dst);
void uk_alloc_stats_get_global(struct uk_alloc_stats *dst);

/* Per-library statistics are not kept (every library shares the default
 * allocator): the table is empty. */
struct uk_alloc_libstats_entry {
	const char *libname;
	struct uk_alloc *a;
};
#define uk_alloc_foreach_libstats(iter)					\
	for ((iter) = (struct uk_alloc_libstats_entry *)NULL; (iter);)

#endif /* __UK_ALLOC_H__ */
