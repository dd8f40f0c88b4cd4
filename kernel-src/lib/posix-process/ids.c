/* The process's ids (Linux's calls; uk/process.h has the values). */
#include <errno.h>
#include <unistd.h>
#include <uk/process.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include "process_impl.h"

UK_SYSCALL_R_DEFINE(pid_t, getpid)
{
	return UNIKRAFT_PID;
}

UK_SYSCALL_R_DEFINE(pid_t, getppid)
{
	return UNIKRAFT_PPID;
}

/* The thread's own id: the host context's is the pid, as a process's
 * first thread's is in Linux. */
UK_SYSCALL_R_DEFINE(pid_t, gettid)
{
	return uk_thread_current()->tid;
}

static int is_us(pid_t pid)
{
	return pid == 0 || pid == UNIKRAFT_PID;
}

UK_SYSCALL_R_DEFINE(pid_t, getpgid, pid_t, pid)
{
	return is_us(pid) ? UNIKRAFT_PGID : -ESRCH;
}

UK_SYSCALL_R_DEFINE(pid_t, getpgrp)
{
	return UNIKRAFT_PGID;
}

UK_SYSCALL_R_DEFINE(pid_t, getsid, pid_t, pid)
{
	return is_us(pid) ? UNIKRAFT_SID : -ESRCH;
}

/* Already a session leader: Linux says EPERM. */
UK_SYSCALL_R_DEFINE(pid_t, setsid)
{
	return -EPERM;
}

/* Only into the group it is in already (there is no other). */
UK_SYSCALL_R_DEFINE(int, setpgid, pid_t, pid, pid_t, pgid)
{
	if (pgid < 0)
		return -EINVAL;
	if (!is_us(pid))
		return -ESRCH;
	return pgid == 0 || pgid == UNIKRAFT_PGID ? 0 : -EPERM;
}
