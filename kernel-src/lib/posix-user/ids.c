/*
 * The process's credentials, with Linux's rules: real, effective, saved
 * and file-system ids, supplementary groups, and capabilities. It starts
 * as root (uid and gid 0, every capability); a change that needs
 * privilege needs CAP_SETUID / CAP_SETGID in the effective set; leaving
 * uid 0 drops capabilities as Linux does. (uid_t)-1 is no id: the calls
 * that take it as "unchanged" do, the others say EINVAL.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>

#define NO_ID		((unsigned int)-1)
#define MAX_GROUPS	32
#define CAP_SETGID	6
#define CAP_SETUID	7
#define ALL_CAPS	((1ULL << (CAP_LAST_CAP + 1)) - 1)

static struct {
	uid_t ruid, euid, suid, fsuid;
	gid_t rgid, egid, sgid, fsgid;
	gid_t groups[MAX_GROUPS];
	int ngroups;
	unsigned long long cap_eff, cap_perm, cap_inh;
} cred = { .cap_eff = ALL_CAPS, .cap_perm = ALL_CAPS };
static __spinlock cred_lock = UK_SPINLOCK_INITIALIZER();

static int capable(int cap)
{
	return (cred.cap_eff >> cap) & 1;
}

/* Linux: no effective caps without euid 0, none at all without any 0;
 * back to euid 0, the permitted ones are effective again */
static void fix_caps(uid_t old_euid)
{
	if (old_euid != 0 && cred.euid == 0)
		cred.cap_eff = cred.cap_perm;
	if (cred.euid != 0)
		cred.cap_eff = 0;
	if (cred.ruid && cred.euid && cred.suid)
		cred.cap_perm = cred.cap_eff = 0;
}

/* May an unprivileged caller take id? It must be one it has already. */
static int own(unsigned int id, unsigned int r, unsigned int e,
	       unsigned int s)
{
	return id == r || id == e || id == s;
}

/* setresuid/setresgid for both: NO_ID leaves a field as it is. */
static int set_res(unsigned int *r, unsigned int *e, unsigned int *s,
		   unsigned int *fs, int cap, unsigned int nr,
		   unsigned int ne, unsigned int ns)
{
	if (!capable(cap) &&
	    ((nr != NO_ID && !own(nr, *r, *e, *s)) ||
	     (ne != NO_ID && !own(ne, *r, *e, *s)) ||
	     (ns != NO_ID && !own(ns, *r, *e, *s))))
		return -EPERM;
	if (nr != NO_ID)
		*r = nr;
	if (ne != NO_ID)
		*e = ne;
	if (ns != NO_ID)
		*s = ns;
	*fs = *e;
	return 0;
}

static int set_uids(uid_t r, uid_t e, uid_t s)
{
	uid_t old_euid;
	int rc;

	uk_spin_lock(&cred_lock);
	old_euid = cred.euid;
	rc = set_res(&cred.ruid, &cred.euid, &cred.suid, &cred.fsuid,
		     CAP_SETUID, r, e, s);
	if (!rc)
		fix_caps(old_euid);
	uk_spin_unlock(&cred_lock);
	return rc;
}

static int set_gids(gid_t r, gid_t e, gid_t s)
{
	int rc;

	uk_spin_lock(&cred_lock);
	rc = set_res(&cred.rgid, &cred.egid, &cred.sgid, &cred.fsgid,
		     CAP_SETGID, r, e, s);
	uk_spin_unlock(&cred_lock);
	return rc;
}

UK_SYSCALL_R_DEFINE(uid_t, getuid) { return cred.ruid; }
UK_SYSCALL_R_DEFINE(uid_t, geteuid) { return cred.euid; }
UK_SYSCALL_R_DEFINE(gid_t, getgid) { return cred.rgid; }
UK_SYSCALL_R_DEFINE(gid_t, getegid) { return cred.egid; }

/* With privilege all three, else only the effective one. */
UK_SYSCALL_R_DEFINE(int, setuid, uid_t, uid)
{
	if (uid == NO_ID)
		return -EINVAL;
	return capable(CAP_SETUID) ? set_uids(uid, uid, uid)
				   : set_uids(NO_ID, uid, NO_ID);
}

UK_SYSCALL_R_DEFINE(int, setgid, gid_t, gid)
{
	if (gid == NO_ID)
		return -EINVAL;
	return capable(CAP_SETGID) ? set_gids(gid, gid, gid)
				   : set_gids(NO_ID, gid, NO_ID);
}

/* setre*: the saved id follows the effective one when the real one is
 * set or the effective one differs from the old real one (Linux). */
UK_SYSCALL_R_DEFINE(int, setreuid, uid_t, ruid, uid_t, euid)
{
	uid_t s = (ruid != NO_ID || (euid != NO_ID && euid != cred.ruid)) ?
		  (euid != NO_ID ? euid : cred.euid) : NO_ID;

	return set_uids(ruid, euid, s);
}

UK_SYSCALL_R_DEFINE(int, setregid, gid_t, rgid, gid_t, egid)
{
	gid_t s = (rgid != NO_ID || (egid != NO_ID && egid != cred.rgid)) ?
		  (egid != NO_ID ? egid : cred.egid) : NO_ID;

	return set_gids(rgid, egid, s);
}

UK_SYSCALL_R_DEFINE(int, setresuid, uid_t, ruid, uid_t, euid, uid_t, suid)
{
	return set_uids(ruid, euid, suid);
}

UK_SYSCALL_R_DEFINE(int, setresgid, gid_t, rgid, gid_t, egid, gid_t, sgid)
{
	return set_gids(rgid, egid, sgid);
}

