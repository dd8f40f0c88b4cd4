/* Directory entries: names of vnodes, cached by (mount, path) (after
 * Unikraft's vfscore/dentry.h). */
#ifndef _OSV_DENTRY_H
#define _OSV_DENTRY_H

#include <uk/list.h>
#include <uk/mutex.h>

struct vnode;
struct mount;

struct dentry {
	struct uk_hlist_node d_link;	/* the cache's hash chain */
	int d_refcnt;
	char *d_path;			/* from the root of its mount */
	struct vnode *d_vnode;
	struct mount *d_mount;
	struct dentry *d_parent;
	struct uk_list_head d_names_link; /* its vnode's v_names */
	struct uk_mutex d_lock;
	struct uk_list_head d_child_list; /* its children's d_child_link */
	struct uk_list_head d_child_link;
};

/* A new dentry with one reference, naming vp (which gains a reference) at
 * path under parent_dp (may be NULL); NULL if out of memory. */
struct dentry *dentry_alloc(struct dentry *parent_dp, struct vnode *vp,
			    const char *path);
/* The cached dentry of path in mp with a new reference, or NULL. */
struct dentry *dentry_lookup(struct mount *mp, char *path);
/* Renames dp (and its descendants) to path under parent_dp: 0 or ENOMEM. */
int dentry_move(struct dentry *dp, struct dentry *parent_dp, char *path);
/* Takes dp out of the cache (it lives on while referenced). */
void dentry_remove(struct dentry *dp);
void dref(struct dentry *dp);
/* The last reference frees it and releases its vnode. */
void drele(struct dentry *dp);

#endif /* _OSV_DENTRY_H */
