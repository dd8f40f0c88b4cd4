/* Process times (POSIX <sys/times.h>), as Linux's times() gives them. */
#ifndef __SYS_TIMES_H__
#define __SYS_TIMES_H__

#include <sys/types.h>

struct tms {
	clock_t tms_utime;	/* CPU time of the process */
	clock_t tms_stime;	/* ... in the kernel on its behalf */
	clock_t tms_cutime;	/* of its waited-for children */
	clock_t tms_cstime;
};

/*
 * Clock ticks (100 per second, Linux's USER_HZ) since boot; fills *buf
 * unless it is NULL (Linux allows NULL). Its user time is the CPU time of
 * all threads, the rest 0 (lib/uktime).
 */
clock_t times(struct tms *buf);

#endif /* __SYS_TIMES_H__ */
