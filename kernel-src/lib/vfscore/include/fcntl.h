/* File control (POSIX.1-2017 <fcntl.h>), Linux x86_64 values. */
#ifndef __FCNTL_H__
#define __FCNTL_H__

#define O_RDONLY	00
#define O_WRONLY	01
#define O_RDWR		02
#define O_ACCMODE	03
#define O_NONBLOCK	04000
#define O_CLOEXEC	02000000

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	1030

#define FD_CLOEXEC	1

int fcntl(int fd, int cmd, ...);

#endif /* __FCNTL_H__ */
