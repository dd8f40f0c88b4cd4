/* devfs: a flat directory of the devices in devices.c, mounted at /dev at
 * boot (automount.c). A device's vnode has the device's index + 1 as its number and the
 * device as its v_data; reads and writes ignore the file offset. */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <vfscore/mount.h>
#include <vfscore/uio.h>
#include <vfscore/vnode.h>
#include "devfs_impl.h"

#define DEVICE(vp)	((const struct devfs_device *)(vp)->v_data)

static int devfs_lookup(struct vnode *dvp, char *name, struct vnode **vpp)
{
	unsigned int i;
	int rc;

	for (i = 0; i < devfs_device_count; i++)
		if (!strcmp(devfs_devices[i].name, name))
			break;
	if (i == devfs_device_count)
		return ENOENT;
	rc = vfscore_vget(dvp->v_mount, i + 1, vpp);
	if (rc < 0)
		return -rc;
	(*vpp)->v_data = (void *)&devfs_devices[i];
	(*vpp)->v_type = VCHR;
	(*vpp)->v_mode = S_IFCHR | devfs_devices[i].mode;
	vn_unlock(*vpp);
	return 0;
}

/* One iovec at a time (vnode_file.c gives one); a device moves what it
 * can. */
static int devfs_read(struct vnode *vp, struct vfscore_file *fp __unused,
		      struct uio *uio, int ioflag __unused)
{
	struct iovec *iov = uio->uio_iov;
	ssize_t n;

	if (vp->v_type != VCHR)
		return EISDIR;
	n = DEVICE(vp)->read(iov->iov_base, iov->iov_len);
	if (n < 0)
		return (int)-n;
	uio->uio_resid -= n;
	uio->uio_offset += n;
	return 0;
}

static int devfs_write(struct vnode *vp, struct uio *uio,
		       int ioflag __unused)
{
	struct iovec *iov = uio->uio_iov;
	ssize_t n = DEVICE(vp)->write(iov->iov_base, iov->iov_len);

	if (n < 0)
		return (int)-n;
	uio->uio_resid -= n;
	uio->uio_offset += n;
	return 0;
}

static int devfs_ioctl(struct vnode *vp, struct vfscore_file *fp __unused,
		       unsigned long request, void *argp)
{
	if (vp->v_type != VCHR || !DEVICE(vp)->ioctl)
		return ENOTTY;
	return DEVICE(vp)->ioctl(request, argp);
}

/* ".", "..", then the devices */
static int devfs_readdir(struct vnode *vp __unused, struct vfscore_file *fp,
			 struct dirent *d)
{
	off_t i = fp->f_offset;

	memset(d, 0, sizeof(*d));
	if (i >= 2 + (off_t)devfs_device_count)
		return ENOENT;
	strcpy(d->d_name, i == 0 ? "." : i == 1 ? ".." :
				 devfs_devices[i - 2].name);
	d->d_type = i < 2 ? DT_DIR : DT_CHR;
	d->d_ino = (ino_t)(i < 2 ? 1 : i);
	fp->f_offset++;
	return 0;
}

static int devfs_getattr(struct vnode *vp, struct vattr *va)
{
	va->va_type = vp->v_type;
	va->va_mode = vp->v_mode & 07777;
	va->va_nlink = 1;
	va->va_nodeid = vp->v_ino;
	/* Linux's numbers for the memory devices (major 1), console 5:1 */
	if (vp->v_type == VCHR)
		va->va_rdev = !strcmp(DEVICE(vp)->name, "console") ?
			(5 << 8) | 1 : (1 << 8) | (vp->v_ino + 2);
	return 0;
}

static struct vnops devfs_vnops = {
	.vop_open = (vnop_open_t)vfscore_vop_nullop,
	.vop_close = (vnop_close_t)vfscore_vop_nullop,
	.vop_read = devfs_read,
	.vop_write = devfs_write,
	.vop_ioctl = devfs_ioctl,
	.vop_readdir = devfs_readdir,
	.vop_lookup = devfs_lookup,
	.vop_create = (vnop_create_t)vfscore_vop_eperm,
	.vop_mkdir = (vnop_mkdir_t)vfscore_vop_eperm,
	.vop_remove = (vnop_remove_t)vfscore_vop_eperm,
	.vop_rmdir = (vnop_rmdir_t)vfscore_vop_eperm,
	.vop_getattr = devfs_getattr,
	.vop_setattr = (vnop_setattr_t)vfscore_vop_eperm,
	.vop_inactive = (vnop_inactive_t)vfscore_vop_nullop,
	.vop_truncate = (vnop_truncate_t)vfscore_vop_nullop,
};

static struct vfsops devfs_vfsops = {
	.vfs_mount = (vfsop_mount_t)vfscore_nullop,
	.vfs_unmount = (vfsop_umount_t)vfscore_nullop,
	.vfs_sync = (vfsop_sync_t)vfscore_nullop,
	.vfs_vget = (vfsop_vget_t)vfscore_nullop,
	.vfs_statfs = (vfsop_statfs_t)vfscore_einval,
	.vfs_vnops = &devfs_vnops,
};

static struct vfscore_fs_type devfs_fs = {
	.vs_name = "devfs",
	.vs_op = &devfs_vfsops,
};
UK_FS_REGISTER(devfs_fs);
