/* Mounted file systems and their operations (after Unikraft's
 * vfscore/mount.h). Nothing is mounted at boot here; see vnode.h. */
#ifndef _VFSCORE_SYS_MOUNT_H_
#define _VFSCORE_SYS_MOUNT_H_

#ifndef _BSD_SOURCE
#define _BSD_SOURCE
#endif

#include <limits.h>
#include <sys/statfs.h>
#include <uk/list.h>

struct vnode;
struct dentry;
struct device;
struct vnops;

struct mount {
	struct vfsops *m_op;
	int m_flags;			/* MNT_* */
	int m_count;			/* vfs_busy() holds */
	char m_path[PATH_MAX];		/* where it is mounted */
	char m_special[PATH_MAX];	/* what: a device's name */
	struct device *m_dev;
	struct dentry *m_root;
	struct dentry *m_covered;	/* the dentry it is mounted on */
	void *m_data;			/* the file system's */
	struct uk_list_head mnt_list;
	fsid_t m_fsid;
};

/* m_flags */
#define MNT_RDONLY		0x00000001
#define MNT_SYNCHRONOUS		0x00000002
#define MNT_NOEXEC		0x00000004
#define MNT_NOSUID		0x00000008
#define MNT_NODEV		0x00000010
#define MNT_UNION		0x00000020
#define MNT_ASYNC		0x00000040
#define MNT_EXRDONLY		0x00000080
#define MNT_EXPORTED		0x00000100
#define MNT_DEFEXPORTED		0x00000200
#define MNT_EXPORTANON		0x00000400
#define MNT_EXKERB		0x00000800
#define MNT_LOCAL		0x00001000
#define MNT_QUOTA		0x00002000
#define MNT_ROOTFS		0x00004000
#define MNT_FORCE		0x00080000
#define MNT_VISFLAGMASK		0x0000ffff

struct vfsops {
	int (*vfs_mount)(struct mount *, const char *, int, const void *);
	int (*vfs_unmount)(struct mount *, int flags);
	int (*vfs_sync)(struct mount *);
	int (*vfs_vget)(struct mount *, struct vnode *);
	int (*vfs_statfs)(struct mount *, struct statfs *);
	struct vnops *vfs_vnops;
};

typedef int (*vfsop_mount_t)(struct mount *, const char *, int, const void *);
typedef int (*vfsop_umount_t)(struct mount *, int flags);
typedef int (*vfsop_sync_t)(struct mount *);
typedef int (*vfsop_vget_t)(struct mount *, struct vnode *);
typedef int (*vfsop_statfs_t)(struct mount *, struct statfs *);

#define VFS_MOUNT(MP, DEV, FL, DAT)	((MP)->m_op->vfs_mount)(MP, DEV, FL, DAT)
#define VFS_UNMOUNT(MP, FL)		((MP)->m_op->vfs_unmount)(MP, FL)
#define VFS_SYNC(MP)			((MP)->m_op->vfs_sync)(MP)
#define VFS_VGET(MP, VP)		((MP)->m_op->vfs_vget)(MP, VP)
#define VFS_STATFS(MP, SFP)		((MP)->m_op->vfs_statfs)(MP, SFP)
#define VFS_NULL			((void *)vfscore_nullop)

/* A file system type, as registered with UK_FS_REGISTER. */
struct vfscore_fs_type {
	const char *vs_name;
	int (*vs_init)(void);
	struct vfsops *vs_op;
};

/* Registers a file system type in the kernel image's table (section
 * vfs__fstab; kernel code only, not cells). */
#define UK_FS_REGISTER(fssw)						\
	static const struct vfscore_fs_type *const __used		\
	__section("vfs__fstab") UK_CONCAT(__vfs_fstab_, __LINE__) = &(fssw)

int vfscore_nullop();
int vfscore_einval();
/* Counts a user of the mount (it cannot go away meanwhile); and back. */
void vfs_busy(struct mount *mp);
void vfs_unbusy(struct mount *mp);
/* Forgets every dentry of the mount (before it goes away). */
void vfscore_release_mp_dentries(struct mount *mp);

#endif /* _VFSCORE_SYS_MOUNT_H_ */
