/*
 * Sleeping: the thread waits on a queue nobody wakes, until its deadline
 * or until a signal is waiting for it (uk_syscall_interrupted). A created
 * thread gives its CPU to the others meanwhile; a host call polls, which
 * lets CPU 0's threads run.
 */
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <uk/syscall.h>
#include <uk/wait.h>
#include <uk/plat/time.h>
#include "uktime_impl.h"

static DEFINE_WAIT_QUEUE(nanosleepers);

int uktime_sleep_until(__nsec deadline)
{
	int rc;

	rc = uk_waitq_wait_event_deadline(&nanosleepers, uk_syscall_interrupted(),
					  deadline);
	return rc == -ETIMEDOUT ? 0 : -EINTR;
}

/* What is left of a sleep that a signal ended. */
static void remaining(__nsec deadline, struct timespec *rem)
{
	__nsec now = ukplat_monotonic_clock();

	if (rem)
		uktime_ns_to_ts(deadline > now ? deadline - now : 0, rem);
}

UK_SYSCALL_R_DEFINE(int, nanosleep, const struct timespec *, req,
		    struct timespec *, rem)
{
	__nsec ns, deadline;
	int rc;

	if (!req)
		return -EFAULT;
	rc = uktime_ts_to_ns(req, &ns);
	if (rc)
		return rc;
	deadline = ukplat_monotonic_clock() + ns;
	rc = uktime_sleep_until(deadline);
	if (rc)
		remaining(deadline, rem);
	return rc;
}

/* The monotonic deadline of a clock_nanosleep: 0 or -EINVAL/-ENOTSUP. */
static int deadline_of(clockid_t clk, int flags, __nsec ns, __nsec *deadline)
{
	__nsec now, mono = ukplat_monotonic_clock();
	int rc;

	if (clk == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	if (clk == CLOCK_PROCESS_CPUTIME_ID)
		return -ENOTSUP;	/* no sleeping on CPU time */
	rc = uktime_clock_ns(clk, &now);
	if (rc)
		return rc;
	if (!(flags & TIMER_ABSTIME))
		*deadline = mono + ns;
	else
		*deadline = ns > now ? mono + (ns - now) : mono;
	return 0;
}

UK_LLSYSCALL_R_DEFINE(int, clock_nanosleep, clockid_t, clk_id, int, flags,
		      const struct timespec *, req, struct timespec *, rem)
{
	__nsec ns, deadline;
	int rc;

	if (!req)
		return -EFAULT;
	rc = uktime_ts_to_ns(req, &ns);
	if (!rc)
		rc = deadline_of(clk_id, flags, ns, &deadline);
	if (rc)
		return rc;
	rc = uktime_sleep_until(deadline);
	if (rc && !(flags & TIMER_ABSTIME))
		remaining(deadline, rem);
	return rc;
}

#if UK_LIBC_SYSCALLS
/* POSIX: the error itself, not -1 and errno */
int clock_nanosleep(clockid_t clk_id, int flags, const struct timespec *req,
		    struct timespec *rem)
{
	return (int)-uk_syscall6_r(__NR_clock_nanosleep, clk_id, flags,
				   (long)req, (long)rem, 0, 0);
}

unsigned int sleep(unsigned int seconds)
{
	struct timespec req = { .tv_sec = seconds }, rem = { 0 };

	if (nanosleep(&req, &rem) == 0)
		return 0;
	return (unsigned int)rem.tv_sec + (rem.tv_nsec > 0);
}

int usleep(useconds_t usec)
{
	struct timespec req = {
		.tv_sec = usec / 1000000,
		.tv_nsec = (long)(usec % 1000000) * 1000,
	};

	return nanosleep(&req, NULL);
}
#endif
