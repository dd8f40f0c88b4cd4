/* times() with Linux's meaning (the index's note: where Unikraft 0.10 and
 * Linux differ at the system-call level, musl and binaries expect Linux). */
#include <stddef.h>
#include <sys/times.h>
#include <uk/plat/time.h>

#define TICKS_PER_SEC	100	/* USER_HZ */

clock_t times(struct tms *buf)
{
	clock_t now = (clock_t)(ukplat_monotonic_clock() /
				(1000000000ULL / TICKS_PER_SEC));

	if (buf) {
		buf->tms_utime = now;
		buf->tms_stime = 0;
		buf->tms_cutime = 0;
		buf->tms_cstime = 0;
	}
	return now;
}
