/* uktime: the clocks, sleeping, interval and POSIX timers (Linux's
 * behaviour). Signals from timers are tested with uksignal. */
#include <errno.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include <uk/test.h>
#include <uk/plat/time.h>

#define MS	1000000L

static long long ns_of(const struct timespec *ts)
{
	return (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

UK_TESTCASE(uktime, clock_getres_reports_the_counters_step)
{
	struct timespec res = { -1, -1 };

	UK_TEST_EXPECT_ZERO(clock_getres(CLOCK_MONOTONIC, &res));
	UK_TEST_EXPECT_SNUM_EQ(res.tv_sec, 0);
	UK_TEST_EXPECT_SNUM_GE(res.tv_nsec, 1);
	UK_TEST_EXPECT_SNUM_LT(res.tv_nsec, 1000);	/* far below 10 ms */
	UK_TEST_EXPECT_ZERO(clock_getres(CLOCK_REALTIME, NULL));
	UK_TEST_EXPECT_SNUM_EQ(clock_getres(42, &res), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}

UK_TESTCASE(uktime, the_clocks_read_sensibly)
{
	struct timespec a, b, rt, cpu;

	UK_TEST_EXPECT_ZERO(clock_gettime(CLOCK_MONOTONIC, &a));
	UK_TEST_EXPECT_ZERO(clock_gettime(CLOCK_BOOTTIME, &b));
	UK_TEST_EXPECT_SNUM_GE(ns_of(&b), ns_of(&a));
	UK_TEST_EXPECT_ZERO(clock_gettime(CLOCK_REALTIME, &rt));
	UK_TEST_EXPECT_SNUM_GT(rt.tv_sec, 1577836800);	/* after 2020 */
	UK_TEST_EXPECT_SNUM_LT(rt.tv_nsec, 1000000000);
	UK_TEST_EXPECT_ZERO(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu));
	UK_TEST_EXPECT_SNUM_GT(ns_of(&cpu), 0);
	UK_TEST_EXPECT_ZERO(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu));
	UK_TEST_EXPECT_SNUM_GT(ns_of(&cpu), 0);
	UK_TEST_EXPECT_SNUM_EQ(clock_gettime(CLOCK_MONOTONIC, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
}

UK_TESTCASE(uktime, settime_moves_realtime_only)
{
	struct timespec now, later, mono = { 5, 0 };
	struct timeval tv;

	UK_TEST_EXPECT_ZERO(clock_gettime(CLOCK_REALTIME, &now));
	later = now;
	later.tv_sec += 3600;
	UK_TEST_EXPECT_ZERO(clock_settime(CLOCK_REALTIME, &later));
	UK_TEST_EXPECT_ZERO(gettimeofday(&tv, NULL));
	UK_TEST_EXPECT_SNUM_GE(tv.tv_sec, later.tv_sec);
	UK_TEST_EXPECT_SNUM_GE(time(NULL), later.tv_sec);
	UK_TEST_EXPECT_ZERO(clock_settime(CLOCK_REALTIME, &now));
	UK_TEST_EXPECT_SNUM_LT(time(NULL), later.tv_sec);
	UK_TEST_EXPECT_SNUM_EQ(clock_settime(CLOCK_MONOTONIC, &mono), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}

UK_TESTCASE(uktime, nanosleep_sleeps_at_least_as_asked)
{
	struct timespec req = { 0, 20 * MS }, bad = { 0, 1000000000 };
	struct timespec before, after;

	clock_gettime(CLOCK_MONOTONIC, &before);
	UK_TEST_EXPECT_ZERO(nanosleep(&req, NULL));
	clock_gettime(CLOCK_MONOTONIC, &after);
	UK_TEST_EXPECT_SNUM_GE(ns_of(&after) - ns_of(&before), 20 * MS);
	UK_TEST_EXPECT_SNUM_EQ(nanosleep(&bad, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_ZERO(usleep(1000));
}

UK_TESTCASE(uktime, clock_nanosleep_takes_absolute_times)
{
	struct timespec until, after;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += 10 * MS;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	UK_TEST_EXPECT_ZERO(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					    &until, NULL));
	clock_gettime(CLOCK_MONOTONIC, &after);
	UK_TEST_EXPECT_SNUM_GE(ns_of(&after), ns_of(&until));
	UK_TEST_EXPECT_SNUM_EQ(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0,
					       &until, NULL), EINVAL);
}

UK_TESTCASE(uktime, times_counts_ticks_since_boot)
{
	struct tms t;
	clock_t ticks = times(&t);

	UK_TEST_EXPECT_SNUM_GE(ticks, 0);
	UK_TEST_EXPECT_SNUM_EQ(t.tms_cutime, 0);
	UK_TEST_EXPECT_SNUM_GE(times(NULL), ticks);
}

UK_TESTCASE(uktime, a_posix_timer_counts_down_and_stops)
{
	struct sigevent none = { .sigev_notify = SIGEV_NONE };
	struct itimerspec set = { .it_value = { 0, 30 * MS } }, cur;
	timer_t t;

	UK_TEST_ASSERT_ZERO(timer_create(CLOCK_MONOTONIC, &none, &t));
	UK_TEST_EXPECT_ZERO(timer_settime(t, 0, &set, NULL));
	UK_TEST_EXPECT_ZERO(timer_gettime(t, &cur));
	UK_TEST_EXPECT_SNUM_GT(ns_of(&cur.it_value), 0);
	UK_TEST_EXPECT_SNUM_LE(ns_of(&cur.it_value), 30 * MS);
	usleep(60000);
	UK_TEST_EXPECT_ZERO(timer_gettime(t, &cur));
	UK_TEST_EXPECT_SNUM_EQ(ns_of(&cur.it_value), 0);
	UK_TEST_EXPECT_ZERO(timer_delete(t));
	UK_TEST_EXPECT_SNUM_EQ(timer_delete(t), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}

UK_TESTCASE(uktime, setitimer_and_alarm_share_itimer_real)
{
	struct itimerval set = { .it_value = { 100, 0 } }, cur;

	UK_TEST_EXPECT_ZERO(setitimer(ITIMER_REAL, &set, NULL));
	UK_TEST_EXPECT_ZERO(getitimer(ITIMER_REAL, &cur));
	UK_TEST_EXPECT_SNUM_GT(cur.it_value.tv_sec, 98);
	UK_TEST_EXPECT_SNUM_EQ(alarm(0), 100);	/* rounded up */
	UK_TEST_EXPECT_ZERO(getitimer(ITIMER_REAL, &cur));
	UK_TEST_EXPECT_SNUM_EQ(cur.it_value.tv_sec, 0);
	UK_TEST_EXPECT_SNUM_EQ(setitimer(7, &set, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}
