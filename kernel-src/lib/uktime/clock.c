/*
 * The clocks: REALTIME is the CMOS clock read at boot plus the monotonic
 * clock since (shifted by clock_settime), MONOTONIC and BOOTTIME the TSC
 * (nothing here suspends, so the two are one), the CPU-time clocks what
 * the scheduler accounts per thread. clock_getres reports the counter's
 * real step, not a tick: there is no periodic tick.
 */
#include <errno.h>
#include <string.h>
#include <sys/times.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/plat/time.h>
#include "uktime_impl.h"

#define NSEC_PER_USEC	1000ULL
#define USER_HZ		100	/* clock_t ticks per second (times) */

/* realtime = wall clock + shift; clock_settime moves only the shift */
static long long realtime_shift;

int uktime_ts_to_ns(const struct timespec *ts, __nsec *ns)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
	    ts->tv_nsec >= (long)UKARCH_NSEC_PER_SEC)
		return -EINVAL;
	*ns = (__nsec)ts->tv_sec * UKARCH_NSEC_PER_SEC + (__nsec)ts->tv_nsec;
	return 0;
}

void uktime_ns_to_ts(__nsec ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / UKARCH_NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % UKARCH_NSEC_PER_SEC);
}

int uktime_tv_to_ns(const struct timeval *tv, __nsec *ns)
{
	if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
		return -EINVAL;
	*ns = (__nsec)tv->tv_sec * UKARCH_NSEC_PER_SEC +
	      (__nsec)tv->tv_usec * NSEC_PER_USEC;
	return 0;
}

void uktime_ns_to_tv(__nsec ns, struct timeval *tv)
{
	tv->tv_sec = (time_t)(ns / UKARCH_NSEC_PER_SEC);
	tv->tv_usec = (suseconds_t)(ns % UKARCH_NSEC_PER_SEC / NSEC_PER_USEC);
}

int uktime_clock_ns(clockid_t clk, __nsec *ns)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = ukplat_wall_clock() + (__nsec)realtime_shift;
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = ukplat_monotonic_clock();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		*ns = uk_thread_cpu_time_all();
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = uk_thread_cpu_time(uk_thread_current());
		return 0;
	default:
		return -EINVAL;
	}
}

UK_SYSCALL_R_DEFINE(int, clock_getres, clockid_t, clk_id,
		    struct timespec *, tp)
{
	__nsec now;
	int rc = uktime_clock_ns(clk_id, &now);

	if (rc)
		return rc;
	if (tp)
		uktime_ns_to_ts(ukplat_monotonic_resolution(), tp);
	return 0;
}

UK_SYSCALL_R_DEFINE(int, clock_gettime, clockid_t, clk_id,
		    struct timespec *, tp)
{
	__nsec now;
	int rc;

	if (!tp)
		return -EFAULT;
	rc = uktime_clock_ns(clk_id, &now);
	if (!rc)
		uktime_ns_to_ts(now, tp);
	return rc;
}

/* Only the real-time clock can be set (as in Linux); we are root. */
static int set_realtime(__nsec ns)
{
	realtime_shift = (long long)(ns - ukplat_wall_clock());
	return 0;
}

UK_SYSCALL_R_DEFINE(int, clock_settime, clockid_t, clk_id,
		    const struct timespec *, tp)
{
	__nsec ns;
	int rc;

	if (!tp)
		return -EFAULT;
	if (clk_id != CLOCK_REALTIME)
		return -EINVAL;
	rc = uktime_ts_to_ns(tp, &ns);
	return rc ? rc : set_realtime(ns);
}

UK_SYSCALL_R_DEFINE(int, gettimeofday, struct timeval *, tv, void *, tz)
{
	__nsec now;

	uktime_clock_ns(CLOCK_REALTIME, &now);
	if (tv)
		uktime_ns_to_tv(now, tv);
	if (tz)
		memset(tz, 0, sizeof(struct timezone));
	return 0;
}

UK_SYSCALL_R_DEFINE(int, settimeofday, const struct timeval *, tv,
		    const struct timezone *, tz)
{
	__nsec ns;
	int rc;

	(void)tz;	/* Linux keeps it only for old FAT code */
	if (!tv)
		return 0;
	rc = uktime_tv_to_ns(tv, &ns);
	return rc ? rc : set_realtime(ns);
}

UK_SYSCALL_R_DEFINE(time_t, time, time_t *, tloc)
{
	__nsec now;
	time_t t;

	uktime_clock_ns(CLOCK_REALTIME, &now);
	t = (time_t)(now / UKARCH_NSEC_PER_SEC);
	if (tloc)
		*tloc = t;
	return t;
}

/* Linux's times(): ticks since boot; the user time is all threads' CPU
 * time (there are no children, and no separate kernel time). */
UK_SYSCALL_R_DEFINE(clock_t, times, struct tms *, buf)
{
	const __nsec per_tick = UKARCH_NSEC_PER_SEC / USER_HZ;

	if (buf) {
		buf->tms_utime = (clock_t)(uk_thread_cpu_time_all() / per_tick);
		buf->tms_stime = 0;
		buf->tms_cutime = 0;
		buf->tms_cstime = 0;
	}
	return (clock_t)(ukplat_monotonic_clock() / per_tick);
}
