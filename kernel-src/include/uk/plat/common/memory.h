/* The platform's table of memory regions (plat/common/memregion.c), as the
 * architecture's boot code fills it. */
#ifndef __UK_PLAT_COMMON_MEMORY_H__
#define __UK_PLAT_COMMON_MEMORY_H__

#include <uk/essentials.h>

/* Adds [base, end) with UKPLAT_MEMRF_* flags; an empty range is ignored,
 * one more than the table holds is lost with a warning. */
void memregion_add(__uptr base, __uptr end, int flags, const char *name);

#endif /* __UK_PLAT_COMMON_MEMORY_H__ */
