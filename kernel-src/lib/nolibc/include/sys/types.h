/* POSIX system data types (POSIX.1-2017 <sys/types.h>), LP64 sizes. */
#ifndef __NOLIBC_SYS_TYPES_H__
#define __NOLIBC_SYS_TYPES_H__

#include <stddef.h>

typedef long		ssize_t;
typedef long		off_t;
typedef int		pid_t;
typedef unsigned int	uid_t;
typedef unsigned int	gid_t;
typedef unsigned int	mode_t;
typedef long		time_t;
typedef long		suseconds_t;
typedef unsigned int	useconds_t;
typedef long		clock_t;
typedef unsigned long	dev_t;
typedef unsigned long	ino_t;
typedef unsigned long	nlink_t;
typedef long		blksize_t;
typedef long		blkcnt_t;

#endif /* __NOLIBC_SYS_TYPES_H__ */
