/* The kernel's own table of function symbols, embedded by the second link
 * pass (scripts/ksyms.py), so crash reports can name code addresses. */
#ifndef __UK_KSYMS_H__
#define __UK_KSYMS_H__

#include <uk/essentials.h>

struct uk_ksym {
	__uptr addr;
	__uptr size;		/* 0 if the symbol has no size (assembly) */
	const char *name;
};

/* Sorted by address. */
extern const __u64 uk_ksymtab_count;
extern const struct uk_ksym uk_ksymtab[];

/* Name of the function containing `addr` and the offset into it, or NULL. */
const char *uk_ksym_lookup(__uptr addr, __uptr *offset);

#endif /* __UK_KSYMS_H__ */
