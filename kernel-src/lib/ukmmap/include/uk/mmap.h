/* Address spaces as lib/ukmmap keeps them: where mmap() looks for room
 * and where the brk heap lies, per page-table hierarchy. */
#ifndef __UK_MMAP_H__
#define __UK_MMAP_H__

#include <uk/arch/types.h>
#include <uk/list.h>
#include <uk/plat/paging.h>

struct ukmmap_space {
	struct uk_pagetable *pt;
	__vaddr_t mmap_base, mmap_end;	/* mmap's window */
	__vaddr_t brk_base, brk_end;	/* the brk heap's window */
	__vaddr_t brk;			/* the current break */
	struct uk_list_head regions;	/* struct ukmmap_region, by address */
	struct uk_list_head link;
};

/* A mapping mmap() made: [start, end) with PROT_* rights. */
struct ukmmap_region {
	__vaddr_t start, end;
	int prot;
	struct uk_list_head link;
};

/* The space of the page tables the calling CPU runs on. The kernel's
 * exists from boot; ukmmap_space_add() gives other tables (ukplat_pt_clone)
 * one, with windows apart from the kernel's (slot 1, 2, ...: slot n's
 * windows lie n TiB above the kernel's), and ukmmap_space_remove() forgets
 * it (its pages go with the tables: ukplat_pt_free). 0 or -errno. */
struct ukmmap_space *ukmmap_space_current(void);
int ukmmap_space_add(struct uk_pagetable *pt, unsigned int slot);
void ukmmap_space_remove(struct uk_pagetable *pt);

/* The brk system call: the new break (the old one when addr is 0, out of
 * the window, or memory ran out). */
unsigned long ukmmap_brk(unsigned long addr);

#endif /* __UK_MMAP_H__ */
