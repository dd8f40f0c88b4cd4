/* Nanosecond time arithmetic (Unikraft API uk/arch/time.h). No clock yet:
 * the types let APIs take timeouts. */
#ifndef __UK_ARCH_TIME_H__
#define __UK_ARCH_TIME_H__

#include <uk/arch/types.h>

#define UKARCH_NSEC_PER_SEC		1000000000ULL
#define __NSEC_MAX			(~(__nsec)0)

#define ukarch_time_nsec_to_sec(ns)	((ns) / UKARCH_NSEC_PER_SEC)
#define ukarch_time_nsec_to_msec(ns)	((ns) / 1000000ULL)
#define ukarch_time_nsec_to_usec(ns)	((ns) / 1000ULL)
#define ukarch_time_subsec(ns)		((ns) % UKARCH_NSEC_PER_SEC)
#define ukarch_time_sec_to_nsec(sec)	((sec) * UKARCH_NSEC_PER_SEC)
#define ukarch_time_msec_to_nsec(msec)	((msec) * 1000000ULL)
#define ukarch_time_usec_to_nsec(usec)	((usec) * 1000ULL)

#endif /* __UK_ARCH_TIME_H__ */
