/* Time (POSIX.1-2017 <time.h>), with Linux's clock numbers: the clocks,
 * sleeping and the per-process timers of lib/uktime. */
#ifndef __NOLIBC_TIME_H__
#define __NOLIBC_TIME_H__

#include <sys/types.h>

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

struct itimerspec {
	struct timespec it_interval;	/* period, 0: one shot */
	struct timespec it_value;	/* time to the next expiry, 0: off */
};

typedef int clockid_t;
typedef void *timer_t;

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7

#define TIMER_ABSTIME			1

struct sigevent;

int clock_getres(clockid_t clk_id, struct timespec *res);
int clock_gettime(clockid_t clk_id, struct timespec *tp);
int clock_settime(clockid_t clk_id, const struct timespec *tp);
int nanosleep(const struct timespec *req, struct timespec *rem);
/* 0 or a positive errno, as POSIX has it (not -1 and errno) */
int clock_nanosleep(clockid_t clk_id, int flags, const struct timespec *req,
		    struct timespec *rem);
time_t time(time_t *tloc);
int timer_create(clockid_t clockid, struct sigevent *sevp, timer_t *timerid);
int timer_settime(timer_t timerid, int flags,
		  const struct itimerspec *new_value,
		  struct itimerspec *old_value);
int timer_gettime(timer_t timerid, struct itimerspec *curr_value);
int timer_getoverrun(timer_t timerid);
int timer_delete(timer_t timerid);

#endif /* __NOLIBC_TIME_H__ */
