/* Anonymous mmap(), munmap(), mprotect() and madvise(): zeroed frames from
 * the paging API (ukplat_page_map with __PADDR_ANY) in the current
 * space's mmap window, first fit; the space's list of regions says what
 * is taken. PROT_* values are the paging API's PAGE_ATTR_PROT_* ones. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <uk/alloc.h>
#include <uk/mmap.h>
#include <uk/mutex.h>
#include <uk/syscall.h>

#define PROT_MASK	(PROT_READ | PROT_WRITE | PROT_EXEC)

static struct uk_mutex mmap_lock = UK_MUTEX_INITIALIZER(mmap_lock);

/* The lowest address in the window with len free bytes, or 0. */
static __vaddr_t find_gap(struct ukmmap_space *s, size_t len)
{
	struct ukmmap_region *r;
	__vaddr_t at = s->mmap_base;

	uk_list_for_each_entry(r, &s->regions, link) {
		if (r->start >= at + len)
			return at;
		at = MAX(at, r->end);
	}
	return s->mmap_end - at >= len ? at : 0;
}

static int add_region(struct ukmmap_space *s, __vaddr_t start,
		      __vaddr_t end)
{
	struct ukmmap_region *r, *nr;

	nr = uk_malloc(uk_alloc_get_default(), sizeof(*nr));
	if (!nr)
		return -ENOMEM;
	nr->start = start;
	nr->end = end;
	uk_list_for_each_entry(r, &s->regions, link) {
		if (r->start > start) {
			uk_list_add_tail(&nr->link, &r->link);
			return 0;
		}
	}
	uk_list_add_tail(&nr->link, &s->regions);
	return 0;
}

/* Takes [start, end) out of the regions and out of the page tables. */
static int remove_range(struct ukmmap_space *s, __vaddr_t start,
			__vaddr_t end)
{
	struct ukmmap_region *r, *n;
	__vaddr_t a, b;
	int rc;

	uk_list_for_each_entry_safe(r, n, &s->regions, link) {
		if (r->end <= start || r->start >= end)
			continue;
		a = MAX(r->start, start);
		b = MIN(r->end, end);
		if (r->start < a && r->end > b) {	/* a hole: split */
			rc = add_region(s, b, r->end);
			if (rc)
				return rc;
			r->end = a;
		} else if (r->start < a) {
			r->end = a;
		} else if (r->end > b) {
			r->start = b;
		} else {
			uk_list_del(&r->link);
			uk_free(uk_alloc_get_default(), r);
		}
		rc = ukplat_page_unmap(ukplat_pt_get_active(), a,
				       (b - a) / PAGE_SIZE, 0);
		if (rc)
			return rc;
	}
	return 0;
}

static long map_anon(struct ukmmap_space *s, __vaddr_t at, size_t len,
		     int prot)
{
	struct uk_pagetable *pt = ukplat_pt_get_active();
	long rc;

	/* inaccessible pages are mapped first, then made so */
	rc = ukplat_page_map(pt, at, __PADDR_ANY, len / PAGE_SIZE,
			     prot ? prot : PAGE_ATTR_PROT_RW, 0);
	if (!rc && !prot)
		rc = ukplat_page_set_attr(pt, at, len / PAGE_SIZE,
					  PAGE_ATTR_PROT_NONE, 0);
	if (!rc)
		rc = add_region(s, at, at + len);
	return rc ? (rc == -EEXIST ? -ENOMEM : rc) : (long)at;
}

static long do_mmap(__vaddr_t addr, size_t len, int prot, int flags)
{
	struct ukmmap_space *s = ukmmap_space_current();
	__vaddr_t at;
	long rc;

	if (!len || (prot & ~PROT_MASK))
		return -EINVAL;
	len = PAGE_ALIGN_UP(len);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (!PAGE_ALIGNED(addr))
			return -EINVAL;
		at = addr;
		if (flags & MAP_FIXED) {
			rc = remove_range(s, at, at + len);
			if (rc)
				return rc;
		}
	} else {
		at = find_gap(s, len);
		if (!at)
			return -ENOMEM;
	}
	return map_anon(s, at, len, prot);
}

UK_SYSCALL_R_DEFINE(void *, mmap, void *, addr, size_t, len, int, prot,
		    int, flags, int, fd, off_t, off)
{
	long rc;

	if (!(flags & MAP_ANONYMOUS) || fd != -1)
		return (void *)-ENODEV;	/* no file mappings here */
	if (off)
		return (void *)-EINVAL;
	uk_mutex_lock(&mmap_lock);
	rc = do_mmap((__vaddr_t)addr, len, prot, flags);
	uk_mutex_unlock(&mmap_lock);
	return (void *)rc;
}

UK_SYSCALL_R_DEFINE(int, munmap, void *, addr, size_t, len)
{
	__vaddr_t a = (__vaddr_t)addr;
	int rc;

	if (!PAGE_ALIGNED(a) || !len)
		return -EINVAL;
	uk_mutex_lock(&mmap_lock);
	rc = remove_range(ukmmap_space_current(), a, a + PAGE_ALIGN_UP(len));
	uk_mutex_unlock(&mmap_lock);
	return rc;
}

UK_SYSCALL_R_DEFINE(int, mprotect, void *, addr, size_t, len, int, prot)
{
	__vaddr_t a = (__vaddr_t)addr;
	int rc;

	if (!PAGE_ALIGNED(a) || (prot & ~PROT_MASK))
		return -EINVAL;
	if (!len)
		return 0;
	rc = ukplat_page_set_attr(ukplat_pt_get_active(), a,
				  PAGE_ALIGN_UP(len) / PAGE_SIZE, prot, 0);
	return rc == -EFAULT ? -ENOMEM : rc;
}

/* MADV_DONTNEED: the pages read as zeros again, as Linux's anonymous
 * private pages do; the other advice is taken and ignored. */
UK_SYSCALL_R_DEFINE(int, madvise, void *, addr, size_t, len, int, advice)
{
	if (!PAGE_ALIGNED((__vaddr_t)addr))
		return -EINVAL;
	if (advice == MADV_DONTNEED)
		memset(addr, 0, len);
	return 0;
}
