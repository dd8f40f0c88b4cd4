/* The group database (POSIX.1-2017 <grp.h>): lib/posix-user's group. */
#ifndef __NOLIBC_GRP_H__
#define __NOLIBC_GRP_H__

#include <sys/types.h>

struct group {
	char *gr_name;
	char *gr_passwd;
	gid_t gr_gid;
	char **gr_mem;		/* member names, NULL-terminated */
};

struct group *getgrnam(const char *name);
struct group *getgrgid(gid_t gid);
int getgrnam_r(const char *name, struct group *grp, char *buf,
	       size_t buflen, struct group **result);
int getgrgid_r(gid_t gid, struct group *grp, char *buf, size_t buflen,
	       struct group **result);
struct group *getgrent(void);
void setgrent(void);
void endgrent(void);
/* the groups user is in, group first: -1 and *ngroups when it did not
 * fit, else their number */
int getgrouplist(const char *user, gid_t group, gid_t *groups,
		 int *ngroups);
int initgroups(const char *user, gid_t group);
int setgroups(size_t size, const gid_t *list);

#endif /* __NOLIBC_GRP_H__ */
