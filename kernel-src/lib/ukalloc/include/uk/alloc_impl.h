/* For allocator libraries: making an allocator known to the system, and
 * helpers that fill in the operations an allocator does not have itself
 * (Unikraft API uk/alloc_impl.h). */
#ifndef __UK_ALLOC_IMPL_H__
#define __UK_ALLOC_IMPL_H__

#include <string.h>
#include <uk/alloc.h>

/* Appends `a` to the list; the first one registered becomes the default.
 * Returns 0. */
int uk_alloc_register(struct uk_alloc *a);

/* An allocator of pages only: objects are whole pages with a header that
 * remembers how many (alloc_compat.c). */
void *uk_malloc_ifpages(struct uk_alloc *a, __sz size);
void *uk_realloc_ifpages(struct uk_alloc *a, void *ptr, __sz size);
int uk_posix_memalign_ifpages(struct uk_alloc *a, void **memptr,
			      __sz align, __sz size);
void uk_free_ifpages(struct uk_alloc *a, void *ptr);
__ssz uk_alloc_availmem_ifpages(struct uk_alloc *a);
__ssz uk_alloc_maxalloc_ifpages(struct uk_alloc *a);

/* An allocator with malloc and free only (malloc_backend, free_backend):
 * a header in front of each object remembers its size and start. */
void *uk_malloc_ifmalloc(struct uk_alloc *a, __sz size);
void *uk_realloc_ifmalloc(struct uk_alloc *a, void *ptr, __sz size);
int uk_posix_memalign_ifmalloc(struct uk_alloc *a, void **memptr,
			       __sz align, __sz size);
void uk_free_ifmalloc(struct uk_alloc *a, void *ptr);

/* The remaining operations in terms of malloc, posix_memalign and free. */
void *uk_calloc_compat(struct uk_alloc *a, __sz num, __sz len);
void *uk_realloc_compat(struct uk_alloc *a, void *ptr, __sz size);
void *uk_memalign_compat(struct uk_alloc *a, __sz align, __sz len);
void *uk_palloc_compat(struct uk_alloc *a, unsigned long num_pages);
void uk_pfree_compat(struct uk_alloc *a, void *ptr, unsigned long num_pages);
long uk_alloc_pavailmem_compat(struct uk_alloc *a);
long uk_alloc_pmaxalloc_compat(struct uk_alloc *a);

/* ---------------------------------------------------------------- statistics */

void _uk_alloc_stats_refresh_minmax(struct uk_alloc_stats *stats);
void _uk_alloc_stats_count_alloc(struct uk_alloc_stats *stats, void *ptr,
				 __sz size);
void _uk_alloc_stats_count_free(struct uk_alloc_stats *stats, void *ptr,
				__sz size);

/* uk_do_* count already; these are for allocators that count more. */
extern struct uk_alloc_stats _uk_alloc_stats_global;
#define _uk_alloc_stats_global_count_alloc(ptr, size)			\
	_uk_alloc_stats_count_alloc(&_uk_alloc_stats_global, (ptr), (size))
#define _uk_alloc_stats_global_count_free(ptr, freed_size)		\
	_uk_alloc_stats_count_free(&_uk_alloc_stats_global, (ptr), (freed_size))
#define uk_alloc_stats_count_alloc(a, ptr, size)			\
	_uk_alloc_stats_count_alloc(&(a)->_stats, (ptr), (size))
#define uk_alloc_stats_count_palloc(a, ptr, num_pages)			\
	uk_alloc_stats_count_alloc(a, ptr, (num_pages) * __PAGE_SIZE)
#define uk_alloc_stats_count_enomem(a, size)				\
	((void)(size), (a)->_stats.nb_enomem++)
#define uk_alloc_stats_count_penomem(a, num_pages)			\
	uk_alloc_stats_count_enomem(a, (num_pages) * __PAGE_SIZE)
#define uk_alloc_stats_count_free(a, ptr, freed_size)			\
	_uk_alloc_stats_count_free(&(a)->_stats, (ptr), (freed_size))
#define uk_alloc_stats_count_pfree(a, ptr, num_pages)			\
	uk_alloc_stats_count_free(a, ptr, (num_pages) * __PAGE_SIZE)
#define uk_alloc_stats_reset(a)						\
	memset(&(a)->_stats, 0, sizeof((a)->_stats))

/* ---------------------------------------------------------------- set-up */

/* Fills in an allocator of objects (and the compat page operations). */
#define uk_alloc_init_malloc(a, malloc_f, calloc_f, realloc_f, free_f,	\
			     posix_memalign_f, memalign_f, maxalloc_f,	\
			     availmem_f, addmem_f)			\
	do {								\
		(a)->malloc = (malloc_f);				\
		(a)->calloc = (calloc_f);				\
		(a)->realloc = (realloc_f);				\
		(a)->posix_memalign = (posix_memalign_f);		\
		(a)->memalign = (memalign_f);				\
		(a)->free = (free_f);					\
		(a)->palloc = uk_palloc_compat;				\
		(a)->pfree = uk_pfree_compat;				\
		(a)->maxalloc = (maxalloc_f);				\
		(a)->availmem = (availmem_f);				\
		(a)->pmaxalloc = (maxalloc_f) ? uk_alloc_pmaxalloc_compat : NULL; \
		(a)->pavailmem = (availmem_f) ? uk_alloc_pavailmem_compat : NULL; \
		(a)->addmem = (addmem_f);				\
		uk_alloc_stats_reset(a);				\
		uk_alloc_register(a);					\
	} while (0)

/* Fills in an allocator that has malloc and free only. */
#define uk_alloc_init_malloc_ifmalloc(a, malloc_f, free_f, maxalloc_f,	\
				      availmem_f, addmem_f)		\
	do {								\
		(a)->malloc_backend = (malloc_f);			\
		(a)->free_backend = (free_f);				\
		uk_alloc_init_malloc(a, uk_malloc_ifmalloc,		\
				     uk_calloc_compat,			\
				     uk_realloc_ifmalloc,		\
				     uk_free_ifmalloc,			\
				     uk_posix_memalign_ifmalloc,	\
				     uk_memalign_compat, maxalloc_f,	\
				     availmem_f, addmem_f);		\
	} while (0)

/* Fills in an allocator of pages (objects come from the ifpages helpers). */
#define uk_alloc_init_palloc(a, palloc_func, pfree_func, pmaxalloc_func, \
			     pavailmem_func, addmem_func)		\
	do {								\
		(a)->malloc = uk_malloc_ifpages;			\
		(a)->calloc = uk_calloc_compat;				\
		(a)->realloc = uk_realloc_ifpages;			\
		(a)->posix_memalign = uk_posix_memalign_ifpages;	\
		(a)->memalign = uk_memalign_compat;			\
		(a)->free = uk_free_ifpages;				\
		(a)->palloc = (palloc_func);				\
		(a)->pfree = (pfree_func);				\
		(a)->pmaxalloc = (pmaxalloc_func);			\
		(a)->pavailmem = (pavailmem_func);			\
		(a)->maxalloc = (pmaxalloc_func) ? uk_alloc_maxalloc_ifpages : NULL; \
		(a)->availmem = (pavailmem_func) ? uk_alloc_availmem_ifpages : NULL; \
		(a)->addmem = (addmem_func);				\
		uk_alloc_stats_reset(a);				\
		uk_alloc_register(a);					\
	} while (0)

#endif /* __UK_ALLOC_IMPL_H__ */
