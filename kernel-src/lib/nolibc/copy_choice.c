/* Which way memcpy and memset move bulk data on this machine (string.c):
 * both copy the same 8 KiB at boot, once the clock runs, turn about, and the
 * one with the faster best time is kept (a best time, since an interrupt or
 * the host's scheduler can stretch any single one). Until then, and on a tie,
 * the string instructions. */
#include <string.h>
#include <uk/essentials.h>
#include <uk/init.h>
#include <uk/plat/time.h>

extern int nolibc_copy_by_loop;

#define PROBE_SIZE	8192
#define PROBE_TRIES	5

static unsigned long probe_src[PROBE_SIZE / 8], probe_dst[PROBE_SIZE / 8];

static __nsec time_copy(int by_loop)
{
	__nsec start;

	nolibc_copy_by_loop = by_loop;
	start = ukplat_monotonic_clock();
	memcpy(probe_dst, probe_src, PROBE_SIZE);
	return ukplat_monotonic_clock() - start;
}

static int choose_copy(void)
{
	__nsec strings = ~0UL, loop = ~0UL;
	int i;

	for (i = 0; i < PROBE_TRIES; i++) {
		strings = MIN(strings, time_copy(0));
		loop = MIN(loop, time_copy(1));
	}
	nolibc_copy_by_loop = loop < strings;
	return 0;
}

uk_lib_initcall(choose_copy);
