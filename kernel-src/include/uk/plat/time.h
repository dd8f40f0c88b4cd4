/* The platform clocks (Unikraft API uk/plat/time.h). */
#ifndef __UK_PLAT_TIME_H__
#define __UK_PLAT_TIME_H__

#include <stdint.h>
#include <uk/arch/time.h>

/* The timer's period: it only ends halts here (no periodic tick), so one
 * "tick" is one nanosecond of the monotonic clock. */
#define UKPLAT_TIME_TICK_NSEC	1ULL
#define UKPLAT_TIME_TICK_MSEC	(UKPLAT_TIME_TICK_NSEC * 1000000ULL)

/* Nanoseconds since the clock was calibrated at boot; never goes back, and
 * reads the same on every CPU. 0 before calibration. */
__nsec ukplat_monotonic_clock(void);
/* The step of the monotonic clock: nanoseconds between two readings of
 * its counter that differ, rounded up (at least 1). */
__nsec ukplat_monotonic_resolution(void);
/* Nanoseconds since 1970-01-01 UTC: the real-time clock (x86_64: CMOS;
 * arm64: PL031) read when first asked, plus the
 * monotonic clock since. */
__nsec ukplat_wall_clock(void);
/* The monotonic clock in ticks (= ns). */
__nsec ukplat_time_get_ticks(void);
/* The clocks start at boot: nothing to do. */
void ukplat_time_init(void);
void ukplat_time_fini(void);
/* The irq of the platform timer (the local APIC timer). */
uint32_t ukplat_time_get_irq(void);

#endif /* __UK_PLAT_TIME_H__ */
