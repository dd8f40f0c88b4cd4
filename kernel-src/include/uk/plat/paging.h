/* The paging API: map, unmap and protect pages of the kernel's page tables
 * (Unikraft 0.10's include/uk/plat/paging.h, the calls this kernel has, with
 * its names, flags and attribute values; implementation in
 * arch/<arch>/paging/, the calls on whole hierarchies in
 * plat/common/pagetables.c). */
#ifndef __UK_PLAT_PAGING_H__
#define __UK_PLAT_PAGING_H__

#include <uk/config.h>

#ifndef CONFIG_PAGING
#error "<uk/plat/paging.h> needs CONFIG_PAGING"
#endif

#include <uk/essentials.h>
#include <uk/arch/paging.h>

#ifndef __ASSEMBLY__

#include <errno.h>
#include <uk/falloc.h>

/* Nothing architecture-specific to keep per table, on either architecture */
struct ukarch_pagetable {
};

/*
 * A hierarchy of page tables. The kernel's (kernel_pt) is every CPU's at
 * boot; ukplat_pt_clone() makes others, ukplat_pt_set_active() switches a
 * CPU. pt_pbase is the CR3 or TTBR0_EL1 value; pt_vbase where the kernel
 * reaches the top table (x86_64: the same, its direct map is 1:1; arm64:
 * through the direct map at 0x0000_ff80_0000_0000). Frames and tables
 * come from `fa` (the kernel's: a uk_falloc over the page allocator).
 */
struct uk_pagetable {
	__vaddr_t pt_vbase;		/* top table, as the kernel sees it */
	__paddr_t pt_pbase;		/* its physical address: CR3, TTBR0 */
	struct uk_falloc *fa;		/* frames and page-table pages */
	struct ukarch_pagetable arch;
	/* statistics (Unikraft's CONFIG_PAGING_STATS, always on here) */
	unsigned long nr_lx_pages[PT_LEVELS];	/* leaf entries per level */
	unsigned long nr_lx_splits[PT_LEVELS];	/* large pages split */
	unsigned long nr_pt_pages[PT_LEVELS];	/* tables per level */
};

/* Flags of map, unmap and set_attr */
#define PAGE_FLAG_KEEP_PTES	0x01	/* unmap: clear only the present bit
					 * and keep the (empty) tables */
#define PAGE_FLAG_KEEP_FRAMES	0x02	/* unmap: do not free the frames */
#define PAGE_FLAG_FORCE_SIZE	0x04	/* use exactly PAGE_FLAG_SIZE pages */
#define PAGE_FLAG_SIZE_SHIFT	4
/* The level field, as 0.10 defines it: unshifted, applied after shifting */
#define PAGE_FLAG_SIZE_MASK	((1UL << PAGE_FLAG_SIZE_SHIFT) - 1)
/* The unit of `pages` (and, with FORCE_SIZE, the page size): level lvl */
#define PAGE_FLAG_SIZE(lvl)						\
	(((unsigned long)(lvl) & PAGE_FLAG_SIZE_MASK) << PAGE_FLAG_SIZE_SHIFT)
#define PAGE_FLAG_SIZE_TO_LEVEL(flags)					\
	(((flags) >> PAGE_FLAG_SIZE_SHIFT) & PAGE_FLAG_SIZE_MASK)
/* ukplat_pt_clone(): a new hierarchy with nothing mapped */
#define PAGE_FLAG_CLONE_NEW	0x01

/* The page tables the calling CPU runs on */
struct uk_pagetable *ukplat_pt_get_active(void);

/*
 * Switches the calling CPU to pt (loads CR3 or TTBR0_EL1; its TLB starts
 * afresh). Other CPUs stay on theirs. 0, or -EINVAL (no tables).
 */
int ukplat_pt_set_active(struct uk_pagetable *pt);

/*
 * Adopts the tables the calling CPU runs on into pt (pt_pbase from CR3 or
 * TTBR0_EL1), with the kernel's frame allocator unless pt->fa is set, and
 * gives it the physical range [start, start + len) too (len 0: nothing).
 * 0 or -errno.
 */
int ukplat_pt_init(struct uk_pagetable *pt, __paddr_t start, __sz len);

/* Gives pt's frame allocator the physical range [start, start + len),
 * mapped 1:1. 0 or -errno (-EINVAL: not page-aligned). */
int ukplat_pt_add_mem(struct uk_pagetable *pt, __paddr_t start, __sz len);

/*
 * Makes pt a copy of pt_src: its own tables, every one of them copied
 * (frames shared: pages pt_src's map allocated stay pt_src's to free), the
 * same frame allocator unless pt->fa is set. With PAGE_FLAG_CLONE_NEW, a
 * hierarchy with nothing mapped instead. Pages mapped into one afterwards
 * do not show in the other. 0, -EINVAL, -ENOMEM.
 */
