/* For allocator libraries: making an allocator known to the system. */
#ifndef __UK_ALLOC_IMPL_H__
#define __UK_ALLOC_IMPL_H__

#include <uk/alloc.h>

/* Appends `a` to the list; the first one registered becomes the default.
 * Returns 0. */
int uk_alloc_register(struct uk_alloc *a);

#endif /* __UK_ALLOC_IMPL_H__ */
