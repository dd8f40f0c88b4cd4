/* Clocks of the x86_64 platform: the PIT as the reference, the TSC as the
 * kernel's clock (not a public API; see <uk/plat/time.h> for that). */
#ifndef __X86_TIME_H__
#define __X86_TIME_H__

#include <uk/arch/types.h>
#include <uk/arch/time.h>

#define PIT_HZ			1193182	/* 14.31818 MHz / 12 */

/* ns * hz / 1e9 in 64-bit arithmetic: no overflow for any ns and any
 * hz below 2^34 (17 GHz) */
static inline __u64 ns_to_ticks(__nsec ns, __u64 hz)
{
	return ukarch_time_nsec_to_sec(ns) * hz +
	       ukarch_time_subsec(ns) * hz / UKARCH_NSEC_PER_SEC;
}

/* pit.c */
void pit_start(void);
__u16 pit_read(void);

/* tsc.c */
void tsc_init(void);
__u64 tsc_hz(void);
/* Busy-waits; works with interrupts disabled. */
void tsc_delay_ns(__nsec ns);

#define tsc_delay_us(us)	tsc_delay_ns(ukarch_time_usec_to_nsec(us))

#endif /* __X86_TIME_H__ */
