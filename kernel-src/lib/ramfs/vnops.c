/* ramfs's vnode operations. vfscore calls them with the vnode (for
 * directory operations, the directory's) locked; results are 0 or a
 * positive errno, as in vfscore's vnode layer. A vnode's v_data is its
 * node; a node's vnode is found by the node's address (vfscore_vget). */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <vfscore/prex.h>
#include <vfscore/mount.h>
#include <vfscore/uio.h>
#include "ramfs_impl.h"

#define NODE(vp)	((struct ramfs_node *)(vp)->v_data)

static int node_vnode(struct mount *mp, struct ramfs_node *np,
		      struct vnode **vpp)
{
	int rc = vfscore_vget(mp, (uint64_t)(__uptr)np, vpp);

	if (rc < 0)
		return -rc;
	if (rc == 0) {	/* new: fill it in */
		(*vpp)->v_data = np;
		(*vpp)->v_type = np->type;
		(*vpp)->v_mode = VTTOIF(np->type) | np->mode;
		(*vpp)->v_size = (off_t)np->size;
	}
	vn_unlock(*vpp);
	return 0;
}

static int ramfs_lookup(struct vnode *dvp, char *name, struct vnode **vpp)
{
	struct ramfs_node *np = ramfs_child(NODE(dvp), name);

	if (!np)
		return ENOENT;
	return node_vnode(dvp->v_mount, np, vpp);
}

static int add_child(struct vnode *dvp, char *name, enum vtype type,
		     mode_t mode)
{
	struct ramfs_node *dir = NODE(dvp), *np;

	if (ramfs_child(dir, name))
		return EEXIST;
	np = ramfs_node_new(name, type, mode);
	if (!np)
		return ENOMEM;
	uk_list_add_tail(&np->sibling, &dir->children);
	ramfs_touch(dir, AT_MTIME | AT_CTIME);
	return 0;
}

static int ramfs_create(struct vnode *dvp, char *name, mode_t mode)
{
	if (!S_ISREG(mode))
		return EINVAL;
	return add_child(dvp, name, VREG, mode);
}

static int ramfs_mkdir(struct vnode *dvp, char *name, mode_t mode)
{
	return add_child(dvp, name, VDIR, mode);
}

/* The name goes now; the node when its last vnode does (inactive). */
static int drop_name(struct vnode *dvp, struct vnode *vp)
{
	struct ramfs_node *np = NODE(vp);

	uk_list_del_init(&np->sibling);
	np->removed = 1;
	ramfs_touch(NODE(dvp), AT_MTIME | AT_CTIME);
	return 0;
}

static int ramfs_remove(struct vnode *dvp, struct vnode *vp,
			char *name __unused)
{
	return drop_name(dvp, vp);
}

static int ramfs_rmdir(struct vnode *dvp, struct vnode *vp,
		       char *name __unused)
{
	if (!uk_list_empty(&NODE(vp)->children))
		return ENOTEMPTY;
	if (vp->v_flags & VROOT)
		return EBUSY;
	return drop_name(dvp, vp);
}

static int ramfs_inactive(struct vnode *vp)
{
	struct ramfs_node *np = NODE(vp);

	if (np && np->removed)
		ramfs_node_free(np);
	return 0;
}

static int ramfs_read(struct vnode *vp, struct vfscore_file *fp __unused,
		      struct uio *uio, int ioflag __unused)
{
	struct ramfs_node *np = NODE(vp);
	size_t n;

	if (vp->v_type != VREG)
		return EINVAL;
	if (uio->uio_offset < 0)
		return EINVAL;
	if ((size_t)uio->uio_offset >= np->size)
		return 0;
	n = MIN(np->size - (size_t)uio->uio_offset, (size_t)uio->uio_resid);
	ramfs_touch(np, AT_ATIME);
	return vfscore_uiomove(np->data + uio->uio_offset, (int)n, uio);
}

