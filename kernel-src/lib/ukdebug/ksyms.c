/* Address-to-name lookup in the embedded symbol table and in the tables of
 * code loaded at run time (binary search in each). */
#include <uk/ksyms.h>

extern const char _text[], _etext[];	/* the code, from the linker script */

/* Written by the host only, while every CPU is stopped. */
const struct uk_ksym_table *uk_ksym_loaded;

/* The symbol containing addr in syms[0 .. count-1], or NULL. */
static const struct uk_ksym *search(const struct uk_ksym *syms, __u64 count,
				    __uptr addr)
{
	__u64 lo = 0, hi = count;
	const struct uk_ksym *s;

	/* find the last symbol that starts at or below addr */
	while (lo < hi) {
		__u64 mid = lo + (hi - lo) / 2;

		if (syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	s = &syms[lo - 1];
	if (s->size && addr >= s->addr + s->size)
		return NULL;	/* in padding between functions */
	return s;
}

/* The table of loaded code covering addr, or NULL. */
static const struct uk_ksym_table *loaded_table(__uptr addr)
{
	const struct uk_ksym_table *t;

	for (t = uk_ksym_loaded; t; t = t->next)
		if (addr >= t->start && addr < t->end)
			return t;
	return NULL;
}

const char *uk_ksym_lookup(__uptr addr, __uptr *offset)
{
	const struct uk_ksym_table *t;
	const struct uk_ksym *s = NULL;

	if (addr >= (__uptr)_text && addr < (__uptr)_etext) {
		s = search(uk_ksymtab, uk_ksymtab_count, addr);
	} else {
		t = loaded_table(addr);
		if (t)
			s = search(t->syms, t->count, addr);
	}
	if (!s)
		return NULL;
	if (offset)
		*offset = addr - s->addr;
	return s->name;
}
