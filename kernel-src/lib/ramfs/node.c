/* ramfs nodes: allocation, names in a directory, times and the bytes of a
 * regular file (one heap buffer that grows by doubling). */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/plat/time.h>
#include "ramfs_impl.h"

static unsigned long next_serial = 1;

struct ramfs_node *ramfs_node_new(const char *name, enum vtype type,
				  mode_t mode)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct ramfs_node *np = uk_zalloc(a, sizeof(*np));

	if (!np)
		return NULL;
	np->name = uk_malloc(a, strlen(name) + 1);
	if (!np->name) {
		uk_free(a, np);
		return NULL;
	}
	strcpy(np->name, name);
	np->type = type;
	np->mode = mode & 07777;
	np->serial = __atomic_fetch_add(&next_serial, 1, __ATOMIC_RELAXED);
	UK_INIT_LIST_HEAD(&np->children);
	UK_INIT_LIST_HEAD(&np->sibling);
	ramfs_touch(np, AT_ATIME | AT_MTIME | AT_CTIME);
	return np;
}

void ramfs_node_free(struct ramfs_node *np)
{
	struct uk_alloc *a = uk_alloc_get_default();

	uk_free(a, np->data);
	uk_free(a, np->name);
	uk_free(a, np);
}

struct ramfs_node *ramfs_child(struct ramfs_node *dir, const char *name)
{
	struct ramfs_node *np;

	uk_list_for_each_entry(np, &dir->children, sibling)
		if (!strcmp(np->name, name))
			return np;
	return NULL;
}

void ramfs_touch(struct ramfs_node *np, unsigned int which)
{
	__nsec now = ukplat_wall_clock();
	struct timespec ts = { (time_t)(now / 1000000000ULL),
			       (long)(now % 1000000000ULL) };

	if (which & AT_ATIME)
		np->atime = ts;
	if (which & AT_MTIME)
		np->mtime = ts;
	if (which & AT_CTIME)
		np->ctime = ts;
}

int ramfs_resize(struct ramfs_node *np, size_t size)
{
	size_t cap = np->cap ? np->cap : 64;
	char *data;

	if (size > np->cap) {
		while (cap < size)
			cap *= 2;
		data = uk_realloc(uk_alloc_get_default(), np->data, cap);
		if (!data)
			return ENOMEM;
		np->data = data;
		np->cap = cap;
	}
	if (size > np->size)
		memset(np->data + np->size, 0, size - np->size);
	np->size = size;
	return 0;
}
