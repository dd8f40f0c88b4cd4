/* The vnode layer of <vfscore/vnode.h>: a cache of vnodes by (mount, ino)
 * with reference counts, locks, names and attributes. The file systems a
 * cell builds fill the vnodes in (VFS_VGET) and forget them (VOP_INACTIVE). */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <vfscore/dentry.h>
#include <vfscore/mount.h>
#include <vfscore/prex.h>
#include <vfscore/vnode.h>

#define VNODE_BUCKETS	32

static struct uk_list_head vnode_hash[VNODE_BUCKETS] = {
	[0 ... VNODE_BUCKETS - 1] = { NULL, NULL } };
static struct uk_mutex vnode_lock = UK_MUTEX_INITIALIZER(vnode_lock);

/* enum vtype by S_IFMT >> 12, and back */
const enum vtype vfscore_iftovt_tab[16] = {
	VNON, VFIFO, VCHR, VNON, VDIR, VNON, VBLK, VNON,
	VREG, VNON, VLNK, VNON, VSOCK, VNON, VNON, VBAD,
};
const int vfscore_vttoif_tab[10] = {
	0, S_IFREG, S_IFDIR, S_IFBLK, S_IFCHR, S_IFLNK, S_IFSOCK, S_IFIFO,
	0, 0,
};

static struct uk_list_head *bucket(struct mount *mp, uint64_t ino)
{
	struct uk_list_head *b =
		&vnode_hash[((__uptr)mp / sizeof(void *) + ino) % VNODE_BUCKETS];

	if (!b->next)
		UK_INIT_LIST_HEAD(b);
	return b;
}

/* vnode_lock held */
static struct vnode *find(struct mount *mp, uint64_t ino)
{
	struct uk_list_head *b = bucket(mp, ino);
	struct vnode *vp;

	uk_list_for_each_entry(vp, b, v_link) {
		if (vp->v_mount == mp && vp->v_ino == ino)
			return vp;
	}
	return NULL;
}

struct vnode *vn_lookup(struct mount *mp, uint64_t ino)
{
	struct vnode *vp;

	uk_mutex_lock(&vnode_lock);
	vp = find(mp, ino);
	if (vp)
		vp->v_refcnt++;
	uk_mutex_unlock(&vnode_lock);
	return vp;
}

int vfscore_vget(struct mount *mp, uint64_t ino, struct vnode **vpp)
{
	struct vnode *vp;

	uk_mutex_lock(&vnode_lock);
	vp = find(mp, ino);
	if (vp) {
		vp->v_refcnt++;
		uk_mutex_unlock(&vnode_lock);
		vn_lock(vp);
		*vpp = vp;
		return 1;
	}
	vp = uk_zalloc(uk_alloc_get_default(), sizeof(*vp));
	if (!vp) {
		uk_mutex_unlock(&vnode_lock);
		*vpp = NULL;
		return -ENOMEM;
	}
	vp->v_ino = ino;
	vp->v_mount = mp;
	vp->v_refcnt = 1;
	vp->v_op = mp && mp->m_op ? mp->m_op->vfs_vnops : NULL;
	uk_mutex_init(&vp->v_lock);
	UK_INIT_LIST_HEAD(&vp->v_names);
	uk_list_add(&vp->v_link, bucket(mp, ino));
	uk_mutex_unlock(&vnode_lock);
	vn_lock(vp);
	*vpp = vp;
	return 0;
}

void vn_lock(struct vnode *vp)
{
	uk_mutex_lock(&vp->v_lock);
}

void vn_unlock(struct vnode *vp)
{
	uk_mutex_unlock(&vp->v_lock);
}

/* The last reference is gone: the file system forgets it, then it goes. */
static void vnode_free(struct vnode *vp)
{
	if (vp->v_op && vp->v_op->vop_inactive)
		VOP_INACTIVE(vp);
	uk_free(uk_alloc_get_default(), vp);
}

