/* posix-user: the root user and group, ids with Linux's rules. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>
#include <sys/fsuid.h>
#include <linux/capability.h>
#include <uk/test.h>

UK_TESTCASE(posix_user, getpwnam_r_finds_root)
{
	struct passwd pw, *res;
	char buf[128];

	UK_TEST_EXPECT_ZERO(getpwnam_r("root", &pw, buf, sizeof(buf), &res));
	UK_TEST_ASSERT(res == &pw);
	UK_TEST_EXPECT_ZERO(strcmp(pw.pw_name, "root"));
	UK_TEST_EXPECT_ZERO(strcmp(pw.pw_dir, "/"));
	UK_TEST_EXPECT_SNUM_EQ(pw.pw_uid, 0);
	UK_TEST_EXPECT_ZERO(getpwnam_r("nobody", &pw, buf, sizeof(buf), &res));
	UK_TEST_EXPECT_NULL(res);
	UK_TEST_EXPECT_SNUM_EQ(getpwuid_r(0, &pw, buf, 4, &res), ERANGE);
	UK_TEST_EXPECT_NOT_NULL(getpwuid(0));
	setpwent();
	UK_TEST_EXPECT_NOT_NULL(getpwent());
	UK_TEST_EXPECT_NULL(getpwent());
	endpwent();
}

UK_TESTCASE(posix_user, the_root_group_has_root_as_member)
{
	struct group gr, *res;
	char buf[128];
	gid_t groups[4];
	int n = 4;

	UK_TEST_EXPECT_ZERO(getgrgid_r(0, &gr, buf + 1, sizeof(buf) - 1, &res));
	UK_TEST_ASSERT(res == &gr);
	UK_TEST_EXPECT_ZERO(strcmp(gr.gr_name, "root"));
	UK_TEST_EXPECT_ZERO(strcmp(gr.gr_mem[0], "root"));
	UK_TEST_EXPECT_NULL(gr.gr_mem[1]);
	UK_TEST_EXPECT_NOT_NULL(getgrnam("root"));
	UK_TEST_EXPECT_SNUM_EQ(getgrouplist("root", 0, groups, &n), 1);
	UK_TEST_EXPECT_SNUM_EQ(groups[0], 0);
	UK_TEST_EXPECT_ZERO(initgroups("root", 0));
	UK_TEST_EXPECT_SNUM_EQ(getgroups(0, NULL), 1);
}

UK_TESTCASE(posix_user, ids_follow_linuxs_rules)
{
	uid_t r, e, s;

	UK_TEST_EXPECT_SNUM_EQ(getuid(), 0);
	UK_TEST_EXPECT_SNUM_EQ(getegid(), 0);
	UK_TEST_EXPECT_SNUM_EQ(setuid((uid_t)-1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	/* drop the effective uid only (saved stays 0), then come back */
	UK_TEST_EXPECT_ZERO(setresuid((uid_t)-1, 1000, (uid_t)-1));
	UK_TEST_EXPECT_SNUM_EQ(geteuid(), 1000);
	UK_TEST_EXPECT_SNUM_EQ(setgid(5), -1);	/* no CAP_SETGID now */
	UK_TEST_EXPECT_SNUM_EQ(errno, EPERM);
	UK_TEST_EXPECT_ZERO(seteuid(0));
	UK_TEST_EXPECT_ZERO(getresuid(&r, &e, &s));
	UK_TEST_EXPECT_SNUM_EQ(r + e + s, 0);
	UK_TEST_EXPECT_SNUM_EQ(setfsuid(0), 0);
}

UK_TESTCASE(posix_user, capget_reports_every_capability_of_root)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	UK_TEST_EXPECT_ZERO(capget(&h, d));
	UK_TEST_EXPECT_SNUM_EQ(d[0].effective, 0xffffffffU);
	UK_TEST_EXPECT_SNUM_EQ(d[1].permitted, 0x1ff);	/* caps 32..40 */
	h.version = 1;
	UK_TEST_EXPECT_ZERO(capget(&h, NULL));
	UK_TEST_EXPECT_SNUM_EQ(h.version, _LINUX_CAPABILITY_VERSION_3);
	h.pid = 0;
	UK_TEST_EXPECT_ZERO(capset(&h, d));	/* the same set: allowed */
}
