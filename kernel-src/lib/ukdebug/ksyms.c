/* Address-to-name lookup in the embedded symbol table (binary search). */
#include <uk/ksyms.h>

extern const char _text[], _etext[];	/* the code, from the linker script */

const char *uk_ksym_lookup(__uptr addr, __uptr *offset)
{
	__u64 lo = 0, hi = uk_ksymtab_count;
	const struct uk_ksym *s;

	if (addr < (__uptr)_text || addr >= (__uptr)_etext)
		return NULL;

	/* find the last symbol that starts at or below addr */
	while (lo < hi) {
		__u64 mid = lo + (hi - lo) / 2;

		if (uk_ksymtab[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	s = &uk_ksymtab[lo - 1];
	if (s->size && addr >= s->addr + s->size)
		return NULL;	/* in padding between functions */
	if (offset)
		*offset = addr - s->addr;
	return s->name;
}
