/*
 * Timers that send signals: the interval timer ITIMER_REAL (setitimer,
 * alarm) and the POSIX timers (timer_create ...). One table, one thread:
 * the timer thread sleeps until the earliest expiry (or until a timer is
 * armed), then queues each expired timer's signal through uksignal's
 * rt_sigqueueinfo / rt_tgsigqueueinfo, found in the shim's table (so
 * without uksignal timers still run, and signals just go nowhere).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/wait.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include "uktime_impl.h"

#define ITIMER_SLOT	0	/* ITIMER_REAL; POSIX timer k is slot k */
#define NTIMERS		(1 + CONFIG_LIBUKTIME_TIMERS)

struct ktimer {
	int in_use;
	clockid_t clock;
	struct sigevent ev;	/* whom to tell, with what */
	__nsec next;		/* monotonic time of the next expiry, 0: off */
	__nsec interval;	/* 0: one shot */
	int overrun;		/* expiries missed before the last signal */
};

static struct ktimer uktime_timers[NTIMERS] = {
	[ITIMER_SLOT] = {
		.in_use = 1, .clock = CLOCK_REALTIME,
		.ev = { .sigev_signo = SIGALRM, .sigev_notify = SIGEV_SIGNAL },
	},
};
static __spinlock timers_lock = UK_SPINLOCK_INITIALIZER();
static DEFINE_WAIT_QUEUE(timer_wq);
/* bumped by every arming: wakes the thread */
static unsigned long timer_armings;
static struct uk_thread *timer_thread;

static long call(long nr, long a1, long a2, long a3, long a4)
{
	uk_syscall_handler_t fn = (uk_syscall_handler_t)(void (*)(void))
		uk_syscall_r_fn(nr);

	return fn ? fn(a1, a2, a3, a4, 0, 0) : -ENOSYS;
}

static void notify(int id, const struct sigevent *ev, int overrun)
{
	siginfo_t info;
	long pid = call(__NR_getpid, 0, 0, 0, 0);

	if (ev->sigev_notify == SIGEV_NONE)
		return;
	memset(&info, 0, sizeof(info));
	info.si_signo = ev->sigev_signo;
	info.si_code = id == ITIMER_SLOT ? SI_KERNEL : SI_TIMER;
	info.si_timerid = id;
	info.si_overrun = (uid_t)overrun;
	info.si_value = ev->sigev_value;
	if (ev->sigev_notify == SIGEV_THREAD_ID)
		call(__NR_rt_tgsigqueueinfo, pid, ev->sigev_notify_thread_id,
		     ev->sigev_signo, (long)&info);
	else
		call(__NR_rt_sigqueueinfo, pid, ev->sigev_signo, (long)&info,
		     0);
}

/* Lock held: the expired timer t at now, rearmed or stopped. */
static int expire(struct ktimer *t, __nsec now)
{
	__nsec missed = 0;

	if (t->interval) {
		missed = (now - t->next) / t->interval;
		t->next += (missed + 1) * t->interval;
	} else {
		t->next = 0;
	}
	return (int)missed;
}

static __nsec fire_expired(void)
{
	__nsec now = ukplat_monotonic_clock(), earliest = 0;
	struct sigevent ev;
	unsigned long irqf;
	int id, overrun;

	for (id = 0; id < NTIMERS; id++) {
		struct ktimer *t = &uktime_timers[id];

		uk_spin_lock_irqsave(&timers_lock, irqf);
		overrun = -1;
		if (t->in_use && t->next && t->next <= now) {
			overrun = t->overrun = expire(t, now);
			ev = t->ev;
		}
		if (t->next && (!earliest || t->next < earliest))
			earliest = t->next;
		uk_spin_unlock_irqrestore(&timers_lock, irqf);
		if (overrun >= 0)
			notify(id, &ev, overrun);
	}
	return earliest;
}

