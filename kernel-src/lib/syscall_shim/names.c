/* The Linux name of each number of the architecture built for (the list
 * scripts/syscall_nrs.py makes from numbers/<arch>.tbl). */
#include <uk/syscall.h>

#define UK_SYSCALL_NAME(name) [__NR_##name] = #name,
const char *const uk_syscall_names[UK_SYSCALL_COUNT] = {
#include <uk/bits/syscall_names.inc>
};

const char *uk_syscall_name(long nr)
{
	return nr >= 0 && nr < UK_SYSCALL_COUNT ? uk_syscall_names[nr] : NULL;
}

const char *uk_syscall_name_p(long nr)
{
	const char *name = uk_syscall_name(nr);

	return name ? name : "<unknown>";
}