UK_SYSCALL_R_DEFINE(int, getresuid, uid_t *, ruid, uid_t *, euid,
		    uid_t *, suid)
{
	if (!ruid || !euid || !suid)
		return -EFAULT;
	*ruid = cred.ruid;
	*euid = cred.euid;
	*suid = cred.suid;
	return 0;
}

UK_SYSCALL_R_DEFINE(int, getresgid, gid_t *, rgid, gid_t *, egid,
		    gid_t *, sgid)
{
	if (!rgid || !egid || !sgid)
		return -EFAULT;
	*rgid = cred.rgid;
	*egid = cred.egid;
	*sgid = cred.sgid;
	return 0;
}

/* Linux's setfs*: always the previous id; the new one only if allowed. */
UK_SYSCALL_R_DEFINE(int, setfsuid, uid_t, fsuid)
{
	uid_t old = cred.fsuid;

	if (fsuid != NO_ID && (capable(CAP_SETUID) ||
			       own(fsuid, cred.ruid, cred.euid, cred.suid)))
		cred.fsuid = fsuid;
	return (int)old;
}

UK_SYSCALL_R_DEFINE(int, setfsgid, gid_t, fsgid)
{
	gid_t old = cred.fsgid;

	if (fsgid != NO_ID && (capable(CAP_SETGID) ||
			       own(fsgid, cred.rgid, cred.egid, cred.sgid)))
		cred.fsgid = fsgid;
	return (int)old;
}

#if UK_LIBC_SYSCALLS
int seteuid(uid_t euid)
{
	return setresuid(NO_ID, euid, NO_ID);
}

int setegid(gid_t egid)
{
	return setresgid(NO_ID, egid, NO_ID);
}
#endif

/* ------------------------------------------------ groups */

UK_SYSCALL_R_DEFINE(int, getgroups, int, size, gid_t *, list)
{
	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return cred.ngroups;
	if (size < cred.ngroups)
		return -EINVAL;
	if (!list)
		return -EFAULT;
	memcpy(list, cred.groups, sizeof(gid_t) * (size_t)cred.ngroups);
	return cred.ngroups;
}

UK_SYSCALL_R_DEFINE(int, setgroups, size_t, size, const gid_t *, list)
{
	size_t i;

	if (!capable(CAP_SETGID))
		return -EPERM;
	if (size > MAX_GROUPS)
		return -EINVAL;
	if (size && !list)
		return -EFAULT;
	for (i = 0; i < size; i++)
		if (list[i] == NO_ID)
			return -EINVAL;
	uk_spin_lock(&cred_lock);
	memcpy(cred.groups, list, sizeof(gid_t) * size);
	cred.ngroups = (int)size;
	uk_spin_unlock(&cred_lock);
	return 0;
}

/* ------------------------------------------------ capabilities */

/* How many data records a header's version has: 1, 2, or -EINVAL. */
static int records(struct __user_cap_header_struct *h)
{
	switch (h->version) {
	case _LINUX_CAPABILITY_VERSION_1:
		return 1;
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		return 2;
	default:
		/* Linux tells the caller the version it prefers */
		h->version = _LINUX_CAPABILITY_VERSION_3;
		return -EINVAL;
	}
}

UK_LLSYSCALL_R_DEFINE(int, capget, struct __user_cap_header_struct *, hdrp,
		      struct __user_cap_data_struct *, datap)
{
	int n, i;

	if (!hdrp)
		return -EFAULT;
	n = records(hdrp);
	if (n < 0)
		return datap ? n : 0;	/* a version probe */
	if (hdrp->pid != 0 && hdrp->pid != 1)
		return -ESRCH;
	for (i = 0; datap && i < n; i++) {
		datap[i].effective = (uint32_t)(cred.cap_eff >> (32 * i));
		datap[i].permitted = (uint32_t)(cred.cap_perm >> (32 * i));
		datap[i].inheritable = (uint32_t)(cred.cap_inh >> (32 * i));
	}
	return 0;
}

static unsigned long long joined(const struct __user_cap_data_struct *d,
				 int n, int field)
{
	unsigned long long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		uint32_t x = field == 0 ? d[i].effective :
			     field == 1 ? d[i].permitted : d[i].inheritable;

		v |= (unsigned long long)x << (32 * i);
	}
	return v;
}

/* Only less than before: permitted may shrink, effective stays within
 * it (Linux's rules without file capabilities). */
UK_LLSYSCALL_R_DEFINE(int, capset, struct __user_cap_header_struct *, hdrp,
		      const struct __user_cap_data_struct *, datap)
{
	unsigned long long eff, perm, inh;
	int n;

	if (!hdrp || !datap)
		return -EFAULT;
	n = records(hdrp);
	if (n < 0)
		return n;
	if (hdrp->pid != 0 && hdrp->pid != 1)
		return -EPERM;
	eff = joined(datap, n, 0);
	perm = joined(datap, n, 1);
	inh = joined(datap, n, 2);
	if ((perm & ~cred.cap_perm) || (eff & ~perm) ||
	    (inh & ~(cred.cap_inh | cred.cap_perm)))
		return -EPERM;
	cred.cap_eff = eff;
	cred.cap_perm = perm;
	cred.cap_inh = inh;
	return 0;
}

#if UK_LIBC_SYSCALLS
int capget(cap_user_header_t hdrp, cap_user_data_t datap)
{
	return (int)uk_syscall_errno(uk_syscall6_r(__NR_capget, (long)hdrp,
						   (long)datap, 0, 0, 0, 0));
}

int capset(cap_user_header_t hdrp, const cap_user_data_t datap)
{
	return (int)uk_syscall_errno(uk_syscall6_r(__NR_capset, (long)hdrp,
						   (long)datap, 0, 0, 0, 0));
}
#endif
