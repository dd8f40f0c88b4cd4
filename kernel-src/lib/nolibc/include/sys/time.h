/* struct timeval and the calls that use it (POSIX.1-2017 <sys/time.h>):
 * gettimeofday and the interval timers of lib/uktime. */
#ifndef __NOLIBC_SYS_TIME_H__
#define __NOLIBC_SYS_TIME_H__

#include <sys/types.h>

struct timeval {
	time_t tv_sec;
	suseconds_t tv_usec;
};

/* Linux fills it with zeros: there is no time zone in the kernel */
struct timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

struct itimerval {
	struct timeval it_interval;
	struct timeval it_value;
};

#define ITIMER_REAL	0	/* wall time: SIGALRM */
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2

int gettimeofday(struct timeval *tv, void *tz);
int settimeofday(const struct timeval *tv, const struct timezone *tz);
int setitimer(int which, const struct itimerval *new_value,
	      struct itimerval *old_value);
int getitimer(int which, struct itimerval *curr_value);

#endif /* __NOLIBC_SYS_TIME_H__ */
