/* The user database (POSIX.1-2017 <pwd.h>): lib/posix-user's one user. */
#ifndef __NOLIBC_PWD_H__
#define __NOLIBC_PWD_H__

#include <sys/types.h>

struct passwd {
	char *pw_name;
	char *pw_passwd;
	uid_t pw_uid;
	gid_t pw_gid;
	char *pw_gecos;
	char *pw_dir;
	char *pw_shell;
};

struct passwd *getpwnam(const char *name);
struct passwd *getpwuid(uid_t uid);
/* 0 and *result (NULL: no such user), or an error number (ERANGE: buf
 * is too small for the strings) */
int getpwnam_r(const char *name, struct passwd *pwd, char *buf,
	       size_t buflen, struct passwd **result);
int getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t buflen,
	       struct passwd **result);
struct passwd *getpwent(void);
void setpwent(void);
void endpwent(void);

#endif /* __NOLIBC_PWD_H__ */
