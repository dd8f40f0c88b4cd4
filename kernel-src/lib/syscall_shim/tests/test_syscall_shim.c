/* The shim: numbers without a handler, names and counts (the instruction
 * and each architecture's own numbers: test_syscall_instruction_<arch>.c). */
#include <errno.h>
#include <string.h>
#include <uk/syscall.h>
#include <uk/test.h>

/* 463..511: free in Linux (x86_64, arm64), never registered by the kernel */
#define UNUSED_NR 509

UK_TESTCASE(syscall_shim, unknown_numbers_give_enosys_and_are_counted)
{
	unsigned long before = uk_syscall_stats[UNUSED_NR].count;
	unsigned long beyond = uk_syscall_stats[UK_SYSCALL_COUNT].count;

	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_r(UNUSED_NR, 1, 2, 3), -ENOSYS);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall6_r(UNUSED_NR, 7, 8, 9, 10, 11, 12),
			       -ENOSYS);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_stats[UNUSED_NR].count, before + 2);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_stats[UNUSED_NR].args[5], 12);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_stats[UNUSED_NR].registered, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_r(100000), -ENOSYS);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_stats[UK_SYSCALL_COUNT].count,
			       beyond + 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_stats[UK_SYSCALL_COUNT].nr, 100000);
	UK_TEST_EXPECT_NULL(uk_syscall_r_fn(UNUSED_NR));
}

UK_TESTCASE(syscall_shim, errno_style_calls_set_errno)
{
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall(UNUSED_NR), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOSYS);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall6(UNUSED_NR, 0, 0, 0, 0, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOSYS);
}

UK_TESTCASE(syscall_shim, names_are_the_architectures_linux_names)
{
	UK_TEST_EXPECT_ZERO(strcmp(uk_syscall_name(__NR_read), "read"));
	UK_TEST_EXPECT_ZERO(strcmp(uk_syscall_name(SYS_clock_getres),
				   "clock_getres"));
	UK_TEST_EXPECT_ZERO(strcmp(uk_syscall_name(__NR_openat), "openat"));
	UK_TEST_EXPECT_ZERO(strcmp(uk_syscall_name(__NR_futex_waitv),
				   "futex_waitv"));	/* shared from 424 */
	UK_TEST_EXPECT_NULL(uk_syscall_name(UNUSED_NR));
	UK_TEST_EXPECT_NULL(uk_syscall_name(-1));
	UK_TEST_EXPECT_ZERO(strcmp(uk_syscall_name_p(UNUSED_NR), "<unknown>"));
}
