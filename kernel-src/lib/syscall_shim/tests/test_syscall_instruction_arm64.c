/* The arm64 `svc #0` entering the shim (excluded on x86_64), with raw
 * AArch64 Linux numbers, as a static binary issues them. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <uk/syscall.h>
#include <uk/test.h>
#include <uk/thread.h>

#define NR_WRITE		64
#define NR_CLOCK_GETTIME	113
#define NR_NANOSLEEP		101
#define NR_GETPID		172
#define UNUSED_NR		509

/* svc #0 with the number in x8 and three arguments; the result in x0 */
static long svc3(long nr, long a0, long a1, long a2)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a0;
	register long x1 __asm__("x1") = a1;
	register long x2 __asm__("x2") = a2;

	__asm__ __volatile__("svc #0"
			     : "+r"(x0)
			     : "r"(x8), "r"(x1), "r"(x2)
			     : "memory");
	return x0;
}

UK_TESTCASE(syscall_instruction, svc_reaches_getpid_write_and_clock_gettime)
{
	static const char line[] = "svc: write through the shim\n";
	struct timespec ts = { 0, 0 };
	unsigned long writes = uk_syscall_stats[NR_WRITE].count;

	UK_TEST_EXPECT_SNUM_EQ(svc3(NR_GETPID, 0, 0, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(svc3(NR_WRITE, 1, (long)line,
				    sizeof(line) - 1), sizeof(line) - 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_stats[NR_WRITE].count, writes + 1);
	UK_TEST_EXPECT_SNUM_EQ(svc3(NR_CLOCK_GETTIME, CLOCK_MONOTONIC,
				    (long)&ts, 0), 0);
	UK_TEST_EXPECT_NOT_ZERO(ts.tv_sec | ts.tv_nsec);
}

static long slept[2] = { 1, 1 };

static void svc_sleeper(void *arg)
{
	struct timespec ts = { 0, 20000000 };

	slept[(long)arg] = svc3(NR_NANOSLEEP, (long)&ts, 0, 0);
}

/* Two threads of one CPU asleep inside svc at once: each call's frame is
 * on its own thread's stack, not on the CPU's exception stack. */
UK_TESTCASE(syscall_instruction, threads_may_block_inside_svc)
{
	struct uk_thread *t0, *t1;

	t0 = uk_thread_create_on(0, "svc-sleep0", svc_sleeper, (void *)0L);
	t1 = uk_thread_create_on(0, "svc-sleep1", svc_sleeper, (void *)1L);
	UK_TEST_ASSERT_NOT_NULL(t0);
	UK_TEST_ASSERT_NOT_NULL(t1);
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t0));
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t1));
	UK_TEST_EXPECT_ZERO(slept[0]);
	UK_TEST_EXPECT_ZERO(slept[1]);
}

/* A raw svc with an unknown number: -ENOSYS in x0, and every other
 * register (x1-x18: argument, temporary and platform ones) as it was. */
UK_TESTCASE(syscall_instruction, svc_keeps_every_register_but_x0)
{
	unsigned long after[19];
	int i;

	__asm__ __volatile__(
		"mov x0, #0x1111\n"
		"mov x1, #1\n mov x2, #2\n mov x3, #3\n mov x4, #4\n"
		"mov x5, #5\n mov x6, #6\n mov x7, #7\n"
		"mov x8, %[nr]\n"
		"mov x9, #9\n mov x10, #10\n mov x11, #11\n mov x12, #12\n"
		"mov x13, #13\n mov x14, #14\n mov x15, #15\n mov x16, #16\n"
		"mov x17, #17\n mov x18, #18\n"
		"svc #0\n"
		"stp x0, x1, [%[out], #0]\n"
		"stp x2, x3, [%[out], #16]\n"
		"stp x4, x5, [%[out], #32]\n"
		"stp x6, x7, [%[out], #48]\n"
		"stp x8, x9, [%[out], #64]\n"
		"stp x10, x11, [%[out], #80]\n"
		"stp x12, x13, [%[out], #96]\n"
		"stp x14, x15, [%[out], #112]\n"
		"stp x16, x17, [%[out], #128]\n"
		"str x18, [%[out], #144]\n"
		:
		: [nr] "i"(UNUSED_NR), [out] "r"(after)
		: "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
		  "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",
		  "x18", "memory");
	UK_TEST_EXPECT_SNUM_EQ(after[0], -ENOSYS);
	UK_TEST_EXPECT_SNUM_EQ(after[8], UNUSED_NR);
	for (i = 1; i < 19; i++)
		if (i != 8)
			UK_TEST_EXPECT_SNUM_EQ(after[i], i);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_stats[UNUSED_NR].args[0], 0x1111);
}

UK_TESTCASE(syscall_instruction, the_numbers_are_arm64_linux_numbers)
{
	UK_TEST_EXPECT_SNUM_EQ(__NR_write, NR_WRITE);
	UK_TEST_EXPECT_SNUM_EQ(__NR_getpid, NR_GETPID);
	UK_TEST_EXPECT_SNUM_EQ(__NR_nanosleep, NR_NANOSLEEP);
	UK_TEST_EXPECT_SNUM_EQ(SYS_clock_gettime, NR_CLOCK_GETTIME);
	UK_TEST_EXPECT_SNUM_EQ(__NR_read, 63);
	UK_TEST_EXPECT_SNUM_EQ(SYS_futex, 98);
	UK_TEST_EXPECT_SNUM_EQ(__NR_exit_group, 94);
	UK_TEST_EXPECT_ZERO(strcmp(uk_syscall_name(63), "read"));
	UK_TEST_EXPECT_ZERO(strcmp(uk_syscall_name(2), "io_submit"));
}

/* open has no arm64 number: its functions work, its slot is nowhere */
UK_SYSCALL_R_PROTO(3, open);
UK_TESTCASE(syscall_instruction, calls_arm64_does_not_number_are_functions)
{
	long fd;

	UK_TEST_EXPECT_SNUM_EQ(__NR_open, UK_SYSCALL_NR_NONE);
	fd = uk_syscall_r_open((long)"/dev/null", 0, 0);
	UK_TEST_EXPECT_SNUM_GE(fd, 0);
	UK_TEST_EXPECT_ZERO(uk_syscall_r(__NR_close, fd));
}
