/* The platform clock (Unikraft API uk/plat/time.h). */
#ifndef __UK_PLAT_TIME_H__
#define __UK_PLAT_TIME_H__

#include <uk/arch/time.h>

/* Nanoseconds since the clock was calibrated at boot; never goes back, and
 * reads the same on every CPU. 0 before calibration. */
__nsec ukplat_monotonic_clock(void);

#endif /* __UK_PLAT_TIME_H__ */