static void timer_main(void *arg __unused)
{
	sigset_t all = { { ~0UL } };
	unsigned long seen;
	__nsec earliest;

	/* the signals it sends are for the program's threads, not for it */
	call(__NR_rt_sigprocmask, SIG_BLOCK, (long)&all, 0, sizeof(all));
	for (;;) {
		seen = __atomic_load_n(&timer_armings, __ATOMIC_ACQUIRE);
		earliest = fire_expired();
		uk_waitq_wait_event_deadline(&timer_wq,
			__atomic_load_n(&timer_armings, __ATOMIC_ACQUIRE) != seen,
			earliest);
	}
}

/* Arms (or stops, value 0) timer id: value and interval relative, in ns. */
static int arm(int id, __nsec value, __nsec interval)
{
	unsigned long irqf;

	if (value && !timer_thread) {
		/* on the caller's CPU: there it runs whenever the caller
		 * waits, even on CPU 0 with the others offline */
		timer_thread = uk_thread_create_on(ukplat_lcpu_idx(), "timers",
						   timer_main, NULL);
		if (!timer_thread)
			return -EAGAIN;
	}
	uk_spin_lock_irqsave(&timers_lock, irqf);
	uktime_timers[id].next = value ? ukplat_monotonic_clock() + value : 0;
	uktime_timers[id].interval = value ? interval : 0;
	uk_spin_unlock_irqrestore(&timers_lock, irqf);
	__atomic_fetch_add(&timer_armings, 1, __ATOMIC_RELEASE);
	uk_waitq_wake_up(&timer_wq);
	return 0;
}

/* What is left of timer id now, and its interval. */
static void left(int id, __nsec *value, __nsec *interval)
{
	__nsec now = ukplat_monotonic_clock(), next = uktime_timers[id].next;

	*value = next ? (next > now ? next - now : 1) : 0;
	*interval = uktime_timers[id].interval;
}

/* ------------------------------------------------ interval timers */

static int check_which(int which)
{
	/* the CPU-time timers would need the scheduler to count down */
	if (which == ITIMER_REAL)
		return 0;
	return which == ITIMER_VIRTUAL || which == ITIMER_PROF ? -ENOTSUP
							       : -EINVAL;
}

static void itimer_get(struct itimerval *out)
{
	__nsec value, interval;

	left(ITIMER_SLOT, &value, &interval);
	uktime_ns_to_tv(value, &out->it_value);
	uktime_ns_to_tv(interval, &out->it_interval);
}

UK_SYSCALL_R_DEFINE(int, getitimer, int, which, struct itimerval *, curr)
{
	int rc = check_which(which);

	if (rc)
		return rc;
	if (!curr)
		return -EFAULT;
	itimer_get(curr);
	return 0;
}

UK_SYSCALL_R_DEFINE(int, setitimer, int, which,
		    const struct itimerval *, new_value,
		    struct itimerval *, old_value)
{
	__nsec value, interval;
	int rc = check_which(which);

	if (rc)
		return rc;
	if (!new_value)
		return -EFAULT;
	rc = uktime_tv_to_ns(&new_value->it_value, &value);
	if (!rc)
		rc = uktime_tv_to_ns(&new_value->it_interval, &interval);
	if (rc)
		return rc;
	if (old_value)
		itimer_get(old_value);
	return arm(ITIMER_SLOT, value, interval);
}

UK_SYSCALL_R_DEFINE(unsigned int, alarm, unsigned int, seconds)
{
	__nsec value, interval;

	left(ITIMER_SLOT, &value, &interval);
	if (arm(ITIMER_SLOT, (__nsec)seconds * UKARCH_NSEC_PER_SEC, 0))
		return 0;
	/* whole seconds left of the previous alarm, rounded up */
	return (unsigned int)((value + UKARCH_NSEC_PER_SEC - 1) /
			      UKARCH_NSEC_PER_SEC);
}

/* ------------------------------------------------ POSIX timers */

/* The slot of a timer id a program holds: or -EINVAL. */
static int slot_of(timer_t timerid)
{
	long id = (long)timerid;

	if (id <= ITIMER_SLOT || id >= NTIMERS || !uktime_timers[id].in_use)
		return -EINVAL;
	return (int)id;
}

