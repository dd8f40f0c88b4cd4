/* The kernel's own table of function symbols, embedded by the second link
 * pass (scripts/ksyms.py), so crash reports can name code addresses; and the
 * tables of code loaded at run time (notebook cells). */
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

/*
 * Symbols of code loaded at run time: the ukrepl host writes one table per
 * notebook cell, next to the cell's code, and pushes it onto this list (see
 * include/ukrepl/host.h). Each covers [start, end); syms is sorted by address.
 */
struct uk_ksym_table {
	const struct uk_ksym_table *next;
	__uptr start;
	__uptr end;
	__u64 count;
	struct uk_ksym syms[];
};

extern const struct uk_ksym_table *uk_ksym_loaded;

/* Name of the function containing `addr` and the offset into it, or NULL. */
const char *uk_ksym_lookup(__uptr addr, __uptr *offset);

#endif /* __UK_KSYMS_H__ */
