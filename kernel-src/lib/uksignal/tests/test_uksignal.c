/* uksignal: actions, masks, pending, waiting, and the timers' signals
 * (uktime) reaching handlers. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <uk/test.h>
#include <uk/uk_signal.h>

static volatile int got_sig, got_code, got_value, handler_calls;
static volatile unsigned long mask_in_handler;

static void on_signal(int sig)
{
	sigset_t now;

	got_sig = sig;
	handler_calls++;
	sigprocmask(SIG_BLOCK, NULL, &now);
	mask_in_handler = now.__bits[0];
}

static void on_info(int sig, siginfo_t *info, void *uc)
{
	got_sig = sig;
	got_code = info->si_code;
	got_value = info->si_value.sival_int;
	handler_calls += uc != NULL;
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

UK_TESTCASE(uksignal, kill_runs_the_handler_with_the_signal_masked)
{
	got_sig = handler_calls = 0;
	set_handler(SIGUSR1, on_signal, 0);
	UK_TEST_EXPECT_ZERO(kill(getpid(), SIGUSR1));
	UK_TEST_EXPECT_SNUM_EQ(got_sig, SIGUSR1);
	UK_TEST_EXPECT_SNUM_EQ(handler_calls, 1);
	UK_TEST_EXPECT_SNUM_EQ(mask_in_handler, 1UL << (SIGUSR1 - 1));
	UK_TEST_EXPECT_ZERO(raise(SIGUSR1));
	UK_TEST_EXPECT_SNUM_EQ(handler_calls, 2);
	set_handler(SIGUSR1, SIG_DFL, 0);
}

UK_TESTCASE(uksignal, a_blocked_signal_waits_until_unblocked)
{
	sigset_t set, pending;

	got_sig = handler_calls = 0;
	set_handler(SIGUSR2, on_signal, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	UK_TEST_EXPECT_ZERO(sigprocmask(SIG_BLOCK, &set, NULL));
	UK_TEST_EXPECT_ZERO(kill(getpid(), SIGUSR2));
	UK_TEST_EXPECT_SNUM_EQ(handler_calls, 0);
	UK_TEST_EXPECT_ZERO(sigpending(&pending));
	UK_TEST_EXPECT_SNUM_EQ(sigismember(&pending, SIGUSR2), 1);
	UK_TEST_EXPECT_ZERO(sigprocmask(SIG_UNBLOCK, &set, NULL));
	UK_TEST_EXPECT_SNUM_EQ(handler_calls, 1);
	UK_TEST_EXPECT_ZERO(sigpending(&pending));
	UK_TEST_EXPECT_SNUM_EQ(sigismember(&pending, SIGUSR2), 0);
	set_handler(SIGUSR2, SIG_DFL, 0);
}

UK_TESTCASE(uksignal, sa_siginfo_carries_the_senders_value)
{
	struct sigaction sa;
	union sigval v = { .sival_int = 42 };

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	UK_TEST_ASSERT_ZERO(sigaction(SIGRTMIN + 1, &sa, NULL));
	handler_calls = 0;
	UK_TEST_EXPECT_ZERO(sigqueue(getpid(), SIGRTMIN + 1, v));
	UK_TEST_EXPECT_SNUM_EQ(got_sig, SIGRTMIN + 1);
	UK_TEST_EXPECT_SNUM_EQ(got_code, SI_QUEUE);
	UK_TEST_EXPECT_SNUM_EQ(got_value, 42);
	UK_TEST_EXPECT_SNUM_EQ(handler_calls, 1);
	UK_TEST_EXPECT_ZERO(sigaction(SIGRTMIN + 1, NULL, &sa));
	UK_TEST_EXPECT_PTR_EQ((void *)sa.sa_handler, (void *)SIG_DFL);
}

UK_TESTCASE(uksignal, sigtimedwait_takes_a_blocked_signal_or_times_out)
{
	struct timespec short_wait = { 0, 1000000 };
	sigset_t set;
	siginfo_t info;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	UK_TEST_EXPECT_SNUM_EQ(sigtimedwait(&set, &info, &short_wait), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	kill(getpid(), SIGUSR1);
	UK_TEST_EXPECT_SNUM_EQ(sigtimedwait(&set, &info, &short_wait),
			       SIGUSR1);
	UK_TEST_EXPECT_SNUM_EQ(info.si_code, SI_USER);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

UK_TESTCASE(uksignal, alarm_ends_pause_with_sigalrm)
{
	got_sig = handler_calls = 0;
	set_handler(SIGALRM, on_signal, 0);
	UK_TEST_EXPECT_ZERO(alarm(1));
	UK_TEST_EXPECT_SNUM_EQ(pause(), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINTR);
	UK_TEST_EXPECT_SNUM_EQ(got_sig, SIGALRM);
	set_handler(SIGALRM, SIG_DFL, 0);
}

UK_TESTCASE(uksignal, a_posix_timer_signal_interrupts_nanosleep)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL,
			       .sigev_signo = SIGUSR2 };
	struct itimerspec in = { .it_value = { 0, 20000000 } };
	struct timespec req = { 5, 0 }, rem = { 0, 0 };
	struct sigaction sa;
	timer_t t;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	ev.sigev_value.sival_int = 7;
	UK_TEST_ASSERT_ZERO(timer_create(CLOCK_MONOTONIC, &ev, &t));
	UK_TEST_EXPECT_ZERO(timer_settime(t, 0, &in, NULL));
	UK_TEST_EXPECT_SNUM_EQ(nanosleep(&req, &rem), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINTR);
	UK_TEST_EXPECT_SNUM_GT(rem.tv_sec, 3);
	UK_TEST_EXPECT_SNUM_EQ(got_code, SI_TIMER);
	UK_TEST_EXPECT_SNUM_EQ(got_value, 7);
	timer_delete(t);
	set_handler(SIGUSR2, SIG_DFL, 0);
}

UK_TESTCASE(uksignal, bad_arguments_fail_as_in_linux)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	UK_TEST_EXPECT_SNUM_EQ(sigaction(SIGKILL, &sa, NULL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(kill(4242, SIGUSR1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ESRCH);
	UK_TEST_EXPECT_SNUM_EQ(kill(getpid(), 99), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_ZERO(kill(getpid(), 0));
	UK_TEST_EXPECT_SNUM_EQ(uk_sig_is_valid(SIGRTMAX), 1);
}
