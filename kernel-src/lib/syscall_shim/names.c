/* The Linux name of each number of the architecture built for
 * (bits/syscall_nrs_<arch>.h; Makefile.uk picks its list), then the
 * numbers every architecture shares. */
#include <uk/syscall.h>

#define UK_SYSCALL_NAME(name) [__NR_##name] = #name,
const char *const uk_syscall_names[UK_SYSCALL_COUNT] = {
#include UK_SYSCALL_NAMES_INC
#include "syscall_names_common.inc"
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
