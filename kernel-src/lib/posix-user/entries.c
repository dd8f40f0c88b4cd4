/*
 * The user and group databases: one user (uid 0) and one group (gid 0)
 * with Unikraft 0.10's values: the names from the configuration, password
 * "x", home "/", an empty shell, the user the group's only member. The _r
 * functions copy the strings into the caller's buffer (ERANGE when it is
 * too small); the others return static records. The libc's side only: a
 * libc with its own (musl) reads /etc/passwd instead.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#include <uk/essentials.h>
#include <uk/syscall.h>

#if UK_LIBC_SYSCALLS
#define USER	CONFIG_LIBPOSIX_USER_USERNAME
#define GROUP	CONFIG_LIBPOSIX_USER_GROUPNAME

static char *group_members[] = { USER, NULL };
static const struct passwd the_user = {
	.pw_name = USER, .pw_passwd = "x", .pw_uid = 0, .pw_gid = 0,
	.pw_gecos = USER, .pw_dir = "/", .pw_shell = "",
};
static const struct group the_group = {
	.gr_name = GROUP, .gr_passwd = "x", .gr_gid = 0, .gr_mem = group_members,
};

/* A string into the buffer: its copy, or NULL when it does not fit. */
static char *put(const char *s, char **buf, size_t *left)
{
	size_t n = strlen(s) + 1;
	char *copy = *buf;

	if (n > *left)
		return NULL;
	memcpy(copy, s, n);
	*buf += n;
	*left -= n;
	return copy;
}

static int copy_user(struct passwd *pwd, char *buf, size_t buflen,
		     struct passwd **result)
{
	*result = NULL;
	*pwd = the_user;
	if (!(pwd->pw_name = put(the_user.pw_name, &buf, &buflen)) ||
	    !(pwd->pw_passwd = put(the_user.pw_passwd, &buf, &buflen)) ||
	    !(pwd->pw_gecos = put(the_user.pw_gecos, &buf, &buflen)) ||
	    !(pwd->pw_dir = put(the_user.pw_dir, &buf, &buflen)) ||
	    !(pwd->pw_shell = put(the_user.pw_shell, &buf, &buflen)))
		return ERANGE;
	*result = pwd;
	return 0;
}

int getpwnam_r(const char *name, struct passwd *pwd, char *buf,
	       size_t buflen, struct passwd **result)
{
	*result = NULL;
	if (!name || strcmp(name, the_user.pw_name))
		return 0;
	return copy_user(pwd, buf, buflen, result);
}

int getpwuid_r(uid_t uid, struct passwd *pwd, char *buf, size_t buflen,
	       struct passwd **result)
{
	*result = NULL;
	if (uid != the_user.pw_uid)
		return 0;
	return copy_user(pwd, buf, buflen, result);
}

struct passwd *getpwnam(const char *name)
{
	return name && !strcmp(name, the_user.pw_name) ?
	       (struct passwd *)&the_user : NULL;
}

struct passwd *getpwuid(uid_t uid)
{
	return uid == the_user.pw_uid ? (struct passwd *)&the_user : NULL;
}

/* getpwent walks the database: one entry, then the end */
static int pw_next, gr_next;

struct passwd *getpwent(void)
{
	return pw_next++ == 0 ? (struct passwd *)&the_user : NULL;
}

void setpwent(void)
{
	pw_next = 0;
}

void endpwent(void)
{
	pw_next = 0;
}

/* ------------------------------------------------ the group */

static int copy_group(struct group *grp, char *buf, size_t buflen,
		      struct group **result)
{
	uintptr_t aligned = ALIGN_UP((uintptr_t)buf, sizeof(char *));
	size_t skip = aligned - (uintptr_t)buf;
	char **mem = (char **)aligned;

	*result = NULL;
	*grp = the_group;
	if (buflen < skip + 2 * sizeof(char *))
		return ERANGE;
	buf += skip + 2 * sizeof(char *);
	buflen -= skip + 2 * sizeof(char *);
	if (!(grp->gr_name = put(the_group.gr_name, &buf, &buflen)) ||
	    !(grp->gr_passwd = put(the_group.gr_passwd, &buf, &buflen)) ||
	    !(mem[0] = put(group_members[0], &buf, &buflen)))
		return ERANGE;
	mem[1] = NULL;
	grp->gr_mem = mem;
	*result = grp;
	return 0;
}

int getgrnam_r(const char *name, struct group *grp, char *buf,
	       size_t buflen, struct group **result)
{
	*result = NULL;
	if (!name || strcmp(name, the_group.gr_name))
		return 0;
	return copy_group(grp, buf, buflen, result);
}

int getgrgid_r(gid_t gid, struct group *grp, char *buf, size_t buflen,
	       struct group **result)
{
	*result = NULL;
	if (gid != the_group.gr_gid)
		return 0;
	return copy_group(grp, buf, buflen, result);
}

struct group *getgrnam(const char *name)
{
	return name && !strcmp(name, the_group.gr_name) ?
	       (struct group *)&the_group : NULL;
}

struct group *getgrgid(gid_t gid)
{
	return gid == the_group.gr_gid ? (struct group *)&the_group : NULL;
}

struct group *getgrent(void)
{
	return gr_next++ == 0 ? (struct group *)&the_group : NULL;
}

void setgrent(void)
{
	gr_next = 0;
}

void endgrent(void)
{
	gr_next = 0;
}

int getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups)
{
	int n = 1, in_ours = user && !strcmp(user, the_user.pw_name) &&
			     group != the_group.gr_gid;
	int total = n + in_ours;

	if (*ngroups < total) {
		*ngroups = total;
		return -1;
	}
	groups[0] = group;
	if (in_ours)
		groups[1] = the_group.gr_gid;
	*ngroups = total;
	return total;
}

int initgroups(const char *user, gid_t group)
{
	gid_t list[2];
	int n = 2;

	if (getgrouplist(user, group, list, &n) < 0)
		return -1;
	return setgroups((size_t)n, list);
}

/* ------------------------------------------------ the login name */

char *getlogin(void)
{
	return the_user.pw_name;
}

int getlogin_r(char *buf, size_t bufsize)
{
	if (strlen(the_user.pw_name) >= bufsize)
		return ERANGE;
	strcpy(buf, the_user.pw_name);
	return 0;
}
#endif
