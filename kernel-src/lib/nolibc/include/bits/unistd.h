/* The calls of POSIX.1-2017 <unistd.h> that are not about files (those
 * are vfscore's, in <unistd.h> itself, which includes this): sleeping
 * (lib/uktime), signals (lib/uksignal), the user (lib/posix-user) and the
 * process (lib/posix-process). */
#ifndef __NOLIBC_BITS_UNISTD_H__
#define __NOLIBC_BITS_UNISTD_H__

#include <sys/types.h>

unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);
unsigned int alarm(unsigned int seconds);
int pause(void);

uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int setuid(uid_t uid);
int setgid(gid_t gid);
int seteuid(uid_t euid);
int setegid(gid_t egid);
int setreuid(uid_t ruid, uid_t euid);
int setregid(gid_t rgid, gid_t egid);
int setresuid(uid_t ruid, uid_t euid, uid_t suid);
int setresgid(gid_t rgid, gid_t egid, gid_t sgid);
int getresuid(uid_t *ruid, uid_t *euid, uid_t *suid);
int getresgid(gid_t *rgid, gid_t *egid, gid_t *sgid);
int getgroups(int size, gid_t list[]);
char *getlogin(void);
int getlogin_r(char *buf, size_t bufsize);

pid_t getpid(void);
pid_t getppid(void);
pid_t gettid(void);
pid_t getpgid(pid_t pid);
pid_t getpgrp(void);
int setpgid(pid_t pid, pid_t pgid);
pid_t getsid(pid_t pid);
pid_t setsid(void);
void _exit(int status) __attribute__((noreturn));
long syscall(long number, ...);

#endif /* __NOLIBC_BITS_UNISTD_H__ */
