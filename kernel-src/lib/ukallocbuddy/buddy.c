/* Page allocator: a binary buddy system.
 * Knuth, TAOCP Vol. 1 §2.5 ("Dynamic Storage Allocation"). */
#include <errno.h>
#include <string.h>
#include <uk/alloc_impl.h>
#include <uk/allocbuddy.h>
#include <uk/assert.h>
#include "buddy.h"

/*
 * Buddies rather than a bitmap: the heap and callers ask for runs of pages
 * and give them back, and buddies allocate and coalesce in O(log n) without
 * scanning, with one byte of metadata per page. Blocks are aligned to their
 * size in physical addresses, so a block's buddy differs in a single bit.
 * Not SMP-safe by itself: lib/ukalloc's entry points hold a lock around it.
 */
#define BLOCK_SIZE(order)	(__PAGE_SIZE << (order))

static void list_init(struct buddy_link *head)
{
	head->next = head;
	head->prev = head;
}

static void list_add(struct buddy_link *head, struct buddy_link *l)
{
	l->next = head->next;
	l->prev = head;
	head->next->prev = l;
	head->next = l;
}

static void list_del(struct buddy_link *l)
{
	l->prev->next = l->next;
	l->next->prev = l->prev;
}

static struct buddy_zone *zone_of(struct buddy *b, __uptr addr)
{
	struct buddy_zone *z;

	for (z = b->zones; z; z = z->next)
		if (addr >= z->base && addr < z->end)
			return z;
	return NULL;
}

static __u8 *order_slot(struct buddy_zone *z, __uptr addr)
{
	return &z->order_map[(addr - z->base) / __PAGE_SIZE];
}

/* Frees one aligned block, merging it with its buddy as long as possible. */
static void free_block(struct buddy *b, struct buddy_zone *z, __uptr addr,
		       unsigned int order)
{
	__uptr buddy;

	b->free_pages += 1UL << order;
	for (; order < BUDDY_MAX_ORDER; order++) {
		buddy = addr ^ BLOCK_SIZE(order);
		if (buddy < z->base || buddy + BLOCK_SIZE(order) > z->end ||
		    *order_slot(z, buddy) != order + 1)
			break;
		list_del((struct buddy_link *)buddy);
		*order_slot(z, buddy) = 0;
		addr = MIN(addr, buddy);
	}
	list_add(&b->free[order], (struct buddy_link *)addr);
	*order_slot(z, addr) = order + 1;
}

/* Frees [addr, addr + npages pages) as the largest aligned blocks it holds. */
static void free_range(struct buddy *b, struct buddy_zone *z, __uptr addr,
		       unsigned long npages)
{
	unsigned int order;

	while (npages) {
		order = 0;
		while (order < BUDDY_MAX_ORDER &&
		       IS_ALIGNED(addr, BLOCK_SIZE(order + 1)) &&
		       (2UL << order) <= npages)
			order++;
		free_block(b, z, addr, order);
		addr += BLOCK_SIZE(order);
		npages -= 1UL << order;
	}
}

static __uptr alloc_block(struct buddy *b, unsigned int order)
{
	struct buddy_link *l;
	struct buddy_zone *z;
	unsigned int k = order;
	__uptr addr, half;

	while (k <= BUDDY_MAX_ORDER && b->free[k].next == &b->free[k])
		k++;
	if (k > BUDDY_MAX_ORDER)
		return 0;
	l = b->free[k].next;
	list_del(l);
	addr = (__uptr)l;
	z = zone_of(b, addr);
	*order_slot(z, addr) = 0;
	while (k > order) {	/* split, keeping the lower half */
		k--;
		half = addr + BLOCK_SIZE(k);
		list_add(&b->free[k], (struct buddy_link *)half);
		*order_slot(z, half) = k + 1;
	}
	b->free_pages -= 1UL << order;
	return addr;
}

static unsigned int order_for(unsigned long npages)
{
	unsigned int order = 0;

	while ((1UL << order) < npages)
		order++;
	return order;
}