int ukplat_pt_clone(struct uk_pagetable *pt, struct uk_pagetable *pt_src,
		    unsigned long flags);

/*
 * Frees pt's tables and the frames its own maps allocated (unless
 * PAGE_FLAG_KEEP_FRAMES). -EINVAL for the kernel's tables, -EBUSY while a
 * CPU runs on pt.
 */
int ukplat_pt_free(struct uk_pagetable *pt, unsigned long flags);

/*
 * Maps `pages` pages of level PAGE_FLAG_SIZE(flags) (4 KiB by default) at
 * `vaddr` to the physical range at `paddr`, with attributes `attr`
 * (PAGE_ATTR_PROT_* | PAGE_ATTR_TYPE_*). paddr == __PADDR_ANY allocates
 * zeroed frames (unmap gives them back). Without PAGE_FLAG_FORCE_SIZE the
 * largest pages that the alignment of vaddr and paddr and the length allow
 * are used (4 KiB, 2 MiB, 1 GiB if the CPU has 1 GiB pages); with it, only
 * pages of the given level. Returns 0, or
 *   -EINVAL  vaddr or paddr not aligned to the level, a range that is not
 *            canonical or wraps, unknown attribute bits;
 *   -ENOTSUP FORCE_SIZE with 1 GiB pages on a CPU without them;
 *   -EEXIST  some page of the range is mapped already (nothing changes);
 *   -ENOMEM  no memory for frames or page tables (nothing changes).
 */
int ukplat_page_map(struct uk_pagetable *pt, __vaddr_t vaddr,
		    __paddr_t paddr, unsigned long pages,
		    unsigned long attr, unsigned long flags);

/*
 * Unmaps `pages` pages of level PAGE_FLAG_SIZE(flags) at `vaddr`. Frames
 * that ukplat_page_map() allocated go back to the allocator unless
 * PAGE_FLAG_KEEP_FRAMES (frames mapped by address are never freed: the
 * caller owns them); empty page tables are freed unless
 * PAGE_FLAG_KEEP_PTES. Larger pages that the range covers only in part
 * are split. Every CPU's TLB forgets the pages before this returns.
 * Pages of the range that are not mapped are skipped, as in Unikraft 0.10.
 * Returns 0, -EINVAL (as for map), -ENOMEM if a split found no memory for
 * a page table.
 */
int ukplat_page_unmap(struct uk_pagetable *pt, __vaddr_t vaddr,
		      unsigned long pages, unsigned long flags);

/*
 * Gives mapped pages new attributes (protection and memory type); splits
 * larger pages that the range covers in part. PAGE_ATTR_PROT_NONE keeps the
 * mapping but makes it inaccessible (not present). Every CPU's TLB is
 * updated before this returns. Errors as for unmap, and -EFAULT if a page
 * of the range is not mapped (nothing changes).
 */
int ukplat_page_set_attr(struct uk_pagetable *pt, __vaddr_t vaddr,
			 unsigned long pages, unsigned long new_attr,
			 unsigned long flags);

/*
 * Walks the tables for `vaddr` down to *level (PAGE_LEVEL if level is NULL)
 * or to the first entry that ends the walk (a larger page, or an entry that
 * is not present). Returns in *level the level of that entry, in *pt_vaddr
 * the table that holds it and in *pte the entry (each pointer may be NULL).
 * Returns 0 if the entry maps a page (or is a table at the level asked
 * for), -EFAULT if nothing is mapped there, -EINVAL for a non-canonical
 * address.
 */
int ukplat_pt_walk(struct uk_pagetable *pt, __vaddr_t vaddr,
		   unsigned int *level, __vaddr_t *pt_vaddr, __pte_t *pte);

/* ------------------------------------------------ ukrepl extensions */

/* Boot (lib/ukboot): builds the kernel's page tables from the memory map
 * and switches the boot CPU to them; CPUs started later use them from
 * their first instruction in long mode. Once, after the heap exists. */
int ukplat_paging_init(void);

/* The boot banner's line about W^X and the arena's exception. */
void ukplat_paging_banner(void);

/* Prints the virtual memory layout: every range with the same attributes,
 * its page sizes and what it is. Callable by the host. */
void ukplat_paging_dump(void);

/* Turns the page at `vaddr` into a guard page: unmapped, its frame kept.
 * A fault there is reported as "guard page below <what>". */
int ukplat_page_guard(__vaddr_t vaddr, const char *what);

#endif /* !__ASSEMBLY__ */
#endif /* __UK_PLAT_PAGING_H__ */
