/* malloc() and friends on top of the buddy pages (uk_alloc operations;
 * C11 §7.22.3 for their semantics). */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <uk/assert.h>
#include "buddy.h"

/*
 * Requests up to 2 KiB (header included) come from power-of-two size
 * classes, refilled a page at a time; larger ones take whole pages. A 16-byte
 * header in front of every object tells free() and realloc() where its block
 * starts and how big it is, so no lookup structure is needed. Class pages are
 * never given back to the page allocator: that would need a use count per
 * page, and a REPL's heap traffic is small.
 */
#define HEAP_MAGIC_USED		0xa110c8edU
#define HEAP_MAGIC_FREE		0xf4eeb10cU
#define HEAP_POISON_NEW		0xa5
#define HEAP_POISON_FREED	0x5a

struct heap_hdr {
	__u32 magic;
	__u32 offset;		/* from the block start to the object */
	__u64 block_size;	/* a class size, or whole pages */
};

#define HDR_SIZE	sizeof(struct heap_hdr)
UK_CTASSERT(sizeof(struct heap_hdr) == 16);

/* Largest request we accept; keeps the size arithmetic from wrapping. */
#define HEAP_MAX_REQUEST	((__sz)1 << 40)

static struct heap_hdr *hdr_of(void *ptr)
{
	return (struct heap_hdr *)((__u8 *)ptr - HDR_SIZE);
}

static unsigned int class_index(__sz need)
{
	unsigned int c = 0;

	while ((1UL << (c + HEAP_CLASS_MIN_SHIFT)) < need)
		c++;
	return c;
}

/* Cuts a fresh page into objects of class c. */
static int class_refill(struct buddy *b, unsigned int c)
{
	__sz size = 1UL << (c + HEAP_CLASS_MIN_SHIFT);
	__u8 *page = buddy_alloc_pages(b, 1);
	__sz off;

	if (!page)
		return -ENOMEM;
	for (off = 0; off + size <= __PAGE_SIZE; off += size) {
		struct heap_obj *o = (struct heap_obj *)(page + off + HDR_SIZE);

		o->next = b->classes[c];
		b->classes[c] = o;
	}
	return 0;
}

/* A block of at least `need` bytes; its real size goes to *block_size. */
static __u8 *block_alloc(struct buddy *b, __sz need, __sz *block_size)
{
	struct heap_obj *o;
	unsigned long pages;
	unsigned int c;

	if (need > HEAP_CLASS_MAX) {
		pages = DIV_ROUND_UP(need, __PAGE_SIZE);
		*block_size = pages * __PAGE_SIZE;
		return buddy_alloc_pages(b, pages);
	}
	c = class_index(need);
	if (!b->classes[c] && class_refill(b, c) < 0)
		return NULL;
	o = b->classes[c];
	b->classes[c] = o->next;
	*block_size = 1UL << (c + HEAP_CLASS_MIN_SHIFT);
	return (__u8 *)o - HDR_SIZE;	/* the link is past the header */
}

static void block_free(struct buddy *b, __u8 *block, __sz block_size)
{
	struct heap_obj *o;
	unsigned int c;

	if (block_size > HEAP_CLASS_MAX) {
		buddy_free_pages(b, block, block_size / __PAGE_SIZE);
		return;
	}
	c = class_index(block_size);
	o = (struct heap_obj *)(block + HDR_SIZE);
	o->next = b->classes[c];
	b->classes[c] = o;
}

/* Places an object at ptr inside block, with its header just before it. */
static void *object_at(__u8 *block, __sz block_size, __u8 *ptr, __sz size)
{
	struct heap_hdr *h = hdr_of(ptr);

	h->magic = HEAP_MAGIC_USED;
	h->offset = ptr - block;
	h->block_size = block_size;
#ifdef CONFIG_LIBUKALLOCBUDDY_POISON
	memset(ptr, HEAP_POISON_NEW, size);
#else
	(void)size;
#endif
	return ptr;
}

static void *heap_memalign(struct uk_alloc *a, __sz align, __sz size)
{
	__sz block_size, need;
	__u8 *block, *ptr;

	if (!POWER_OF_2(align)) {
		errno = EINVAL;
		return NULL;
	}
	if (align < HDR_SIZE)
		align = HDR_SIZE;
	need = size + HDR_SIZE + (align - HDR_SIZE);
	block = size <= HEAP_MAX_REQUEST && align <= HEAP_MAX_REQUEST
		? block_alloc(buddy_of(a), need, &block_size) : NULL;
	if (!block) {
		errno = ENOMEM;
		return NULL;
	}
	ptr = (__u8 *)ALIGN_UP((__uptr)block + HDR_SIZE, align);
	return object_at(block, block_size, ptr, size);
}

static void *heap_malloc(struct uk_alloc *a, __sz size)
{
	return heap_memalign(a, HDR_SIZE, size);
}

static void heap_free(struct uk_alloc *a, void *ptr)
{
	struct heap_hdr *h;

	if (!ptr)
		return;
	h = hdr_of(ptr);
	if (h->magic == HEAP_MAGIC_FREE)
		UK_CRASH("free(%p): double free", ptr);
	if (h->magic != HEAP_MAGIC_USED)
		UK_CRASH("free(%p): not an object from this heap", ptr);
	h->magic = HEAP_MAGIC_FREE;
#ifdef CONFIG_LIBUKALLOCBUDDY_POISON
	memset(ptr, HEAP_POISON_FREED, h->block_size - h->offset);
#endif
	block_free(buddy_of(a), (__u8 *)ptr - h->offset, h->block_size);
}

static void *heap_calloc(struct uk_alloc *a, __sz nmemb, __sz size)
{
	void *p;

	if (size && nmemb > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	p = heap_malloc(a, nmemb * size);
	if (p)
		memset(p, 0, nmemb * size);
	return p;
}

static void *heap_realloc(struct uk_alloc *a, void *ptr, __sz size)
{
	struct heap_hdr *h;
	__sz usable;
	void *p;

	if (!ptr)
		return heap_malloc(a, size);
	if (!size) {
		heap_free(a, ptr);
		return NULL;
	}
	h = hdr_of(ptr);
	if (h->magic != HEAP_MAGIC_USED)
		UK_CRASH("realloc(%p): not a live object from this heap", ptr);
	usable = h->block_size - h->offset;
	if (size <= usable)
		return ptr;
	p = heap_malloc(a, size);
	if (p) {
		memcpy(p, ptr, usable);
		heap_free(a, ptr);
	}
	return p;
}

static int heap_posix_memalign(struct uk_alloc *a, void **memptr, __sz align,
			       __sz size)
{
	void *p;

	if (!POWER_OF_2(align) || align % sizeof(void *))
		return EINVAL;
	p = heap_memalign(a, align, size);
	if (!p)
		return ENOMEM;
	*memptr = p;
	return 0;
}

void heap_ops_init(struct uk_alloc *a)
{
	a->malloc = heap_malloc;
	a->calloc = heap_calloc;
	a->realloc = heap_realloc;
	a->posix_memalign = heap_posix_memalign;
	a->memalign = heap_memalign;
	a->free = heap_free;
}
