/* Allocating rings (<uk/ring.h>); the operations are inline there. */
#include <string.h>
#include <uk/alloc.h>
#include <uk/ring.h>

struct uk_ring *uk_ring_alloc(int count, struct uk_alloc *a,
			      struct uk_mutex *lock)
{
	struct uk_ring *br;
	__sz size;

	if (count < 2 || !POWER_OF_2(count)) {
		errno = EINVAL;
		return NULL;
	}
	size = sizeof(*br) + (__sz)count * sizeof(void *);
	br = uk_memalign(a, CACHE_LINE_SIZE, size);
	if (!br)
		return NULL;
	memset(br, 0, size);
	br->br_prod_size = br->br_cons_size = count;
	br->br_prod_mask = br->br_cons_mask = count - 1;
	br->br_lock = lock;
	return br;
}

void uk_ring_free(struct uk_ring *br, struct uk_alloc *a)
{
	uk_free(a, br);
}
