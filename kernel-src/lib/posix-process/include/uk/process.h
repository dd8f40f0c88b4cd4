/*
 * The one process (Unikraft API uk/process.h): its ids, as Linux gives
 * them to a process that is the first of its session and group. Its
 * threads: the host context is thread UNIKRAFT_PID; clone() adds threads
 * to the group of the thread that calls it, every other created thread is
 * the leader of a group of its own (a program %exec runs), which
 * exit_group ends as a whole.
 */
#ifndef __UK_PROCESS_H__
#define __UK_PROCESS_H__

#define UNIKRAFT_PID		1
#define UNIKRAFT_PPID		0
#define UNIKRAFT_SID		1
#define UNIKRAFT_PGID		1
#define UNIKRAFT_PROCESS_PRIO	0

/* How the thread group tgid ended (exit_group's status, or 128 + the
 * signal that ended it): 0 and *status, or -ESRCH while it runs or was
 * never known. The last few groups are remembered. */
int uk_process_group_status(int tgid, int *status);

#endif /* __UK_PROCESS_H__ */
