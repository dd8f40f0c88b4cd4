/* What the files of lib/ramfs share: the tree of nodes. */
#ifndef __RAMFS_IMPL_H__
#define __RAMFS_IMPL_H__

#include <sys/types.h>
#include <time.h>
#include <uk/list.h>
#include <vfscore/vnode.h>

/* A file or directory. Nodes live as long as their name does (and after
 * an unlink, as long as a vnode still refers to them). */
struct ramfs_node {
	char *name;
	enum vtype type;		/* VREG or VDIR */
	mode_t mode;			/* permission bits */
	unsigned long serial;		/* st_ino */
	struct uk_list_head children;	/* VDIR: ramfs_node.sibling */
	struct uk_list_head sibling;
	int removed;			/* no name any more */
	char *data;			/* VREG: the bytes, cap allocated */
	size_t size;
	size_t cap;
	struct timespec atime, mtime, ctime;
};

/* node.c */
struct ramfs_node *ramfs_node_new(const char *name, enum vtype type,
				  mode_t mode);
void ramfs_node_free(struct ramfs_node *np);
struct ramfs_node *ramfs_child(struct ramfs_node *dir, const char *name);
/* Sets the node's times named by AT_ATIME/AT_MTIME/AT_CTIME to now. */
void ramfs_touch(struct ramfs_node *np, unsigned int which);
/* Gives a regular file `size` bytes (zeros past the old end): 0, ENOMEM. */
int ramfs_resize(struct ramfs_node *np, size_t size);

extern struct vnops ramfs_vnops;

#endif /* __RAMFS_IMPL_H__ */
