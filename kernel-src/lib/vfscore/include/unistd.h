/* The file-descriptor calls of POSIX.1-2017 <unistd.h> that vfscore has. */
#ifndef __UNISTD_H__
#define __UNISTD_H__

#include <sys/types.h>
#include <bits/unistd.h>	/* the calls that are not about files */

#define STDIN_FILENO	0
#define STDOUT_FILENO	1
#define STDERR_FILENO	2

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

/* access() modes */
#define F_OK		0
#define X_OK		1
#define W_OK		2
#define R_OK		4

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
int close(int fd);
int dup(int oldfd);
int dup2(int oldfd, int newfd);
int dup3(int oldfd, int newfd, int flags);
off_t lseek(int fd, off_t offset, int whence);
ssize_t pread(int fd, void *buf, size_t count, off_t offset);
ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset);
int ftruncate(int fd, off_t length);
int fsync(int fd);
int isatty(int fd);
char *getcwd(char *buf, size_t size);
int chdir(const char *path);
int fchdir(int fd);
int truncate(const char *path, off_t length);
int faccessat(int dirfd, const char *path, int mode, int flags);
int unlinkat(int dirfd, const char *path, int flags);
int access(const char *path, int mode);
int unlink(const char *path);
int rmdir(const char *path);

#endif /* __UNISTD_H__ */
