/* struct timeval (POSIX.1-2017 <sys/time.h>), for select(). */
#ifndef __NOLIBC_SYS_TIME_H__
#define __NOLIBC_SYS_TIME_H__

#include <sys/types.h>

struct timeval {
	time_t tv_sec;
	suseconds_t tv_usec;
};

#endif /* __NOLIBC_SYS_TIME_H__ */
