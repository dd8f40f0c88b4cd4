/* Counting allocations into struct uk_alloc_stats (stats.c). */
#ifndef __UKALLOC_STATS_H__
#define __UKALLOC_STATS_H__

#include <uk/alloc.h>

/* An allocation of `size` bytes by a that returned p (NULL: it failed). */
void alloc_stats_count(struct uk_alloc *a, void *p, __sz size);
/* A free of `size` bytes (0: unknown). */
void alloc_stats_count_free(struct uk_alloc *a, __sz size);

#endif /* __UKALLOC_STATS_H__ */
