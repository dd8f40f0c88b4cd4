/*
 * prctl: the options a libc and ordinary programs use. PR_SET_NAME names
 * the thread (the host shows it), the rest are the process's flags:
 * dumpable, keepcaps, no_new_privs, the parent-death signal (there is no
 * parent to die), the timer slack; capability bounding set queries say
 * every capability is there. Other options: EINVAL, as Linux says for
 * options it does not know.
 */
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <uk/syscall.h>
#include "process_impl.h"

#define CAP_LAST_CAP	40	/* Linux 6.1's last capability */

static struct {
	int dumpable, keepcaps, no_new_privs;
	unsigned long timerslack;
} prctl_flags = { 1, 0, 0, 50000 };

static int name_option(int option, char *name)
{
	struct process_thread *p = process_current();

	if (!p)
		return -EINVAL;
	if (option == PR_GET_NAME) {
		memcpy(name, p->name, PROCESS_THREAD_NAME);
		return 0;
	}
	strncpy(p->name, name, PROCESS_THREAD_NAME - 1);
	p->name[PROCESS_THREAD_NAME - 1] = '\0';
	p->thread->name = p->name;
	return 0;
}

static int bool_option(int *flag, unsigned long value)
{
	if (value > 1)
		return -EINVAL;
	*flag = (int)value;
	return 0;
}

UK_SYSCALL_R_DEFINE(int, prctl, int, option, unsigned long, arg2,
		    unsigned long, arg3, unsigned long, arg4,
		    unsigned long, arg5)
{
	struct process_thread *p = process_current();

	switch (option) {
	case PR_SET_NAME:
	case PR_GET_NAME:
		return arg2 ? name_option(option, (char *)arg2) : -EFAULT;
	case PR_GET_DUMPABLE:
		return prctl_flags.dumpable;
	case PR_SET_DUMPABLE:
		return bool_option(&prctl_flags.dumpable, arg2);
	case PR_GET_KEEPCAPS:
		return prctl_flags.keepcaps;
	case PR_SET_KEEPCAPS:
		return bool_option(&prctl_flags.keepcaps, arg2);
	case PR_GET_NO_NEW_PRIVS:
		return prctl_flags.no_new_privs;
	case PR_SET_NO_NEW_PRIVS:
		/* once set it stays (Linux) */
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		prctl_flags.no_new_privs = 1;
		return 0;
	case PR_SET_PDEATHSIG:
		if (arg2 > 64 || !p)
			return -EINVAL;
		p->pdeathsig = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		if (!p || !arg2)
			return -EINVAL;
		*(int *)arg2 = p->pdeathsig;
		return 0;
	case PR_SET_TIMERSLACK:
		prctl_flags.timerslack = arg2 ? arg2 : 50000;
		return 0;
	case PR_GET_TIMERSLACK:
		return (int)prctl_flags.timerslack;
	case PR_CAPBSET_READ:
		return arg2 <= CAP_LAST_CAP ? 1 : -EINVAL;
	case PR_GET_SECCOMP:
		return 0;
	case PR_GET_TID_ADDRESS:
		if (!p || !arg2)
			return -EINVAL;
		*(int **)arg2 = p->clear_child_tid;
		return 0;
	default:
		return -EINVAL;
	}
}
