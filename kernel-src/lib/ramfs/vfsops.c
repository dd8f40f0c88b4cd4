/* ramfs as a file system type: mount gives the root vnode a fresh root
 * directory, unmount frees the tree. Registered as "ramfs". */
#include <errno.h>
#include <uk/alloc.h>
#include <vfscore/dentry.h>
#include <vfscore/mount.h>
#include "ramfs_impl.h"

static int ramfs_mount(struct mount *mp, const char *dev __unused,
		       int flags __unused, const void *data __unused)
{
	struct ramfs_node *root = ramfs_node_new("/", VDIR, 0755);

	if (!root)
		return ENOMEM;
	mp->m_root->d_vnode->v_data = root;
	mp->m_data = root;
	return 0;
}

static void free_tree(struct ramfs_node *np)
{
	struct ramfs_node *child, *n;

	uk_list_for_each_entry_safe(child, n, &np->children, sibling)
		free_tree(child);
	ramfs_node_free(np);
}

/* vfscore refuses while files of the mount are in use (m_count). */
static int ramfs_unmount(struct mount *mp, int flags __unused)
{
	mp->m_root->d_vnode->v_data = NULL;
	free_tree(mp->m_data);
	return 0;
}

static struct vfsops ramfs_vfsops = {
	.vfs_mount = ramfs_mount,
	.vfs_unmount = ramfs_unmount,
	.vfs_sync = (vfsop_sync_t)vfscore_nullop,
	.vfs_vget = (vfsop_vget_t)vfscore_nullop,
	.vfs_statfs = (vfsop_statfs_t)vfscore_einval,
	.vfs_vnops = &ramfs_vnops,
};

static struct vfscore_fs_type ramfs_fs = {
	.vs_name = "ramfs",
	.vs_op = &ramfs_vfsops,
};
UK_FS_REGISTER(ramfs_fs);
