/* Time types (POSIX.1-2017 <time.h>): struct timespec for calls with
 * timeouts. The clock itself is ukplat_monotonic_clock(). */
#ifndef __NOLIBC_TIME_H__
#define __NOLIBC_TIME_H__

#include <sys/types.h>

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

#endif /* __NOLIBC_TIME_H__ */
