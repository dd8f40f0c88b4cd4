/* The x86_64 `syscall` instruction entering the shim (excluded on arm64) */
#include <errno.h>
#include <string.h>
#include <uk/syscall.h>
#include <uk/test.h>
#define UNUSED_NR 509

/* A raw `syscall`: rbx, rbp, r12-r15 and rdi..r9 must come back as they
 * were, and so must the 128 bytes below rsp, which we fill first. */
UK_TESTCASE(syscall_instruction, the_syscall_instruction_keeps_registers_and_red_zone)
{
	long ret, rdi_after, r8_after, zone_sum;

	__asm__ __volatile__(
		"movq $0x1111, %%rdi\n"
		"movq $0x2222, %%r8\n"
		"movq $0, %%rcx\n"
		"1: movq %%rcx, -128(%%rsp,%%rcx,8)\n"
		"incq %%rcx\n"
		"cmpq $16, %%rcx\n"
		"jne 1b\n"
		"movq %[nr], %%rax\n"
		"syscall\n"
		"movq %%rdi, %[rdi]\n"
		"movq %%r8, %[r8]\n"
		"xorq %%rcx, %%rcx\n"
		"xorq %%rdx, %%rdx\n"
		"2: addq -128(%%rsp,%%rcx,8), %%rdx\n"
		"incq %%rcx\n"
		"cmpq $16, %%rcx\n"
		"jne 2b\n"
		"movq %%rdx, %[zone]\n"
		: "=a"(ret), [rdi] "=m"(rdi_after), [r8] "=m"(r8_after),
		  [zone] "=m"(zone_sum)
		: [nr] "i"(UNUSED_NR)
		: "rcx", "rdx", "rdi", "r8", "r11", "memory");
	UK_TEST_EXPECT_SNUM_EQ(ret, -ENOSYS);
	UK_TEST_EXPECT_SNUM_EQ(rdi_after, 0x1111);
	UK_TEST_EXPECT_SNUM_EQ(r8_after, 0x2222);
	UK_TEST_EXPECT_SNUM_EQ(zone_sum, 120);	/* 0 + 1 + ... + 15 */
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_stats[UNUSED_NR].args[0], 0x1111);
}

UK_TESTCASE(syscall_instruction, the_numbers_are_x86_64_linux_numbers)
{
	UK_TEST_EXPECT_SNUM_EQ(__NR_read, 0);
	UK_TEST_EXPECT_SNUM_EQ(__NR_open, 2);
	UK_TEST_EXPECT_SNUM_EQ(SYS_futex, 202);
	UK_TEST_EXPECT_SNUM_EQ(__NR_exit_group, 231);
	UK_TEST_EXPECT_ZERO(strcmp(uk_syscall_name(0), "read"));
}