void *buddy_alloc_pages(struct buddy *b, unsigned long npages)
{
	unsigned int order;
	__uptr addr;

	if (npages == 0 || npages > (1UL << BUDDY_MAX_ORDER))
		return NULL;
	order = order_for(npages);
	addr = alloc_block(b, order);
	if (!addr)
		return NULL;
	if (npages < (1UL << order))
		free_range(b, zone_of(b, addr), addr + npages * __PAGE_SIZE,
			   (1UL << order) - npages);
	return (void *)addr;
}

void buddy_free_pages(struct buddy *b, void *ptr, unsigned long npages)
{
	__uptr addr = (__uptr)ptr;
	struct buddy_zone *z = zone_of(b, addr);

	if (!ptr || !npages)
		return;
	if (!z || !IS_ALIGNED(addr, __PAGE_SIZE) ||
	    addr + npages * __PAGE_SIZE > z->end)
		UK_CRASH("pfree(%p, %lu): not pages of this allocator",
			 ptr, npages);
	if (*order_slot(z, addr))
		UK_CRASH("pfree(%p, %lu): already free", ptr, npages);
	free_range(b, z, addr, npages);
}

static void *buddy_palloc(struct uk_alloc *a, unsigned long npages)
{
	return buddy_alloc_pages(buddy_of(a), npages);
}

static void buddy_pfree(struct uk_alloc *a, void *ptr, unsigned long npages)
{
	buddy_free_pages(buddy_of(a), ptr, npages);
}

static long buddy_pmaxalloc(struct uk_alloc *a)
{
	struct buddy *b = buddy_of(a);
	int k;

	for (k = BUDDY_MAX_ORDER; k >= 0; k--)
		if (b->free[k].next != &b->free[k])
			return 1L << k;
	return 0;
}

static __ssz buddy_maxalloc(struct uk_alloc *a)
{
	return buddy_pmaxalloc(a) * __PAGE_SIZE;
}

static long buddy_pavailmem(struct uk_alloc *a)
{
	return buddy_of(a)->free_pages;
}

static __ssz buddy_availmem(struct uk_alloc *a)
{
	return buddy_pavailmem(a) * __PAGE_SIZE;
}

/* A new zone: its header and order map take the first pages of the range. */
static int buddy_addmem(struct uk_alloc *a, void *base, __sz len)
{
	struct buddy *b = buddy_of(a);
	__uptr start = ALIGN_UP((__uptr)base, __PAGE_SIZE);
	__uptr end = ALIGN_DOWN((__uptr)base + len, __PAGE_SIZE);
	unsigned long npages;
	struct buddy_zone *z;
	__uptr first;

	if (end <= start)
		return -EINVAL;
	npages = (end - start) / __PAGE_SIZE;
	first = ALIGN_UP(start + sizeof(*z) + npages, __PAGE_SIZE);
	if (first >= end)
		return -EINVAL;

	z = (struct buddy_zone *)start;
	z->order_map = (__u8 *)(z + 1);
	memset(z->order_map, 0, npages);
	z->base = first;
	z->end = end;
	z->next = b->zones;
	b->zones = z;
	b->total_pages += (end - first) / __PAGE_SIZE;
	free_range(b, z, first, (end - first) / __PAGE_SIZE);
	return 0;
}

struct uk_alloc *uk_allocbuddy_init(void *base, __sz len)
{
	__uptr start = ALIGN_UP((__uptr)base, __PAGE_SIZE);
	__uptr end = (__uptr)base + len;
	__sz meta = sizeof(struct uk_alloc) + sizeof(struct buddy);
	__uptr rest = ALIGN_UP(start + meta, __PAGE_SIZE);
	struct uk_alloc *a = (struct uk_alloc *)start;
	struct buddy *b;
	int k;

	if (rest >= end)
		return NULL;
	memset(a, 0, meta);
	b = buddy_of(a);
	for (k = 0; k <= BUDDY_MAX_ORDER; k++)
		list_init(&b->free[k]);

	a->palloc = buddy_palloc;
	a->pfree = buddy_pfree;
	a->maxalloc = buddy_maxalloc;
	a->availmem = buddy_availmem;
	a->pmaxalloc = buddy_pmaxalloc;
	a->pavailmem = buddy_pavailmem;
	a->addmem = buddy_addmem;
	heap_ops_init(a);

	if (buddy_addmem(a, (void *)rest, end - rest) < 0)
		return NULL;
	uk_alloc_register(a);
	return a;
}
