/* What the files of lib/uktime share: conversions, the clocks in ns. */
#ifndef __UKTIME_IMPL_H__
#define __UKTIME_IMPL_H__

#include <time.h>
#include <sys/time.h>
#include <uk/arch/time.h>

/* A timespec as ns: 0, or -EINVAL (nsec out of range, negative seconds). */
int uktime_ts_to_ns(const struct timespec *ts, __nsec *ns);
void uktime_ns_to_ts(__nsec ns, struct timespec *ts);
int uktime_tv_to_ns(const struct timeval *tv, __nsec *ns);
void uktime_ns_to_tv(__nsec ns, struct timeval *tv);
/* The clock's time now: 0 or -EINVAL for an unknown clock. */
int uktime_clock_ns(clockid_t clk, __nsec *ns);
/* Sleeps until the monotonic clock reaches deadline: 0, or -EINTR when
 * work for the thread (a signal) came first. */
int uktime_sleep_until(__nsec deadline);

#endif /* __UKTIME_IMPL_H__ */