void vrele(struct vnode *vp)
{
	int last;

	uk_mutex_lock(&vnode_lock);
	UK_ASSERT(vp->v_refcnt > 0);
	last = --vp->v_refcnt == 0;
	if (last)
		uk_list_del(&vp->v_link);
	uk_mutex_unlock(&vnode_lock);
	if (last)
		vnode_free(vp);
}

void vput(struct vnode *vp)
{
	vn_unlock(vp);
	vrele(vp);
}

void vref(struct vnode *vp)
{
	uk_mutex_lock(&vnode_lock);
	vp->v_refcnt++;
	uk_mutex_unlock(&vnode_lock);
}

void vflush(struct mount *mp)
{
	struct vnode *vp, *n;
	int i;

	uk_mutex_lock(&vnode_lock);
	for (i = 0; i < VNODE_BUCKETS; i++) {
		if (!vnode_hash[i].next)
			continue;
		uk_list_for_each_entry_safe(vp, n, &vnode_hash[i], v_link) {
			if (vp->v_mount == mp && vp->v_refcnt == 0)
				uk_list_del(&vp->v_link);
		}
	}
	uk_mutex_unlock(&vnode_lock);
}

int vn_stat(struct vnode *vp, struct stat *st)
{
	struct vattr va;
	int rc;

	memset(&va, 0, sizeof(va));
	memset(st, 0, sizeof(*st));
	if (!vp->v_op || !vp->v_op->vop_getattr)
		return EINVAL;
	rc = VOP_GETATTR(vp, &va);
	if (rc)
		return rc;
	st->st_ino = (ino_t)va.va_nodeid;
	st->st_mode = va.va_mode | (mode_t)VTTOIF(va.va_type);
	st->st_nlink = va.va_nlink;
	st->st_uid = va.va_uid;
	st->st_gid = va.va_gid;
	st->st_rdev = va.va_rdev;
	st->st_size = va.va_size;
	st->st_blksize = BSIZE;
	st->st_blocks = (blkcnt_t)va.va_nblocks;
	st->st_atim = va.va_atime;
	st->st_mtim = va.va_mtime;
	st->st_ctim = va.va_ctime;
	return 0;
}

static int set_attr(struct vnode *vp, struct vattr *va)
{
	if (!vp->v_op || !vp->v_op->vop_setattr)
		return EPERM;
	return VOP_SETATTR(vp, va);
}

int vn_settimes(struct vnode *vp, struct timespec times[2])
{
	struct vattr va;

	memset(&va, 0, sizeof(va));
	va.va_mask = AT_ATIME | AT_MTIME;
	va.va_atime = times[0];
	va.va_mtime = times[1];
	return set_attr(vp, &va);
}

int vn_setmode(struct vnode *vp, mode_t mode)
{
	struct vattr va;

	memset(&va, 0, sizeof(va));
	va.va_mask = AT_MODE;
	va.va_mode = mode;
	vp->v_mode = mode;
	return set_attr(vp, &va);
}

/* One user, all-powerful except where the mode forbids it to everyone. */
int vn_access(struct vnode *vp, int flags)
{
	if ((flags & VEXEC) && !(vp->v_mode & (S_IXUSR | S_IXGRP | S_IXOTH)))
		return EACCES;
	if ((flags & VREAD) && !(vp->v_mode & (S_IRUSR | S_IRGRP | S_IROTH)))
		return EACCES;
	if ((flags & VWRITE) && !(vp->v_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
		return EACCES;
	return 0;
}

void vn_add_name(struct vnode *vp, struct dentry *dp)
{
	vn_lock(vp);
	uk_list_add(&dp->d_names_link, &vp->v_names);
	vn_unlock(vp);
}

void vn_del_name(struct vnode *vp, struct dentry *dp)
{
	vn_lock(vp);
	uk_list_del_init(&dp->d_names_link);
	vn_unlock(vp);
}

void vnode_pager_setsize(struct vnode *vp, off_t size)
{
	vp->v_size = size;
}
