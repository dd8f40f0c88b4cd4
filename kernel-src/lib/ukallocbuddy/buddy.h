/* State shared by the page allocator (buddy.c) and the heap (heap.c). */
#ifndef __UKALLOCBUDDY_BUDDY_H__
#define __UKALLOCBUDDY_BUDDY_H__

#include <uk/alloc.h>
#include <uk/essentials.h>

#define BUDDY_MAX_ORDER		CONFIG_LIBUKALLOCBUDDY_MAX_ORDER

/* Heap size classes: powers of two from 32 bytes to 2 KiB. */
#define HEAP_CLASS_MIN_SHIFT	5
#define HEAP_CLASS_MAX_SHIFT	11
#define HEAP_NUM_CLASSES	\
	(HEAP_CLASS_MAX_SHIFT - HEAP_CLASS_MIN_SHIFT + 1)
#define HEAP_CLASS_MAX		(1UL << HEAP_CLASS_MAX_SHIFT)

/* Link of a free block, kept in the block's first bytes; circular list. */
struct buddy_link {
	struct buddy_link *next;
	struct buddy_link *prev;
};

/* One contiguous range of pages; its header and order map sit in front. */
struct buddy_zone {
	__uptr base;		/* first page handed out */
	__uptr end;
	__u8 *order_map;	/* per page: 1 + order of a free block here */
	struct buddy_zone *next;
};

struct heap_obj {
	struct heap_obj *next;
};

struct buddy {
	struct buddy_link free[BUDDY_MAX_ORDER + 1];	/* lists, by order */
	struct buddy_zone *zones;
	unsigned long free_pages;
	unsigned long total_pages;
	struct heap_obj *classes[HEAP_NUM_CLASSES];	/* free heap objects */
};

static inline struct buddy *buddy_of(struct uk_alloc *a)
{
	return (struct buddy *)a->priv;
}

/* buddy.c: exactly npages pages (the rest of the power-of-two block is
 * returned at once); freeing needs the same count. */
void *buddy_alloc_pages(struct buddy *b, unsigned long npages);
void buddy_free_pages(struct buddy *b, void *ptr, unsigned long npages);

/* heap.c: fills in the malloc family of `a`. */
void heap_ops_init(struct uk_alloc *a);

#endif /* __UKALLOCBUDDY_BUDDY_H__ */