static int ramfs_write(struct vnode *vp, struct uio *uio,
		       int ioflag __unused)
{
	struct ramfs_node *np = NODE(vp);
	size_t end = (size_t)uio->uio_offset + (size_t)uio->uio_resid;
	int rc;

	if (vp->v_type != VREG)
		return EINVAL;
	if (end > np->size) {
		rc = ramfs_resize(np, end);
		if (rc)
			return rc;
		vp->v_size = (off_t)end;
	}
	ramfs_touch(np, AT_MTIME | AT_CTIME);
	return vfscore_uiomove(np->data + uio->uio_offset,
			       (int)uio->uio_resid, uio);
}

static int ramfs_truncate(struct vnode *vp, off_t length)
{
	int rc = ramfs_resize(NODE(vp), (size_t)length);

	if (!rc) {
		vp->v_size = length;
		ramfs_touch(NODE(vp), AT_MTIME | AT_CTIME);
	}
	return rc;
}

/* Entry number fp->f_offset: ".", "..", then the children in order. */
static int ramfs_readdir(struct vnode *vp, struct vfscore_file *fp,
			 struct dirent *d)
{
	struct ramfs_node *np;
	off_t i = 2;

	memset(d, 0, sizeof(*d));
	if (fp->f_offset < 2) {
		strcpy(d->d_name, fp->f_offset ? ".." : ".");
		d->d_type = DT_DIR;
		d->d_ino = NODE(vp)->serial;
		fp->f_offset++;
		return 0;
	}
	uk_list_for_each_entry(np, &NODE(vp)->children, sibling) {
		if (i++ != fp->f_offset)
			continue;
		strlcpy(d->d_name, np->name, sizeof(d->d_name));
		d->d_type = np->type == VDIR ? DT_DIR : DT_REG;
		d->d_ino = np->serial;
		fp->f_offset++;
		return 0;
	}
	return ENOENT;
}

static int ramfs_getattr(struct vnode *vp, struct vattr *va)
{
	struct ramfs_node *np = NODE(vp);

	va->va_type = np->type;
	va->va_mode = np->mode;
	va->va_nlink = np->type == VDIR ? 2 : !np->removed;
	va->va_nodeid = np->serial;
	va->va_size = np->type == VDIR ? 4096 : (off_t)np->size;
	va->va_nblocks = (np->cap + 511) / 512;
	va->va_atime = np->atime;
	va->va_mtime = np->mtime;
	va->va_ctime = np->ctime;
	return 0;
}

static int ramfs_setattr(struct vnode *vp, struct vattr *va)
{
	struct ramfs_node *np = NODE(vp);

	if (va->va_mask & AT_MODE)
		np->mode = va->va_mode & 07777;
	if (va->va_mask & AT_ATIME)
		np->atime = va->va_atime;
	if (va->va_mask & AT_MTIME)
		np->mtime = va->va_mtime;
	ramfs_touch(np, AT_CTIME);
	return 0;
}

struct vnops ramfs_vnops = {
	.vop_open = (vnop_open_t)vfscore_vop_nullop,
	.vop_close = (vnop_close_t)vfscore_vop_nullop,
	.vop_read = ramfs_read,
	.vop_write = ramfs_write,
	.vop_seek = (vnop_seek_t)vfscore_vop_nullop,
	.vop_fsync = (vnop_fsync_t)vfscore_vop_nullop,
	.vop_readdir = ramfs_readdir,
	.vop_lookup = ramfs_lookup,
	.vop_create = ramfs_create,
	.vop_remove = ramfs_remove,
	.vop_rename = (vnop_rename_t)vfscore_vop_einval,
	.vop_mkdir = ramfs_mkdir,
	.vop_rmdir = ramfs_rmdir,
	.vop_getattr = ramfs_getattr,
	.vop_setattr = ramfs_setattr,
	.vop_inactive = ramfs_inactive,
	.vop_truncate = ramfs_truncate,
	.vop_link = (vnop_link_t)vfscore_vop_eperm,
	.vop_fallocate = (vnop_fallocate_t)vfscore_vop_einval,
	.vop_readlink = (vnop_readlink_t)vfscore_vop_einval,
	.vop_symlink = (vnop_symlink_t)vfscore_vop_eperm,
};
