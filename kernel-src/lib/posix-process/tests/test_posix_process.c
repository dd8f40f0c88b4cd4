/* posix-process: ids, uname, sysinfo, limits, prctl, %fs per thread. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <asm/prctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <uk/process.h>
#include <uk/syscall.h>
#include <uk/test.h>
#include <uk/thread.h>
#include <uk/plat/tls.h>

UK_TESTCASE(posix_process, the_ids_are_those_of_a_session_leader)
{
	UK_TEST_EXPECT_SNUM_EQ(getpid(), UNIKRAFT_PID);
	UK_TEST_EXPECT_SNUM_EQ(getppid(), 0);
	UK_TEST_EXPECT_SNUM_EQ(getpgid(0), 1);
	UK_TEST_EXPECT_SNUM_EQ(getpgrp(), 1);
	UK_TEST_EXPECT_SNUM_EQ(getsid(0), 1);
	UK_TEST_EXPECT_SNUM_EQ(setsid(), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);
	UK_TEST_EXPECT_SNUM_EQ(getpgid(77), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ESRCH);
	UK_TEST_EXPECT_SNUM_EQ(gettid(), uk_thread_current()->tid);
}

UK_TESTCASE(posix_process, uname_and_sysinfo_describe_the_system)
{
	struct utsname u;
	struct sysinfo si;
	char host[65];

	UK_TEST_ASSERT_ZERO(uname(&u));
	UK_TEST_EXPECT_ZERO(strcmp(u.machine, "x86_64"));
	UK_TEST_EXPECT_ZERO(strcmp(u.sysname, "Unikraft"));
	UK_TEST_EXPECT_ZERO(sethostname("guest", 5));
	UK_TEST_EXPECT_ZERO(gethostname(host, sizeof(host)));
	UK_TEST_EXPECT_ZERO(strcmp(host, "guest"));
	UK_TEST_EXPECT_ZERO(sethostname(CONFIG_LIBPOSIX_PROCESS_HOSTNAME,
			    strlen(CONFIG_LIBPOSIX_PROCESS_HOSTNAME)));
	UK_TEST_ASSERT_ZERO(sysinfo(&si));
	UK_TEST_EXPECT_SNUM_GT(si.freeram, 0);
	UK_TEST_EXPECT_SNUM_GE(si.totalram, si.freeram);
	UK_TEST_EXPECT_SNUM_GE(si.procs, 1);
	UK_TEST_EXPECT_SNUM_EQ(si.mem_unit, 1);
}

UK_TESTCASE(posix_process, limits_can_be_read_and_lowered)
{
	struct rlimit r, low = { 64, 128 }, bad = { 10, 5 };

	UK_TEST_ASSERT_ZERO(getrlimit(RLIMIT_NOFILE, &r));
	UK_TEST_EXPECT_SNUM_EQ(r.rlim_cur, 1024);
	UK_TEST_EXPECT_ZERO(setrlimit(RLIMIT_NOFILE, &low));
	UK_TEST_EXPECT_ZERO(prlimit(0, RLIMIT_NOFILE, &r, &low));
	UK_TEST_EXPECT_SNUM_EQ(low.rlim_max, 128);
	UK_TEST_EXPECT_SNUM_EQ(setrlimit(RLIMIT_NOFILE, &bad), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_ZERO(getrlimit(RLIMIT_STACK, &r));
	UK_TEST_EXPECT_SNUM_GT(r.rlim_cur, 4096);
	UK_TEST_EXPECT_ZERO(setpriority(PRIO_PROCESS, 0, 5));
	UK_TEST_EXPECT_SNUM_EQ(getpriority(PRIO_PROCESS, 0), 5);
	UK_TEST_EXPECT_ZERO(setpriority(PRIO_PROCESS, 0, 0));
}

UK_TESTCASE(posix_process, prctl_names_the_thread)
{
	char name[16];

	UK_TEST_EXPECT_ZERO(prctl(PR_GET_NAME, (unsigned long)name, 0, 0, 0));
	UK_TEST_EXPECT_ZERO(strcmp(name, "host"));
	UK_TEST_EXPECT_SNUM_EQ(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(prctl(PR_CAPBSET_READ, 0, 0, 0, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(prctl(9999, 0, 0, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}

/* called directly: x86_64's own call, which arm64 does not number (there it
 * sets TPIDR_EL0, the same per-thread TLS pointer) */
UK_SYSCALL_R_PROTO(2, arch_prctl);
static unsigned long fs_seen;

static void read_fs(void *arg)
{
	unsigned long base;

	uk_syscall_r_arch_prctl(ARCH_SET_FS, (long)arg);
	uk_sched_yield();	/* another thread's %fs in between */
	uk_syscall_r_arch_prctl(ARCH_GET_FS, (long)&base);
	/* the CPU's own register, not just the record */
	fs_seen = ukplat_tlsp_get() == base ? base : 0;
}

UK_TESTCASE(posix_process, arch_prctl_keeps_a_fs_base_per_thread)
{
	unsigned long mine = 0, base;
	struct uk_thread *t;

	UK_TEST_EXPECT_ZERO(uk_syscall_r_arch_prctl(ARCH_GET_FS, (long)&mine));
	t = uk_thread_create_on(0, "fs", read_fs, (void *)0x12345000UL);
	UK_TEST_ASSERT_NOT_NULL(t);
	uk_thread_wait(t);
	UK_TEST_EXPECT_ZERO(uk_syscall_r_arch_prctl(ARCH_GET_FS, (long)&base));
	UK_TEST_EXPECT_SNUM_EQ(base, mine);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_tlsp_get(), mine);
	UK_TEST_EXPECT_SNUM_EQ(fs_seen, 0x12345000UL);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_r_arch_prctl(ARCH_SET_GS, 0), -EPERM);
	UK_TEST_EXPECT_SNUM_EQ(uk_syscall_r(__NR_exit_group, 3), -EPERM);
}
