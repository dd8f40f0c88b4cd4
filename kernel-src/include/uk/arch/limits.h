/* Page and stack sizes of x86_64 with 4 KiB base pages.
 * Governing document: Intel SDM Vol. 3A §4.5 (4-level paging). */
#ifndef __UK_ARCH_LIMITS_H__
#define __UK_ARCH_LIMITS_H__

#include <uk/config.h>

#define __PAGE_SHIFT		12
#ifdef __ASSEMBLY__
/* gas has no integer suffixes, and its arithmetic is 64-bit anyway */
#define __PAGE_SIZE		(1 << __PAGE_SHIFT)
#else
#define __PAGE_SIZE		(1ULL << __PAGE_SHIFT)
#endif
#define __PAGE_MASK		(~(__PAGE_SIZE - 1))

#define __STACK_SIZE_PAGE_ORDER	CONFIG_STACK_SIZE_PAGE_ORDER
#define __STACK_SIZE		(__PAGE_SIZE << __STACK_SIZE_PAGE_ORDER)

/* Masks a stack address down to its stack's base (stacks are aligned). */
#define STACK_MASK_TOP		(~(__STACK_SIZE - 1))
#define __WORDSIZE		64

#endif /* __UK_ARCH_LIMITS_H__ */
