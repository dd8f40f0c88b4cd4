/* Address spaces: the kernel's and those of other page tables, each with
 * its own mmap window, brk window and list of mappings. The windows lie
 * where nothing else is mapped: from 1 TiB up (see kernel-src/README.md,
 * "Memory and paging"). */
#include <errno.h>
#include <uk/alloc.h>
#include <uk/mmap.h>
#include <uk/mutex.h>

#define TIB		(1UL << 40)
#define GIB		(1UL << 30)
/* slot n: mmap in [n + 1 TiB, n + 1 TiB + 512 GiB), brk 512 GiB above */
#define MMAP_BASE(n)	((n + 1) * TIB)
#define MMAP_SIZE	(512 * GIB)

/* The kernel's: pt NULL, the space of every table not added here. */
static struct ukmmap_space kernel_space;
static int kernel_space_ready;
static UK_LIST_HEAD(spaces);
static struct uk_mutex spaces_lock = UK_MUTEX_INITIALIZER(spaces_lock);

static void space_init(struct ukmmap_space *s, struct uk_pagetable *pt,
		       unsigned int slot)
{
	s->pt = pt;
	s->mmap_base = MMAP_BASE(slot);
	s->mmap_end = s->mmap_base + MMAP_SIZE;
	s->brk_base = s->brk = s->mmap_end;
	s->brk_end = s->brk_base + MMAP_SIZE;
	UK_INIT_LIST_HEAD(&s->regions);
}

struct ukmmap_space *ukmmap_space_current(void)
{
	struct uk_pagetable *pt = ukplat_pt_get_active();
	struct ukmmap_space *s, *found = &kernel_space;

	uk_mutex_lock(&spaces_lock);
	if (!kernel_space_ready) {
		space_init(&kernel_space, NULL, 0);
		uk_list_add(&kernel_space.link, &spaces);
		kernel_space_ready = 1;
	}
	uk_list_for_each_entry(s, &spaces, link)
		if (s->pt == pt)
			found = s;
	uk_mutex_unlock(&spaces_lock);
	return found;
}

int ukmmap_space_add(struct uk_pagetable *pt, unsigned int slot)
{
	struct ukmmap_space *s;

	if (!pt || !slot || slot > 60)
		return -EINVAL;
	s = uk_zalloc(uk_alloc_get_default(), sizeof(*s));
	if (!s)
		return -ENOMEM;
	space_init(s, pt, slot);
	uk_mutex_lock(&spaces_lock);
	uk_list_add(&s->link, &spaces);
	uk_mutex_unlock(&spaces_lock);
	return 0;
}

void ukmmap_space_remove(struct uk_pagetable *pt)
{
	struct ukmmap_space *s, *n;
	struct ukmmap_region *r, *rn;

	uk_mutex_lock(&spaces_lock);
	uk_list_for_each_entry_safe(s, n, &spaces, link) {
		if (s->pt != pt || s == &kernel_space)
			continue;
		uk_list_del(&s->link);
		uk_list_for_each_entry_safe(r, rn, &s->regions, link)
			uk_free(uk_alloc_get_default(), r);
		uk_free(uk_alloc_get_default(), s);
	}
	uk_mutex_unlock(&spaces_lock);
}
