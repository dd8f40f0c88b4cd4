/* The time types of the system calls (Unikraft API uk/time_types.h):
 * time_t, suseconds_t, struct timeval, struct timespec, timer_t,
 * clockid_t, clock_t, as the libc in use defines them. */
#ifndef __UK_TIME_TYPES_H__
#define __UK_TIME_TYPES_H__

#include <sys/types.h>
#include <sys/time.h>
#include <time.h>

#endif /* __UK_TIME_TYPES_H__ */
