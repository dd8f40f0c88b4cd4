/* The file-descriptor calls of POSIX.1-2017 <unistd.h> that vfscore has. */
#ifndef __UNISTD_H__
#define __UNISTD_H__

#include <sys/types.h>
#include <bits/unistd.h>	/* the calls that are not about files */

#define STDIN_FILENO	0
#define STDOUT_FILENO	1
#define STDERR_FILENO	2

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
int close(int fd);
int dup(int oldfd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags);

#endif /* __UNISTD_H__ */
