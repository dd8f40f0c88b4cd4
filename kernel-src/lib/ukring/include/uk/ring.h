/* A bounded ring of pointers (Unikraft API uk/ring.h). Producers reserve a
 * slot by moving br_prod_head forward (compare-and-swap), fill it, and
 * publish it by moving br_prod_tail once the producers before them did;
 * consumers do the same with br_cons_head and br_cons_tail. One slot stays
 * empty so that full and empty differ. Sizes are powers of two.
 * The _sc functions are for a single consumer (or consumers serialised by
 * br_lock); _mc ones for several. */
#ifndef __UK_RING_H__
#define __UK_RING_H__

#include <errno.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/lcpu.h>

struct uk_alloc;
struct uk_mutex;

struct uk_ring {
	volatile uint32_t br_prod_head;
	volatile uint32_t br_prod_tail;
	int br_prod_size;
	int br_prod_mask;
	uint64_t br_drops;		/* enqueues refused: full */
	volatile uint32_t br_cons_head __align(CACHE_LINE_SIZE);
	volatile uint32_t br_cons_tail;
	int br_cons_size;
	int br_cons_mask;
	struct uk_mutex *br_lock;	/* the caller's, for _sc users */
	void *br_ring[0] __align(CACHE_LINE_SIZE);
};

/* Producers and consumers spin on each other only for a few instructions;
 * a cooperative scheduler never preempts them there, so nothing to do. */
#define critical_enter()	barrier()
#define critical_exit()		barrier()

/* 0, or -ENOBUFS when full (counted in br_drops). */
static inline int uk_ring_enqueue(struct uk_ring *br, void *buf)
{
	uint32_t head, next;

	critical_enter();
	do {
		head = br->br_prod_head;
		next = (head + 1) & br->br_prod_mask;
		if (next == br->br_cons_tail) {
			br->br_drops++;
			critical_exit();
			return -ENOBUFS;
		}
	} while (!__atomic_compare_exchange_n(&br->br_prod_head, &head, next,
					      0, __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
	br->br_ring[head] = buf;
	/* the producers before us publish first */
	while (br->br_prod_tail != head)
		ukarch_spinwait();
	__atomic_store_n(&br->br_prod_tail, next, __ATOMIC_RELEASE);
	critical_exit();
	return 0;
}

/* The oldest entry, or NULL when empty; any number of consumers. */
static inline void *uk_ring_dequeue_mc(struct uk_ring *br)
{
	uint32_t head, next;
	void *buf;

	critical_enter();
	do {
		head = br->br_cons_head;
		if (head == __atomic_load_n(&br->br_prod_tail,
					    __ATOMIC_ACQUIRE)) {
			critical_exit();
			return NULL;
		}
		next = (head + 1) & br->br_cons_mask;
	} while (!__atomic_compare_exchange_n(&br->br_cons_head, &head, next,
					      0, __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
	buf = br->br_ring[head];
	while (br->br_cons_tail != head)
		ukarch_spinwait();
	__atomic_store_n(&br->br_cons_tail, next, __ATOMIC_RELEASE);
	critical_exit();
	return buf;
}

/* The same for a single consumer: no compare-and-swap. */
static inline void *uk_ring_dequeue_sc(struct uk_ring *br)
{
	uint32_t head = br->br_cons_head, next;
	void *buf;

	if (head == __atomic_load_n(&br->br_prod_tail, __ATOMIC_ACQUIRE))
		return NULL;
	next = (head + 1) & br->br_cons_mask;
	br->br_cons_head = next;
	buf = br->br_ring[head];
	__atomic_store_n(&br->br_cons_tail, next, __ATOMIC_RELEASE);
	return buf;
}

/* The oldest entry without taking it (single consumer), or NULL. */
static inline void *uk_ring_peek(struct uk_ring *br)
{
	uint32_t head = br->br_cons_head;

	if (head == __atomic_load_n(&br->br_prod_tail, __ATOMIC_ACQUIRE))
		return NULL;
	return br->br_ring[head];
}

/* The same, clearing the slot (the consumer owns it until advance). */
static inline void *uk_ring_peek_clear_sc(struct uk_ring *br)
{
	void *buf = uk_ring_peek(br);

	if (buf)
		br->br_ring[br->br_cons_head] = NULL;
	return buf;
}

/* Takes the entry uk_ring_peek() showed. */
static inline void uk_ring_advance_sc(struct uk_ring *br)
{
	uint32_t next = (br->br_cons_head + 1) & br->br_cons_mask;

	br->br_cons_head = next;
	__atomic_store_n(&br->br_cons_tail, next, __ATOMIC_RELEASE);
}

/* Puts back (in place of the peeked entry) what the consumer could not
 * use yet. */
static inline void uk_ring_putback_sc(struct uk_ring *br, void *new)
{
	br->br_ring[br->br_cons_head] = new;
}

static inline int uk_ring_full(struct uk_ring *br)
{
	return ((br->br_prod_head + 1) & br->br_prod_mask) ==
	       br->br_cons_tail;
}

static inline int uk_ring_empty(struct uk_ring *br)
{
	return br->br_cons_head == br->br_prod_tail;
}

static inline int uk_ring_count(struct uk_ring *br)
{
	return (br->br_prod_size + br->br_prod_tail - br->br_cons_tail) &
	       br->br_prod_mask;
}

/* A ring of `count` slots (a power of two; count - 1 usable): NULL on
 * failure. lock may be NULL. */
struct uk_ring *uk_ring_alloc(int count, struct uk_alloc *a,
			      struct uk_mutex *lock);
void uk_ring_free(struct uk_ring *br, struct uk_alloc *a);

#endif /* __UK_RING_H__ */
