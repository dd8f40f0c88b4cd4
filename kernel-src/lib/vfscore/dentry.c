/* Dentries (<vfscore/dentry.h>): names of vnodes cached by (mount, path),
 * referenced like vnodes. */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <vfscore/dentry.h>
#include <vfscore/mount.h>
#include <vfscore/vnode.h>

#define DENTRY_BUCKETS	32

static struct uk_hlist_head dentry_hash[DENTRY_BUCKETS];
static struct uk_mutex dentry_lock = UK_MUTEX_INITIALIZER(dentry_lock);

static struct uk_hlist_head *bucket(struct mount *mp, const char *path)
{
	unsigned long h = (__uptr)mp;

	while (*path)
		h = h * 31 + (unsigned char)*path++;
	return &dentry_hash[h % DENTRY_BUCKETS];
}

static char *copy_path(const char *path)
{
	size_t n = strlen(path) + 1;
	char *p = uk_malloc(uk_alloc_get_default(), n);

	if (p)
		memcpy(p, path, n);
	return p;
}

struct dentry *dentry_alloc(struct dentry *parent_dp, struct vnode *vp,
			    const char *path)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct mount *mp = vp ? vp->v_mount : NULL;
	struct dentry *dp = uk_zalloc(a, sizeof(*dp));

	if (!dp)
		return NULL;
	dp->d_path = copy_path(path);
	if (!dp->d_path) {
		uk_free(a, dp);
		return NULL;
	}
	dp->d_refcnt = 1;
	dp->d_vnode = vp;
	dp->d_mount = mp;
	uk_mutex_init(&dp->d_lock);
	UK_INIT_LIST_HEAD(&dp->d_child_list);
	UK_INIT_LIST_HEAD(&dp->d_child_link);
	UK_INIT_LIST_HEAD(&dp->d_names_link);
	if (vp) {
		vref(vp);
		vn_add_name(vp, dp);
	}
	uk_mutex_lock(&dentry_lock);
	if (parent_dp) {
		dp->d_parent = parent_dp;
		parent_dp->d_refcnt++;
		uk_list_add(&dp->d_child_link, &parent_dp->d_child_list);
	}
	uk_hlist_add_head(&dp->d_link, bucket(mp, path));
	uk_mutex_unlock(&dentry_lock);
	return dp;
}

struct dentry *dentry_lookup(struct mount *mp, char *path)
{
	struct dentry *dp;

	uk_mutex_lock(&dentry_lock);
	uk_hlist_for_each_entry(dp, bucket(mp, path), d_link) {
		if (dp->d_mount == mp && !strcmp(dp->d_path, path)) {
			dp->d_refcnt++;
			uk_mutex_unlock(&dentry_lock);
			return dp;
		}
	}
	uk_mutex_unlock(&dentry_lock);
	return NULL;
}

/* dentry_lock held: gives dp the path and rehashes it */
static void rename_one(struct dentry *dp, char *path)
{
	uk_free(uk_alloc_get_default(), dp->d_path);
	dp->d_path = path;
	uk_hlist_del_init(&dp->d_link);
	uk_hlist_add_head(&dp->d_link, bucket(dp->d_mount, path));
}

int dentry_move(struct dentry *dp, struct dentry *parent_dp, char *path)
{
	size_t old_len = strlen(dp->d_path);
	struct dentry *child;
	char *copy = copy_path(path);

	if (!copy)
		return ENOMEM;
	uk_mutex_lock(&dentry_lock);
	/* the children's paths start with ours: give them the new prefix */
	uk_list_for_each_entry(child, &dp->d_child_list, d_child_link) {
		size_t n = strlen(path) + strlen(child->d_path + old_len) + 1;
		char *p = uk_malloc(uk_alloc_get_default(), n);

		if (p) {
			strcpy(p, path);
			strcat(p, child->d_path + old_len);
			rename_one(child, p);
		}
	}
	rename_one(dp, copy);
	if (parent_dp != dp->d_parent) {
		uk_list_del_init(&dp->d_child_link);
		if (parent_dp)
			uk_list_add(&dp->d_child_link, &parent_dp->d_child_list);
		dp->d_parent = parent_dp;
	}
	uk_mutex_unlock(&dentry_lock);
	return 0;
}

void dentry_remove(struct dentry *dp)
{
	uk_mutex_lock(&dentry_lock);
	uk_hlist_del_init(&dp->d_link);
	uk_mutex_unlock(&dentry_lock);
}

void dref(struct dentry *dp)
{
	uk_mutex_lock(&dentry_lock);
	dp->d_refcnt++;
	uk_mutex_unlock(&dentry_lock);
}

void drele(struct dentry *dp)
{
	struct dentry *parent;
	int last;

	uk_mutex_lock(&dentry_lock);
	UK_ASSERT(dp->d_refcnt > 0);
	last = --dp->d_refcnt == 0;
	if (last) {
		uk_hlist_del_init(&dp->d_link);
		uk_list_del_init(&dp->d_child_link);
	}
	uk_mutex_unlock(&dentry_lock);
	if (!last)
		return;
	parent = dp->d_parent;
	if (dp->d_vnode) {
		vn_del_name(dp->d_vnode, dp);
		vrele(dp->d_vnode);
	}
	uk_free(uk_alloc_get_default(), dp->d_path);
	uk_free(uk_alloc_get_default(), dp);
	if (parent)
		drele(parent);
}

void vfscore_release_mp_dentries(struct mount *mp)
{
	struct uk_hlist_node *n;
	struct dentry *dp;
	int i;

	uk_mutex_lock(&dentry_lock);
	for (i = 0; i < DENTRY_BUCKETS; i++) {
		uk_hlist_for_each_entry_safe(dp, n, &dentry_hash[i], d_link) {
			if (dp->d_mount == mp)
				uk_hlist_del_init(&dp->d_link);
		}
	}
	uk_mutex_unlock(&dentry_lock);
}
