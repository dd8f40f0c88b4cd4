/*
 * What a program asks about its system: uname (a Linux release number,
 * since static binaries compare it), the host name, sysinfo, resource
 * limits and usage, priorities, sched_yield.
 */
#include <errno.h>
#include <string.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/plat/config.h>

#define LINUX_RELEASE	"6.1.0-ukrepl"	/* what glibc and friends compare */

/* musl's <sys/resource.h> names prlimit64 prlimit (its LFS64 aliases) */
#undef prlimit64

static char hostname[sizeof(((struct utsname *)0)->nodename)] =
	CONFIG_LIBPOSIX_PROCESS_HOSTNAME;
static __spinlock hostname_lock = UK_SPINLOCK_INITIALIZER();

UK_SYSCALL_R_DEFINE(int, uname, struct utsname *, buf)
{
	if (!buf)
		return -EFAULT;
	memset(buf, 0, sizeof(*buf));
	strcpy(buf->sysname, "Unikraft");
	uk_spin_lock(&hostname_lock);
	strcpy(buf->nodename, hostname);
	uk_spin_unlock(&hostname_lock);
	strcpy(buf->release, LINUX_RELEASE);
	strcpy(buf->version, "ukrepl " CONFIG_KERNEL_VERSION);
	strcpy(buf->machine, "x86_64");
	strcpy(buf->domainname, "(none)");
	return 0;
}

UK_SYSCALL_R_DEFINE(int, sethostname, const char *, name, size_t, len)
{
	if (len >= sizeof(hostname))
		return -EINVAL;
	if (!name && len)
		return -EFAULT;
	uk_spin_lock(&hostname_lock);
	memcpy(hostname, name, len);
	hostname[len] = '\0';
	uk_spin_unlock(&hostname_lock);
	return 0;
}

#if UK_LIBC_SYSCALLS
int gethostname(char *name, unsigned long len)
{
	struct utsname u;

	uname(&u);
	if (strlen(u.nodename) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(name, u.nodename);
	return 0;
}

int get_nprocs(void)
{
	return (int)ukplat_lcpu_count();
}

int get_nprocs_conf(void)
{
	return (int)ukplat_lcpu_count();
}
#endif

static unsigned short thread_count(void)
{
	struct uk_thread *t;
	unsigned short n = 1;	/* the host context */

	uk_list_for_each_entry(t, &uk_thread_list, thread_link)
		n++;
	return n;
}

UK_SYSCALL_R_DEFINE(int, sysinfo, struct sysinfo *, info)
{
	struct uk_alloc_stats st;

	if (!info)
		return -EFAULT;
	memset(info, 0, sizeof(*info));
	uk_alloc_stats_get_global(&st);
	info->uptime = (long)(ukplat_monotonic_clock() / 1000000000ULL);
	info->freeram = uk_alloc_availmem_total();
	info->totalram = info->freeram + (unsigned long)st.cur_mem_use;
	info->procs = thread_count();
	info->mem_unit = 1;
	return 0;
}

/* ------------------------------------------------ limits */

#define UNLIMITED	{ RLIM_INFINITY, RLIM_INFINITY }
#define STACK_BYTES	(CONFIG_LIBUKSCHED_STACK_PAGES * __PAGE_SIZE)
static struct rlimit rlimits[RLIMIT_NLIMITS] = {
	UNLIMITED, UNLIMITED, UNLIMITED,	/* CPU, FSIZE, DATA */
	{ STACK_BYTES, STACK_BYTES },		/* a thread's stack */
	{ 0, 0 },				/* no core dumps */
	UNLIMITED, UNLIMITED,			/* RSS, NPROC */
	{ 1024, 1024 },				/* NOFILE */
	UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED,
	UNLIMITED, UNLIMITED,
};
static __spinlock rlimits_lock = UK_SPINLOCK_INITIALIZER();

UK_LLSYSCALL_R_DEFINE(int, prlimit64, int, pid, unsigned int, resource,
		      const struct rlimit *, new_limit,
		      struct rlimit *, old_limit)
{
	int rc = 0;

	if (pid != 0 && pid != 1)
		return -ESRCH;
	if (resource >= RLIMIT_NLIMITS)
		return -EINVAL;
	if (new_limit && new_limit->rlim_cur > new_limit->rlim_max)
		return -EINVAL;
	uk_spin_lock(&rlimits_lock);
	if (old_limit)
		*old_limit = rlimits[resource];
	/* raising the hard limit needs CAP_SYS_RESOURCE: we have it */
	if (new_limit)
		rlimits[resource] = *new_limit;
	uk_spin_unlock(&rlimits_lock);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, getrlimit, int, resource, struct rlimit *, rlim)
{
	if (!rlim)
		return -EFAULT;
	return (int)uk_syscall_r_prlimit64(0, resource, 0, (long)rlim);
}

UK_SYSCALL_R_DEFINE(int, setrlimit, int, resource,
		    const struct rlimit *, rlim)
{
	if (!rlim)
		return -EFAULT;
	return (int)uk_syscall_r_prlimit64(0, resource, (long)rlim, 0);
}

#if UK_LIBC_SYSCALLS
int prlimit(pid_t pid, int resource, const struct rlimit *new_limit,
	    struct rlimit *old_limit)
{
	return (int)uk_syscall_errno(uk_syscall6_r(__NR_prlimit64, pid,
		resource, (long)new_limit, (long)old_limit, 0, 0));
}
#endif

static void ns_to_tv(__nsec ns, struct timeval *tv)
{
	tv->tv_sec = (time_t)(ns / 1000000000ULL);
	tv->tv_usec = (suseconds_t)(ns % 1000000000ULL / 1000);
}

UK_SYSCALL_R_DEFINE(int, getrusage, int, who, struct rusage *, usage)
{
	if (!usage)
		return -EFAULT;
	memset(usage, 0, sizeof(*usage));
	switch (who) {
	case RUSAGE_SELF:
		ns_to_tv(uk_thread_cpu_time_all(), &usage->ru_utime);
		return 0;
	case RUSAGE_THREAD:
		ns_to_tv(uk_thread_cpu_time(uk_thread_current()),
			 &usage->ru_utime);
		return 0;
	case RUSAGE_CHILDREN:
		return 0;	/* there are none */
	default:
		return -EINVAL;
	}
}

/* The nice value: one for the process, kept but not used (the scheduler
 * is first in, first out). */
static int nice_value;

/* Linux's call says 40..1 for nice -20..19 (a result that cannot be
 * mistaken for an error); the libc function says the nice value. */
UK_LLSYSCALL_R_DEFINE(int, getpriority, int, which, id_t, who)
{
	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (who != 0 && who != 1)
		return -ESRCH;
	return 20 - nice_value;
}

#if UK_LIBC_SYSCALLS
int getpriority(int which, id_t who)
{
	long rc = uk_syscall6_r(__NR_getpriority, which, who, 0, 0, 0, 0);

	return rc < 0 ? (int)uk_syscall_errno(rc) : 20 - (int)rc;
}
#endif

UK_SYSCALL_R_DEFINE(int, setpriority, int, which, id_t, who, int, prio)
{
	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (who != 0 && who != 1)
		return -ESRCH;
	nice_value = prio < -20 ? -20 : prio > 19 ? 19 : prio;
	return 0;
}

UK_SYSCALL_R_DEFINE(int, sched_yield)
{
	uk_sched_yield();
	return 0;
}
