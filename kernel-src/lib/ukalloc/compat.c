/* The operations an allocator lacks, built from those it has
 * (<uk/alloc_impl.h>): objects on top of whole pages (_ifpages), aligned
 * and resized objects on top of plain malloc/free (_ifmalloc), and the
 * rest (_compat). Called with the allocator's lock held (alloc.c), so
 * they call the operations directly, never uk_*. */
#include <errno.h>
#include <string.h>
#include <uk/alloc_impl.h>

/* ---------------------------------------------------------------- ifpages */

/* In front of an object made of pages: how many. The object starts one
 * header after the first page, or later if it must be aligned. */
struct pages_hdr {
	void *base;
	unsigned long num_pages;
};

static struct pages_hdr *pages_hdr(void *ptr)
{
	return (struct pages_hdr *)ptr - 1;
}

static void *pages_object(struct uk_alloc *a, __sz align, __sz size)
{
	__sz need = ALIGN_UP(sizeof(struct pages_hdr), align) + size;
	unsigned long pages = DIV_ROUND_UP(need, __PAGE_SIZE);
	__u8 *base = a->palloc(a, pages);
	__u8 *obj;

	if (!base)
		return NULL;
	obj = base + ALIGN_UP(sizeof(struct pages_hdr), align);
	pages_hdr(obj)->base = base;
	pages_hdr(obj)->num_pages = pages;
	return obj;
}

void *uk_malloc_ifpages(struct uk_alloc *a, __sz size)
{
	return pages_object(a, sizeof(long), size);
}

void uk_free_ifpages(struct uk_alloc *a, void *ptr)
{
	if (ptr)
		a->pfree(a, pages_hdr(ptr)->base, pages_hdr(ptr)->num_pages);
}

void *uk_realloc_ifpages(struct uk_alloc *a, void *ptr, __sz size)
{
	struct pages_hdr *h;
	__sz room;
	void *p;

	if (!ptr)
		return uk_malloc_ifpages(a, size);
	if (!size) {
		uk_free_ifpages(a, ptr);
		return NULL;
	}
	h = pages_hdr(ptr);
	room = h->num_pages * __PAGE_SIZE - ((__u8 *)ptr - (__u8 *)h->base);
	if (size <= room)
		return ptr;
	p = uk_malloc_ifpages(a, size);
	if (p) {
		memcpy(p, ptr, room);
		uk_free_ifpages(a, ptr);
	}
	return p;
}

int uk_posix_memalign_ifpages(struct uk_alloc *a, void **memptr, __sz align,
			      __sz size)
{
	void *p;

	if (!POWER_OF_2(align) || align < sizeof(void *))
		return EINVAL;
	p = pages_object(a, align, size);
	if (!p)
		return ENOMEM;
	*memptr = p;
	return 0;
}

__ssz uk_alloc_availmem_ifpages(struct uk_alloc *a)
{
	long pages = a->pavailmem(a);

	return pages < 0 ? pages : (__ssz)(pages * __PAGE_SIZE);
}

__ssz uk_alloc_maxalloc_ifpages(struct uk_alloc *a)
{
	long pages = a->pmaxalloc(a);

	return pages <= 0 ? pages :
	       (__ssz)(pages * __PAGE_SIZE - sizeof(struct pages_hdr));
}

/* ---------------------------------------------------------------- ifmalloc */

/* In front of an object from malloc_backend: where the block starts and
 * how many bytes the object may use. */
struct malloc_hdr {
	void *base;
	__sz size;
};

static struct malloc_hdr *malloc_hdr(void *ptr)
{
	return (struct malloc_hdr *)ptr - 1;
}

static void *malloc_object(struct uk_alloc *a, __sz align, __sz size)
{
	__sz front = ALIGN_UP(sizeof(struct malloc_hdr), align);
	__u8 *base = a->malloc_backend(a, front + size + align);
	__u8 *obj;

	if (!base)
		return NULL;
	obj = (__u8 *)ALIGN_UP((__uptr)base + sizeof(struct malloc_hdr), align);
	malloc_hdr(obj)->base = base;
	malloc_hdr(obj)->size = size;
	return obj;
}

void *uk_malloc_ifmalloc(struct uk_alloc *a, __sz size)
{
	return malloc_object(a, sizeof(long), size);
}

void uk_free_ifmalloc(struct uk_alloc *a, void *ptr)
{
	if (ptr)
		a->free_backend(a, malloc_hdr(ptr)->base);
}

void *uk_realloc_ifmalloc(struct uk_alloc *a, void *ptr, __sz size)
{
	void *p;

	if (!ptr)
		return uk_malloc_ifmalloc(a, size);
	if (!size) {
		uk_free_ifmalloc(a, ptr);
		return NULL;
	}
	if (size <= malloc_hdr(ptr)->size)
		return ptr;
	p = uk_malloc_ifmalloc(a, size);
	if (p) {
		memcpy(p, ptr, malloc_hdr(ptr)->size);
		uk_free_ifmalloc(a, ptr);
	}
	return p;
}

int uk_posix_memalign_ifmalloc(struct uk_alloc *a, void **memptr,
			       __sz align, __sz size)
{
	void *p;

	if (!POWER_OF_2(align) || align < sizeof(void *))
		return EINVAL;
	p = malloc_object(a, align, size);
	if (!p)
		return ENOMEM;
	*memptr = p;
	return 0;
}

/* ---------------------------------------------------------------- compat */

void *uk_calloc_compat(struct uk_alloc *a, __sz num, __sz len)
{
	__sz size;
	void *p;

	if (__builtin_mul_overflow(num, len, &size))
		return NULL;
	p = a->malloc(a, size);
	if (p)
		memset(p, 0, size);
	return p;
}

/* Without the old object's size this copies `size` bytes: only for
 * allocators whose objects are never shorter than asked (0.10 does the
 * same). Allocators here have their own realloc. */
void *uk_realloc_compat(struct uk_alloc *a, void *ptr, __sz size)
{
	void *p;

	if (!ptr)
		return a->malloc(a, size);
	if (!size) {
		a->free(a, ptr);
		return NULL;
	}
	p = a->malloc(a, size);
	if (p) {
		memcpy(p, ptr, size);
		a->free(a, ptr);
	}
	return p;
}

void *uk_memalign_compat(struct uk_alloc *a, __sz align, __sz len)
{
	void *p;

	return a->posix_memalign(a, &p, align, len) ? NULL : p;
}

void *uk_palloc_compat(struct uk_alloc *a, unsigned long num_pages)
{
	void *p;

	return a->posix_memalign(a, &p, __PAGE_SIZE,
				 num_pages * __PAGE_SIZE) ? NULL : p;
}

void uk_pfree_compat(struct uk_alloc *a, void *ptr,
		     unsigned long num_pages __unused)
{
	a->free(a, ptr);
}

long uk_alloc_pavailmem_compat(struct uk_alloc *a)
{
	__ssz n = a->availmem(a);

	return n < 0 ? (long)n : (long)(n / __PAGE_SIZE);
}

long uk_alloc_pmaxalloc_compat(struct uk_alloc *a)
{
	__ssz n = a->maxalloc(a);

	return n < 0 ? (long)n : (long)(n / __PAGE_SIZE);
}