static int take_slot(clockid_t clockid, const struct sigevent *ev)
{
	unsigned long irqf;
	int id;

	uk_spin_lock_irqsave(&timers_lock, irqf);
	for (id = ITIMER_SLOT + 1; id < NTIMERS && uktime_timers[id].in_use; id++)
		;
	if (id < NTIMERS) {
		memset(&uktime_timers[id], 0, sizeof(uktime_timers[id]));
		uktime_timers[id].in_use = 1;
		uktime_timers[id].clock = clockid;
		uktime_timers[id].ev = *ev;
	}
	uk_spin_unlock_irqrestore(&timers_lock, irqf);
	return id < NTIMERS ? id : -EAGAIN;
}

/* Linux's call: the id goes to an int (the libc makes it a timer_t). */
UK_LLSYSCALL_R_DEFINE(int, timer_create, clockid_t, clockid,
		      struct sigevent *, sevp, int *, timerid)
{
	struct sigevent ev = { .sigev_signo = SIGALRM };
	__nsec now;
	int id;

	if (uktime_clock_ns(clockid, &now) || clockid ==
	    CLOCK_THREAD_CPUTIME_ID || clockid == CLOCK_PROCESS_CPUTIME_ID)
		return -EINVAL;
	if (sevp)
		ev = *sevp;
	if (ev.sigev_notify != SIGEV_NONE && (ev.sigev_signo < 1 ||
					      ev.sigev_signo >= _NSIG))
		return -EINVAL;
	if (ev.sigev_notify == SIGEV_THREAD)
		return -EINVAL;	/* the libc's business, not the kernel's */
	id = take_slot(clockid, &ev);
	if (id < 0)
		return id;
	if (!sevp)
		uktime_timers[id].ev.sigev_value.sival_int = id;
	*timerid = id;
	return 0;
}

#if UK_LIBC_SYSCALLS
int timer_create(clockid_t clockid, struct sigevent *sevp, timer_t *timerid)
{
	int id;
	long rc = uk_syscall6_r(__NR_timer_create, clockid, (long)sevp,
				(long)&id, 0, 0, 0);

	if (rc == 0)
		*timerid = (timer_t)(long)id;
	return (int)uk_syscall_errno(rc);
}
#endif

static void timer_get(int id, struct itimerspec *out)
{
	__nsec value, interval;

	left(id, &value, &interval);
	uktime_ns_to_ts(value, &out->it_value);
	uktime_ns_to_ts(interval, &out->it_interval);
}

UK_SYSCALL_R_DEFINE(int, timer_settime, timer_t, timerid, int, flags,
		    const struct itimerspec *, new_value,
		    struct itimerspec *, old_value)
{
	__nsec value, interval, now;
	int id = slot_of(timerid), rc;

	if (id < 0)
		return id;
	if (!new_value)
		return -EFAULT;
	rc = uktime_ts_to_ns(&new_value->it_value, &value);
	if (!rc)
		rc = uktime_ts_to_ns(&new_value->it_interval, &interval);
	if (rc)
		return rc;
	if (old_value)
		timer_get(id, old_value);
	if (value && (flags & TIMER_ABSTIME)) {
		uktime_clock_ns(uktime_timers[id].clock, &now);
		value = value > now ? value - now : 1;	/* past: at once */
	}
	return arm(id, value, interval);
}

UK_SYSCALL_R_DEFINE(int, timer_gettime, timer_t, timerid,
		    struct itimerspec *, curr_value)
{
	int id = slot_of(timerid);

	if (id < 0)
		return id;
	if (!curr_value)
		return -EFAULT;
	timer_get(id, curr_value);
	return 0;
}

UK_SYSCALL_R_DEFINE(int, timer_getoverrun, timer_t, timerid)
{
	int id = slot_of(timerid);

	return id < 0 ? id : uktime_timers[id].overrun;
}

UK_SYSCALL_R_DEFINE(int, timer_delete, timer_t, timerid)
{
	unsigned long irqf;
	int id = slot_of(timerid);

	if (id < 0)
		return id;
	uk_spin_lock_irqsave(&timers_lock, irqf);
	uktime_timers[id].in_use = 0;
	uktime_timers[id].next = 0;
	uk_spin_unlock_irqrestore(&timers_lock, irqf);
	return 0;
}
