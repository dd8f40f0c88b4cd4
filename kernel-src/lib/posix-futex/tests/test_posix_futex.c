/* posix-futex: values, timeouts, wake counts, bitsets, requeue, wake_op,
 * with waiter threads on CPU 0 (they run while the test waits). */
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <linux/futex.h>
#include <uk/syscall.h>
#include <uk/test.h>
#include <uk/thread.h>
#include <uk/sched.h>

static uint32_t word, word2;
static volatile int waiting, returned;
static volatile long results[4];

static long futex(uint32_t *u, int op, uint32_t val, long t, uint32_t *u2,
		  uint32_t val3)
{
	return uk_syscall_r(SYS_futex, u, op, val, t, u2, val3);
}

/* waiter k waits on word (bitset 1 << k) and notes its result */
static void waiter(void *arg)
{
	long k = (long)arg;

	__atomic_add_fetch(&waiting, 1, __ATOMIC_SEQ_CST);
	results[k] = futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, 0, NULL,
			   1U << k);
	__atomic_add_fetch(&returned, 1, __ATOMIC_SEQ_CST);
}

static struct uk_thread *threads[4];

static void start_waiters(int n)
{
	long k;

	word = 0;
	waiting = returned = 0;
	for (k = 0; k < n; k++) {
		results[k] = 99;
		threads[k] = uk_thread_create_on(0, "waiter", waiter,
						 (void *)k);
	}
	while (waiting < n)
		uk_sched_yield();
	uk_sched_yield();	/* let the last one link its record */
}

static void join(int n)
{
	int k;

	for (k = 0; k < n; k++)
		uk_thread_wait(threads[k]);
}

UK_TESTCASE(posix_futex, wait_checks_the_value_and_times_out)
{
	struct timespec t = { 0, 5000000 };

	word = 1;
	UK_TEST_EXPECT_SNUM_EQ(futex(&word, FUTEX_WAIT, 0, 0, NULL, 0),
			       -EAGAIN);
	UK_TEST_EXPECT_SNUM_EQ(futex(&word, FUTEX_WAIT, 1, (long)&t, NULL, 0),
			       -ETIMEDOUT);
	UK_TEST_EXPECT_SNUM_EQ(futex(&word, FUTEX_WAKE, 1, 0, NULL, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(futex((uint32_t *)((char *)&word + 1),
				     FUTEX_WAKE, 1, 0, NULL, 0), -EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(futex(&word, FUTEX_LOCK_PI, 0, 0, NULL, 0),
			       -ENOSYS);
}

UK_TESTCASE(posix_futex, wake_wakes_as_many_as_asked)
{
	start_waiters(3);
	UK_TEST_EXPECT_SNUM_EQ(futex(&word, FUTEX_WAKE_PRIVATE, 2, 0, NULL, 0),
			       2);
	while (returned < 2)
		uk_sched_yield();
	UK_TEST_EXPECT_SNUM_EQ(futex(&word, FUTEX_WAKE, 5, 0, NULL, 0), 1);
	join(3);
	UK_TEST_EXPECT_SNUM_EQ(results[0] + results[1] + results[2], 0);
}

UK_TESTCASE(posix_futex, wake_bitset_picks_waiters_by_bit)
{
	start_waiters(3);
	UK_TEST_EXPECT_SNUM_EQ(futex(&word, FUTEX_WAKE_BITSET, 3, 0, NULL,
				     1U << 1), 1);
	while (returned < 1)
		uk_sched_yield();
	UK_TEST_EXPECT_SNUM_EQ(results[1], 0);
	UK_TEST_EXPECT_SNUM_EQ(results[0], 99);
	UK_TEST_EXPECT_SNUM_EQ(futex(&word, FUTEX_WAKE_BITSET, 3, 0, NULL,
				     FUTEX_BITSET_MATCH_ANY), 2);
	join(3);
}

UK_TESTCASE(posix_futex, requeue_moves_waiters_to_another_word)
{
	start_waiters(3);
	UK_TEST_EXPECT_SNUM_EQ(futex(&word, FUTEX_CMP_REQUEUE, 1, 2, &word2,
				     7), -EAGAIN);
	UK_TEST_EXPECT_SNUM_EQ(futex(&word, FUTEX_CMP_REQUEUE, 1, 2, &word2,
				     0), 3);
	UK_TEST_EXPECT_SNUM_EQ(futex(&word, FUTEX_WAKE, 5, 0, NULL, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(futex(&word2, FUTEX_WAKE, 5, 0, NULL, 0), 2);
	join(3);
	UK_TEST_EXPECT_SNUM_EQ(returned, 3);
}

UK_TESTCASE(posix_futex, wake_op_changes_the_second_word_and_compares)
{
	word2 = 5;
	/* word2 += 1; wake word2's waiters if it was 5 (none wait) */
	UK_TEST_EXPECT_SNUM_EQ(futex(&word, FUTEX_WAKE_OP, 1, 1, &word2,
				     FUTEX_OP(FUTEX_OP_ADD, 1,
					      FUTEX_OP_CMP_EQ, 5)), 0);
	UK_TEST_EXPECT_SNUM_EQ(word2, 6);
}
