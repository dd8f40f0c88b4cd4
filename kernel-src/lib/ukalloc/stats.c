/* Allocation statistics: per allocator (a->_stats) and of all allocators
 * together. Counted under a lock of their own: allocations on several CPUs
 * update the same counters. */
#include <string.h>
#include <uk/alloc_impl.h>
#include <uk/spinlock.h>
#include "stats.h"

struct uk_alloc_stats _uk_alloc_stats_global;
static __spinlock stats_lock = UK_SPINLOCK_INITIALIZER();

/* min_alloc_size starts at 0 ("none yet"); the first allocation sets it. */
void _uk_alloc_stats_refresh_minmax(struct uk_alloc_stats *stats)
{
	if (stats->cur_nb_allocs > stats->max_nb_allocs)
		stats->max_nb_allocs = stats->cur_nb_allocs;
	if (stats->cur_mem_use > stats->max_mem_use)
		stats->max_mem_use = stats->cur_mem_use;
}

void _uk_alloc_stats_count_alloc(struct uk_alloc_stats *stats, void *ptr,
				 __sz size)
{
	if (!ptr) {
		stats->nb_enomem++;
		return;
	}
	stats->last_alloc_size = size;
	if (size > stats->max_alloc_size)
		stats->max_alloc_size = size;
	if (!stats->min_alloc_size || size < stats->min_alloc_size)
		stats->min_alloc_size = size;
	stats->tot_nb_allocs++;
	stats->cur_nb_allocs++;
	stats->cur_mem_use += size;
	_uk_alloc_stats_refresh_minmax(stats);
}

void _uk_alloc_stats_count_free(struct uk_alloc_stats *stats, void *ptr,
				__sz size)
{
	if (!ptr)
		return;
	stats->tot_nb_frees++;
	stats->cur_nb_allocs--;
	stats->cur_mem_use -= size;
}

void alloc_stats_count(struct uk_alloc *a, void *p, __sz size)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&stats_lock, irqf);
	_uk_alloc_stats_count_alloc(&a->_stats, p, size);
	_uk_alloc_stats_count_alloc(&_uk_alloc_stats_global, p, size);
	uk_spin_unlock_irqrestore(&stats_lock, irqf);
}

void alloc_stats_count_free(struct uk_alloc *a, __sz size)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&stats_lock, irqf);
	_uk_alloc_stats_count_free(&a->_stats, a, size);
	_uk_alloc_stats_count_free(&_uk_alloc_stats_global, a, size);
	uk_spin_unlock_irqrestore(&stats_lock, irqf);
}

void uk_alloc_stats_get(struct uk_alloc *a, struct uk_alloc_stats *dst)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&stats_lock, irqf);
	memcpy(dst, &a->_stats, sizeof(*dst));
	uk_spin_unlock_irqrestore(&stats_lock, irqf);
}

void uk_alloc_stats_get_global(struct uk_alloc_stats *dst)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&stats_lock, irqf);
	memcpy(dst, &_uk_alloc_stats_global, sizeof(*dst));
	uk_spin_unlock_irqrestore(&stats_lock, irqf);
}
