/* Threads, wait queues and sleeping, seen from a host call on CPU 0. */
#include <errno.h>
#include <uk/sched.h>
#include <uk/test.h>
#include <uk/thread.h>
#include <uk/wait.h>
#include <uk/plat/time.h>
#include <uk/plat/tls.h>

#define MS	1000000ULL

static volatile int flag;
static volatile __lcpuidx ran_on;
static struct uk_waitq wq;

static void set_flag(void *arg)
{
	ran_on = ukplat_lcpu_idx();
	flag = (int)(long)arg;
}

UK_TESTCASE(uksched, thread_runs_and_joins)
{
	struct uk_thread *t;

	flag = 0;
	t = uk_thread_create("set_flag", set_flag, (void *)7L);
	UK_TEST_ASSERT_NOT_NULL(t);
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t));
	UK_TEST_EXPECT_SNUM_EQ(flag, 7);
	if (ukplat_lcpu_count() > 1)
		UK_TEST_EXPECT_SNUM_NQ(ran_on, 0);
}

UK_TESTCASE(uksched, thread_on_cpu0_runs_while_the_host_waits)
{
	struct uk_thread *t;

	flag = 0;
	t = uk_thread_create_on(0, "cpu0", set_flag, (void *)3L);
	UK_TEST_ASSERT_NOT_NULL(t);
	UK_TEST_EXPECT_SNUM_EQ(flag, 0);	/* not before we wait */
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t));
	UK_TEST_EXPECT_SNUM_EQ(flag, 3);
	UK_TEST_EXPECT_SNUM_EQ(ran_on, 0);
}

UK_TESTCASE(uksched, create_rejects_bad_arguments)
{
	UK_TEST_EXPECT_NULL(uk_thread_create("x", NULL, NULL));
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_NULL(uk_thread_create_on(999, "x", set_flag, NULL));
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_wait(uk_thread_current()), -EINVAL);
}

UK_TESTCASE(uksched, wait_times_out_on_the_monotonic_clock)
{
	__nsec start = ukplat_monotonic_clock(), took;
	int rc;

	uk_waitq_init(&wq);
	rc = uk_waitq_wait_event_deadline(&wq, flag == 12345, start + 20 * MS);
	took = ukplat_monotonic_clock() - start;
	UK_TEST_EXPECT_SNUM_EQ(rc, -ETIMEDOUT);
	UK_TEST_EXPECT_SNUM_GE(took, 20 * MS);
	UK_TEST_EXPECT_SNUM_LT(took, 200 * MS);
	UK_TEST_EXPECT(uk_waitq_empty(&wq));
}

static void waiter(void *arg __unused)
{
	uk_waitq_wait_event(&wq, flag == 1);
	flag = 2;
}

UK_TESTCASE(uksched, a_blocked_thread_is_woken)
{
	struct uk_thread *t;
	__nsec until;

	uk_waitq_init(&wq);
	flag = 0;
	t = uk_thread_create("waiter", waiter, NULL);
	UK_TEST_ASSERT_NOT_NULL(t);
	/* let it block (on another CPU it does so on its own) */
	until = ukplat_monotonic_clock() + 5 * MS;
	while (ukplat_monotonic_clock() < until)
		uk_sched_yield();
	UK_TEST_EXPECT_SNUM_EQ(flag, 0);
	flag = 1;
	uk_waitq_wake_up(&wq);
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t));
	UK_TEST_EXPECT_SNUM_EQ(flag, 2);
}

static void sleeper(void *arg)
{
	__nsec start = ukplat_monotonic_clock();

	uk_sched_thread_sleep(*(__nsec *)arg);
	*(__nsec *)arg = ukplat_monotonic_clock() - start;
}

UK_TESTCASE(uksched, threads_sleep_on_the_clock)
{
	/* both the duration and where the thread puts how long it slept */
	static __nsec slept = 10 * MS;
	struct uk_thread *t = uk_thread_create("sleeper", sleeper, &slept);

	UK_TEST_ASSERT_NOT_NULL(t);
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t));
	UK_TEST_EXPECT_SNUM_GE(slept, 10 * MS);
	UK_TEST_EXPECT_SNUM_LT(slept, 200 * MS);
}

static void set_errno(void *arg)
{
	errno = (int)(long)arg;
	uk_sched_yield();
	flag = errno;
}

UK_TESTCASE(uksched, errno_is_per_thread)
{
	struct uk_thread *t;

	errno = 0;
	flag = 0;
	t = uk_thread_create_on(0, "errno", set_errno, (void *)EPIPE);
	UK_TEST_ASSERT_NOT_NULL(t);
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t));
	UK_TEST_EXPECT_SNUM_EQ(flag, EPIPE);
	UK_TEST_EXPECT_SNUM_EQ(errno, 0);
}

static unsigned long tls_seen[2];

/* Sets the register only, as a libc's thread start does (arm64: msr
 * tpidr_el0), then lets the other thread run in between. */
static void own_tls(void *arg)
{
	unsigned long i = (unsigned long)arg;

	ukplat_tlsp_set(0x7000 + i * 0x1000);
	uk_sched_yield();
	uk_sched_yield();
	tls_seen[i] = ukplat_tlsp_get();
}

UK_TESTCASE(uksched, a_tls_pointer_set_in_the_register_stays_with_its_thread)
{
	unsigned long mine = ukplat_tlsp_get();
	struct uk_thread *t0, *t1;

	t0 = uk_thread_create_on(0, "tls0", own_tls, (void *)0UL);
	t1 = uk_thread_create_on(0, "tls1", own_tls, (void *)1UL);
	UK_TEST_ASSERT_NOT_NULL(t0);
	UK_TEST_ASSERT_NOT_NULL(t1);
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t0));
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t1));
	UK_TEST_EXPECT_SNUM_EQ(tls_seen[0], 0x7000);
	UK_TEST_EXPECT_SNUM_EQ(tls_seen[1], 0x8000);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_tlsp_get(), mine);
}

uk_testsuite_register(uksched, NULL);
