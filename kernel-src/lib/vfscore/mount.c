/* Mounted file systems: the types libraries register (UK_FS_REGISTER), the
 * table of mounts by path, mount() and umount2(), and the root file system
 * mounted at boot (CONFIG_LIBVFSCORE_ROOTFS). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/syscall.h>
#include <vfscore/dentry.h>
#include <vfscore/mount.h>
#include <vfscore/prex.h>
#include <vfscore/vnode.h>
#include "vfscore_impl.h"

extern const struct vfscore_fs_type *const __start_vfs__fstab[] __weak;
extern const struct vfscore_fs_type *const __stop_vfs__fstab[] __weak;

static UK_LIST_HEAD(mounts);
static struct uk_mutex mount_lock = UK_MUTEX_INITIALIZER(mount_lock);

static const struct vfscore_fs_type *fs_type(const char *name)
{
	const struct vfscore_fs_type *const *t;

	for (t = __start_vfs__fstab; t < __stop_vfs__fstab; t++)
		if (!strcmp((*t)->vs_name, name))
			return *t;
	return NULL;
}

/* Longer paths first, so that the first match is the deepest mount. */
static void insert_sorted(struct mount *mp)
{
	struct mount *m;

	uk_list_for_each_entry(m, &mounts, mnt_list) {
		if (strlen(m->m_path) < strlen(mp->m_path)) {
			uk_list_add_tail(&mp->mnt_list, &m->mnt_list);
			return;
		}
	}
	uk_list_add_tail(&mp->mnt_list, &mounts);
}

/* A root vnode (ino 0, a directory) and its dentry for a new mount. */
static int make_root(struct mount *mp)
{
	struct vnode *vp;
	int rc = vfscore_vget(mp, 0, &vp);

	if (rc < 0)
		return -rc;
	vp->v_type = VDIR;
	vp->v_flags = VROOT;
	vp->v_mode = S_IFDIR | 0755;
	mp->m_root = dentry_alloc(NULL, vp, "/");
	vput(vp);
	return mp->m_root ? 0 : ENOMEM;
}

static int mount_at(const char *dev, const char *abs, const char *fsname,
		    unsigned long flags, const void *data)
{
	const struct vfscore_fs_type *t = fs_type(fsname);
	struct mount *mp;
	int rc;

	if (!t)
		return -ENODEV;
	mp = uk_zalloc(uk_alloc_get_default(), sizeof(*mp));
	if (!mp)
		return -ENOMEM;
	mp->m_op = t->vs_op;
	mp->m_flags = (int)flags;
	strlcpy(mp->m_path, abs, sizeof(mp->m_path));
	strlcpy(mp->m_special, dev ? dev : fsname, sizeof(mp->m_special));
	rc = make_root(mp);
	if (!rc)
		rc = VFS_MOUNT(mp, dev, (int)flags, data);
	if (rc) {
		if (mp->m_root)
			drele(mp->m_root);
		uk_free(uk_alloc_get_default(), mp);
		return -rc;
	}
	uk_mutex_lock(&mount_lock);
	insert_sorted(mp);
	uk_mutex_unlock(&mount_lock);
	return 0;
}

UK_SYSCALL_R_DEFINE(int, mount, const char *, dev, const char *, dir,
		    const char *, fsname, unsigned long, flags, const void *,
		    data)
{
	char abs[PATH_MAX];
	struct vnode *vp;
	long rc;

	if (!dir || !fsname)
		return -EFAULT;
	rc = vfscore_abspath(AT_FDCWD, dir, abs);
	/* the root is the one mount point that need not exist */
	if (!rc && strcmp(abs, "/")) {
		rc = vfscore_lookup(abs, &vp);
		if (!rc && vp->v_type != VDIR)
			rc = -ENOTDIR;
		if (!rc)
			vrele(vp);
	}
	if (!rc && vfscore_mount_of(abs, NULL) &&
	    !strcmp(vfscore_mount_of(abs, NULL)->m_path, abs))
		rc = -EBUSY;
	if (!rc)
		rc = mount_at(dev, abs, fsname, flags, data);
	return (int)rc;
}

UK_SYSCALL_R_DEFINE(int, umount2, const char *, path, int, flags)
{
	char abs[PATH_MAX];
	struct mount *mp;
	long rc = vfscore_abspath(AT_FDCWD, path, abs);

	if (rc)
		return (int)rc;
	mp = vfscore_mount_of(abs, NULL);
	if (!mp || strcmp(mp->m_path, abs))
		return -EINVAL;
	if (mp->m_count || !strcmp(abs, "/"))
		return -EBUSY;
	rc = VFS_UNMOUNT(mp, flags);
	if (rc)
		return (int)-rc;
	uk_mutex_lock(&mount_lock);
	uk_list_del(&mp->mnt_list);
	uk_mutex_unlock(&mount_lock);
	vfscore_release_mp_dentries(mp);
	drele(mp->m_root);
	vflush(mp);
	uk_free(uk_alloc_get_default(), mp);
	return 0;
}

struct mount *vfscore_mount_of(const char *abs, const char **rest)
{
	struct mount *mp, *found = NULL;
	size_t n;

	uk_mutex_lock(&mount_lock);
	uk_list_for_each_entry(mp, &mounts, mnt_list) {
		n = strlen(mp->m_path);
		if (n == 1 || (!strncmp(abs, mp->m_path, n) &&
			       (abs[n] == '/' || !abs[n]))) {
			found = mp;
			break;
		}
	}
	uk_mutex_unlock(&mount_lock);
	if (found && rest)
		*rest = abs + (strlen(found->m_path) == 1 ? 0 :
			       strlen(found->m_path));
	return found;
}

static int rootfs_mount(void)
{
	long rc;

	if (!CONFIG_LIBVFSCORE_ROOTFS[0])
		return 0;
	rc = mount_at(NULL, "/", CONFIG_LIBVFSCORE_ROOTFS, 0, NULL);

	if (rc)
		uk_pr_err("vfscore: cannot mount %s at /: %ld\n",
			  CONFIG_LIBVFSCORE_ROOTFS, rc);
	return (int)rc;
}
uk_rootfs_initcall_prio(rootfs_mount, 0);
