/* A binary buddy page allocator with a size-class heap on top of it. */
#ifndef __UK_ALLOCBUDDY_H__
#define __UK_ALLOCBUDDY_H__

#include <uk/alloc.h>

/* Builds an allocator in [base, base + len) (its own state lives at the
 * start of that range), registers it and returns it; NULL if too small.
 * More ranges can be added with uk_alloc_addmem(). */
struct uk_alloc *uk_allocbuddy_init(void *base, __sz len);

#endif /* __UK_ALLOCBUDDY_H__ */
