/* uname() (POSIX.1-2017 <sys/utsname.h>), with Linux's 65-byte fields. */
#ifndef __NOLIBC_SYS_UTSNAME_H__
#define __NOLIBC_SYS_UTSNAME_H__

#define _UTSNAME_LENGTH	65

struct utsname {
	char sysname[_UTSNAME_LENGTH];
	char nodename[_UTSNAME_LENGTH];
	char release[_UTSNAME_LENGTH];
	char version[_UTSNAME_LENGTH];
	char machine[_UTSNAME_LENGTH];
	char domainname[_UTSNAME_LENGTH];
};

int uname(struct utsname *buf);
int sethostname(const char *name, unsigned long len);
int gethostname(char *name, unsigned long len);

#endif /* __NOLIBC_SYS_UTSNAME_H__ */
