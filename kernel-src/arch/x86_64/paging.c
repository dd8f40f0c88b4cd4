/* The kernel's page tables: built at boot from the memory map, changed at run
 * time through the paging API (uk/plat/paging.h), kept coherent on every CPU
 * by TLB shootdowns. Intel SDM Vol. 3A §4.5 (4-level paging), §4.6 (access
 * rights), §4.10 (TLBs and their invalidation), §11.6 (IPIs). */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/spinlock.h>
#include <uk/arch/atomic.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/memory.h>
#include <uk/plat/paging.h>
#include <uk/plat/time.h>
#include <uk/plat/common/lcpu.h>
#include <ukrepl/host.h>
#include "apic.h"
#include "cpu.h"
#include "lcpu.h"
#include "mmu.h"
#include "platform.h"

/*
 * The address space, one for all CPUs:
 *
 *  - Physical memory is mapped 1:1 (the "direct map"): every RAM range of the
 *    memory map, with the largest pages alignment allows (1 GiB where the CPU
 *    has them, else 2 MiB; 4 KiB at the ragged edges), rw- and no-execute.
 *    Page 0 stays unmapped. 1:1 keeps every address the kernel and the host
 *    already use (symbols, heap pointers, the GDB view) what it was, needs no
 *    second alias of the image (which a separate direct map at a high base
 *    would be, a writable one of the text), and lets the page tables reach
 *    their own pages at their physical addresses.
 *  - The kernel image lies in the direct map; its sections get their own
 *    protection: text r-x, rodata r--, data rw-, ksymtab r--, bss rw-, in
 *    4 KiB pages, and the cell arena rwx, in 2 MiB pages where its size
 *    allows (the linker puts it on a 2 MiB boundary). That is under
 *    CONFIG_ENFORCE_W_XOR_X; without it the image and the direct map are
 *    rwx.
 *  - Guard pages, unmapped, lie under the boot stack, each IST stack and the
 *    stacks of the other CPUs.
 *  - The BIOS area [0xe0000, 1 MiB) is r-- (ACPI tables); the top 32 MiB
 *    below 4 GiB (I/O APIC, local APIC, virtio-mmio, firmware) rw-,
 *    uncached.
 *  - Everything else is free for ukplat_page_map().
 *
 * Tables come from the kernel's page allocator and are reached 1:1. One
 * spinlock serialises changes. Mapping pages that were not mapped needs no
 * TLB flush; every other change (unmap, new attributes, a large page split)
 * is flushed here and shot down on every other online CPU before the call
 * returns (see "TLB shootdown" below).
 */

#define KIB			1024UL
#define MIB			(1024UL * KIB)
#define GIB			(1024UL * MIB)

#define BIOS_AREA_START		0xe0000UL
#define BIOS_AREA_END		0x100000UL
#define LOW_MEMORY_END		0xa0000UL	/* VGA and ROMs from here */
#define MMIO_START		0xfe000000UL
#define MMIO_END		(4 * GIB)

#define PTE_TABLE		(X86_PTE_PRESENT | X86_PTE_RW)
/* The bits set_attr rewrites */
#define PTE_ATTR_BITS		(X86_PTE_PRESENT | X86_PTE_RW | X86_PTE_PCD | \
				 X86_PTE_PWT | X86_PTE_NX | X86_PTE_SW_PROTNONE)

extern char _text[], _etext[], __rodata_start[], __rodata_end[];
extern char __data_start[], __data_end[], __ksymtab_start[], __ksymtab_end[];
extern char __bss_start[], _end[], boot_stack_guard[];

/* The one hierarchy, for all CPUs; the host finds it by this name (its
 * pt_pbase is the CR3 value of every CPU, x86_pt_root the same) */
struct uk_pagetable kernel_pt;
static __spinlock pt_lock = UK_SPINLOCK_INITIALIZER();
static int pt_active;		/* CR3 points at kernel_pt */
static int have_nx, have_1g;
static unsigned int max_page_level = PAGE_LARGE_LEVEL;

/* ------------------------------------------------ entries */

static inline __pte_t *pt_table(__paddr_t pa)
{
	return (__pte_t *)(__uptr)pa;	/* the direct map is 1:1 */
}

static inline __paddr_t pte_paddr(__pte_t pte, unsigned int lvl)
{
	return pte & X86_PTE_PADDR_MASK & PAGE_Lx_MASK(lvl);
}

/* A present entry that points at the next table */
static inline int pte_is_table(__pte_t pte, unsigned int lvl)
{
	return lvl > PAGE_LEVEL && (pte & X86_PTE_PRESENT) &&
	       !(pte & X86_PTE_PSE);
}

/* An entry that maps a page: present, or mapped with PROT_NONE */
static inline int pte_is_page(__pte_t pte, unsigned int lvl)
{
	if (lvl > PAGE_LEVEL && !(pte & X86_PTE_PSE))
		return 0;
	return (pte & (X86_PTE_PRESENT | X86_PTE_SW_PROTNONE)) != 0;
}

static __pte_t attr_to_bits(unsigned long attr)
{
	unsigned long prot = attr & PAGE_ATTR_PROT_MASK;
	__pte_t bits = 0;

	if (prot == PAGE_ATTR_PROT_NONE) {
		bits |= X86_PTE_SW_PROTNONE;
	} else {
		/* x86 cannot map a page that is not readable */
		bits |= X86_PTE_PRESENT;
		if (prot & PAGE_ATTR_PROT_WRITE)
			bits |= X86_PTE_RW;
		if (!(prot & PAGE_ATTR_PROT_EXEC) && have_nx)
			bits |= X86_PTE_NX;
	}
	if ((attr & PAGE_ATTR_TYPE_MASK) == PAGE_ATTR_TYPE_UNCACHED)
		bits |= X86_PTE_PCD | X86_PTE_PWT;
	return bits;
}

static int attr_valid(unsigned long attr)
{
	unsigned long type = attr & PAGE_ATTR_TYPE_MASK;

	return !(attr & ~(PAGE_ATTR_PROT_MASK | PAGE_ATTR_TYPE_MASK)) &&
	       (type == PAGE_ATTR_TYPE_NORMAL_WB ||
		type == PAGE_ATTR_TYPE_UNCACHED);
}

/* The end of the entry of level lvl that holds va, clipped to end */
static inline __vaddr_t entry_end(__vaddr_t va, __vaddr_t end,
				  unsigned int lvl)
{
	__vaddr_t next = PAGE_Lx_ALIGN_DOWN(va, lvl) + PAGE_Lx_SIZE(lvl);

	return (next > end || next < va) ? end : next;	/* next < va: wrap */
}

/* ------------------------------------------------ frames */

/* Frames and tables come from the page allocator, which hands out blocks
 * aligned to their size; frames are zeroed. 0 if there is no memory. */
static __paddr_t frame_alloc(struct uk_pagetable *pt, unsigned int lvl)
{
	unsigned long pages = PAGE_Lx_SIZE(lvl) >> PAGE_SHIFT;
	void *p = uk_palloc(pt->fa, pages);

	if (!p)
		return 0;
	if (!PAGE_Lx_ALIGNED((__uptr)p, lvl)) {
		uk_pfree(pt->fa, p, pages);
		return 0;
	}
	memset(p, 0, PAGE_Lx_SIZE(lvl));
	return (__paddr_t)(__uptr)p;
}

/*
 * What an operation did that the TLBs must hear of, and the frames it freed:
 * those go back to the allocator only after every CPU has forgotten them.
 * The list is threaded through the freed frames themselves (reached 1:1).
 */
struct pg_deferred {
	struct pg_deferred *next;
	unsigned long pages;
};

struct pg_op {
	struct uk_pagetable *pt;
	unsigned long flags;
	__pte_t bits;		/* map, set_attr: attribute bits of leaves */
	__paddr_t paddr;	/* map: frame of the next page, or ANY */
	unsigned int min_lvl;	/* map: page levels to use */
	unsigned int max_lvl;
	__vaddr_t flush_lo;	/* present entries changed in [lo, hi) */
	__vaddr_t flush_hi;
	int flush_all;		/* or anything: tables freed, pages split */
	struct pg_deferred *deferred;
};

static void defer_free(struct pg_op *op, __paddr_t pa, unsigned long pages)
{
	struct pg_deferred *d = (struct pg_deferred *)(__uptr)pa;

	d->next = op->deferred;
	d->pages = pages;
	op->deferred = d;
}

static void note_flush(struct pg_op *op, __vaddr_t lo, __vaddr_t hi)
{
	if (op->flush_hi == op->flush_lo) {
		op->flush_lo = lo;
		op->flush_hi = hi;
		return;
	}
	op->flush_lo = MIN(op->flush_lo, lo);
	op->flush_hi = MAX(op->flush_hi, hi);
}

/* A new empty table for below an entry of level lvl; 0 if no memory */
static __paddr_t table_new(struct pg_op *op, unsigned int lvl)
{
	__paddr_t pa = frame_alloc(op->pt, PAGE_LEVEL);

	if (pa)
		op->pt->nr_pt_pages[lvl - 1]++;
	return pa;
}

static int table_empty(const __pte_t *t)
{
	unsigned int i;

	for (i = 0; i < PT_PTES_PER_LEVEL; i++)
		if (t[i])
			return 0;
	return 1;
}

/*
 * Replaces the page that entry *e (level lvl > 0) maps by a table of 512
 * pages of the next smaller size, same frames and attributes. The
 * translation stays the same throughout (one 64-bit store switches), so
 * this is safe on a page the CPU is using this very moment.
 */
static int split(struct pg_op *op, __pte_t *e, unsigned int lvl)
{
	__pte_t pte = *e, child;
	__paddr_t pa = pte_paddr(pte, lvl), tpa;
	__pte_t *t;
	unsigned int j;

	tpa = frame_alloc(op->pt, PAGE_LEVEL);
	if (!tpa)
		return -ENOMEM;
	t = pt_table(tpa);
	child = pte & ~(X86_PTE_PADDR_MASK | X86_PTE_PSE);
	if (lvl - 1 > PAGE_LEVEL)
		child |= X86_PTE_PSE;
	for (j = 0; j < PT_PTES_PER_LEVEL; j++)
		t[j] = child | (pa + j * PAGE_Lx_SIZE(lvl - 1));
	UK_WRITE_ONCE(*e, tpa | PTE_TABLE);

	op->pt->nr_pt_pages[lvl - 1]++;
	op->pt->nr_lx_splits[lvl]++;
	op->pt->nr_lx_pages[lvl]--;
	op->pt->nr_lx_pages[lvl - 1] += PT_PTES_PER_LEVEL;
	op->flush_all = 1;	/* the old large TLB entry must go */
	return 0;
}

/* ------------------------------------------------ the walks */

/*
 * Each walk recurses from the top table down, entry by entry. In the last
 * level (4 KiB pages, where most entries are) it runs a plain loop over the
 * part of the table the range covers, which is all inside one table: under
 * this host's nested KVM every guest instruction costs about a microsecond,
 * and building the tables at boot is mostly such loops.
 */
#define PTE_MAPS_PAGE	(X86_PTE_PRESENT | X86_PTE_SW_PROTNONE)

static int check_ptes(const __pte_t *t, __vaddr_t va, __vaddr_t end,
		      int want_mapped)
{
	unsigned int i = PT_Lx_IDX(va, PAGE_LEVEL);
	unsigned int last = i + ((end - va) >> PAGE_SHIFT);

	for (; i < last; i++)
		if (!(t[i] & PTE_MAPS_PAGE) != !want_mapped)
			return want_mapped ? -EFAULT : -EEXIST;
	return 0;
}

/* Whether [va, end) is all mapped (want_mapped) or all free: 0, or
 * -EFAULT (a hole where pages should be) / -EEXIST (a page in the way). */
static int check(const __pte_t *t, unsigned int lvl, __vaddr_t va,
		 __vaddr_t end, int want_mapped)
{
	__vaddr_t lo, hi;
	int rc;

	if (lvl == PAGE_LEVEL)
		return check_ptes(t, va, end, want_mapped);
	for (lo = va; lo < end; lo = hi) {
		__pte_t pte = t[PT_Lx_IDX(lo, lvl)];

		hi = entry_end(lo, end, lvl);
		if (pte_is_table(pte, lvl)) {
			rc = check(pt_table(pte_paddr(pte, 0)), lvl - 1, lo, hi,
				   want_mapped);
			if (rc)
				return rc;
		} else if (pte_is_page(pte, lvl)) {
			if (!want_mapped)
				return -EEXIST;
		} else if (want_mapped) {
			return -EFAULT;
		}
	}
	return 0;
}

/* Can [lo, hi) (one entry's part of the range) be one page of level lvl? */
static int leaf_fits(const struct pg_op *op, unsigned int lvl, __vaddr_t lo,
		     __vaddr_t hi)
{
	return lvl >= op->min_lvl && lvl <= op->max_lvl &&
	       lvl <= max_page_level && PAGE_Lx_ALIGNED(lo, lvl) &&
	       hi - lo == PAGE_Lx_SIZE(lvl) &&
	       (op->paddr == __PADDR_ANY || PAGE_Lx_ALIGNED(op->paddr, lvl));
}

static int map_leaf(struct pg_op *op, __pte_t *e, unsigned int lvl)
{
	__pte_t owned = 0, pse = lvl > PAGE_LEVEL ? X86_PTE_PSE : 0;
	__paddr_t pa = op->paddr;

	if (pa == __PADDR_ANY) {
		pa = frame_alloc(op->pt, lvl);
		if (!pa)
			return -ENOMEM;
		owned = X86_PTE_SW_OWNED;
	} else {
		op->paddr += PAGE_Lx_SIZE(lvl);
	}
	UK_WRITE_ONCE(*e, pa | op->bits | owned | pse);
	op->pt->nr_lx_pages[lvl]++;
	return 0;
}

/*
 * Maps [va, end), which check() found free, in table t of level lvl. A new
 * table is filled before it is linked in: a hypervisor that shadows the
 * page tables (as this host's nested KVM does) traps writes to tables that
 * are in use, one exit per entry, but not writes to a page that is not a
 * page table yet.
 */
static int map(struct pg_op *op, __pte_t *t, unsigned int lvl, __vaddr_t va,
	       __vaddr_t end)
{
	__vaddr_t lo, hi;
	__paddr_t sub;
	unsigned int i;
	int rc;

	if (lvl == PAGE_LEVEL && op->paddr != __PADDR_ANY) {
		unsigned int first = PT_Lx_IDX(va, PAGE_LEVEL);
		unsigned int n = (end - va) >> PAGE_SHIFT;
		__pte_t e = op->paddr | op->bits;

		for (i = first; i < first + n; i++, e += PAGE_SIZE)
			UK_WRITE_ONCE(t[i], e);
		op->paddr += (__paddr_t)n << PAGE_SHIFT;
		op->pt->nr_lx_pages[PAGE_LEVEL] += n;
		return 0;
	}
	for (lo = va; lo < end; lo = hi) {
		hi = entry_end(lo, end, lvl);
		i = PT_Lx_IDX(lo, lvl);
		if (leaf_fits(op, lvl, lo, hi) && op->paddr != __PADDR_ANY) {
			/* given frames: a run of whole large pages in one go
			 * (it ends early at a table left over, if any) */
			unsigned int n = MIN((end - lo) >> PAGE_Lx_SHIFT(lvl),
					     PT_PTES_PER_LEVEL - i), k;
			__pte_t e = op->paddr | op->bits | X86_PTE_PSE;

			for (k = 0; k < n && !pte_is_table(t[i + k], lvl); k++)
				UK_WRITE_ONCE(t[i + k],
					      e + ((__pte_t)k <<
						   PAGE_Lx_SHIFT(lvl)));
			if (k) {
				op->paddr += (__paddr_t)k << PAGE_Lx_SHIFT(lvl);
				op->pt->nr_lx_pages[lvl] += k;
				hi = lo + ((__vaddr_t)k << PAGE_Lx_SHIFT(lvl));
				continue;
			}
		} else if (leaf_fits(op, lvl, lo, hi)) {
			rc = map_leaf(op, &t[i], lvl);
			if (!rc)
				continue;
			if (lvl == op->min_lvl)
				return rc;
			op->max_lvl = lvl - 1;	/* no frame this large left */
		}
		if (pte_is_table(t[i], lvl)) {
			rc = map(op, pt_table(pte_paddr(t[i], 0)), lvl - 1, lo,
				 hi);
			if (rc)
				return rc;
			continue;
		}
		sub = table_new(op, lvl);
		if (!sub)
			return -ENOMEM;
		rc = map(op, pt_table(sub), lvl - 1, lo, hi);
		/* linked even after a failure, so that the undo frees it */
		UK_WRITE_ONCE(t[i], sub | PTE_TABLE);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Forgets a table that is no longer linked in (lvl: the table's level):
 * the frames its pages own and every table below it are freed after the
 * shootdown. It only reads the table, see map() for why.
 */
static void drop_table(struct pg_op *op, __paddr_t tpa, unsigned int lvl)
{
	const int free_frames = !(op->flags & PAGE_FLAG_KEEP_FRAMES);
	const __pte_t *t = pt_table(tpa);
	unsigned long pages = 0;
	unsigned int i;
	__pte_t pte;

	for (i = 0; lvl == PAGE_LEVEL && i < PT_PTES_PER_LEVEL; i++) {
		pte = t[i];
		if (!(pte & PTE_MAPS_PAGE))
			continue;
		pages++;
		if ((pte & X86_PTE_SW_OWNED) && free_frames)
			defer_free(op, pte_paddr(pte, PAGE_LEVEL), 1);
	}
	op->pt->nr_lx_pages[PAGE_LEVEL] -= pages;
	for (i = 0; lvl > PAGE_LEVEL && i < PT_PTES_PER_LEVEL; i++) {
		pte = t[i];
		if (pte_is_table(pte, lvl)) {
			drop_table(op, pte_paddr(pte, 0), lvl - 1);
		} else if (pte_is_page(pte, lvl)) {
			op->pt->nr_lx_pages[lvl]--;
			if ((pte & X86_PTE_SW_OWNED) &&
			    !(op->flags & PAGE_FLAG_KEEP_FRAMES))
				defer_free(op, pte_paddr(pte, lvl),
					   PAGE_Lx_SIZE(lvl) >> PAGE_SHIFT);
		}
	}
	op->pt->nr_pt_pages[lvl]--;
	defer_free(op, tpa, 1);
}

/* unmap() in the last level: [va, end) lies in the one table t */
static void unmap_ptes(struct pg_op *op, __pte_t *t, __vaddr_t va,
		       __vaddr_t end)
{
	unsigned int first = PT_Lx_IDX(va, PAGE_LEVEL);
	unsigned int last = first + ((end - va) >> PAGE_SHIFT), i;
	const __pte_t keep = (op->flags & PAGE_FLAG_KEEP_PTES) ?
		~(__pte_t)(PTE_MAPS_PAGE | X86_PTE_SW_OWNED) : 0;
	int present = 0;
	__pte_t pte;

	for (i = first; i < last; i++) {
		pte = t[i];
		if (!(pte & PTE_MAPS_PAGE))
			continue;
		UK_WRITE_ONCE(t[i], pte & keep);
		op->pt->nr_lx_pages[PAGE_LEVEL]--;
		present |= !!(pte & X86_PTE_PRESENT);
		if ((pte & X86_PTE_SW_OWNED) &&
		    !(op->flags & PAGE_FLAG_KEEP_FRAMES))
			defer_free(op, pte_paddr(pte, PAGE_LEVEL), 1);
	}
	if (present)
		note_flush(op, va, end);
}

/* Unmaps whatever is mapped in [va, end); frees tables that end up empty.
 * A table the range covers whole is unlinked first and then dropped. */
static int unmap(struct pg_op *op, __pte_t *t, unsigned int lvl, __vaddr_t va,
		 __vaddr_t end)
{
	__vaddr_t lo, hi;
	unsigned int i;
	__pte_t pte;
	int rc;

	if (lvl == PAGE_LEVEL) {
		unmap_ptes(op, t, va, end);
		return 0;
	}
	for (lo = va; lo < end; lo = hi) {
		hi = entry_end(lo, end, lvl);
		i = PT_Lx_IDX(lo, lvl);
		pte = t[i];
		if (pte_is_page(pte, lvl)) {
			if (hi - lo == PAGE_Lx_SIZE(lvl)) {
				UK_WRITE_ONCE(t[i],
					      (op->flags & PAGE_FLAG_KEEP_PTES) ?
					      pte & ~(X86_PTE_PRESENT |
						      X86_PTE_SW_PROTNONE |
						      X86_PTE_SW_OWNED) : 0);
				op->pt->nr_lx_pages[lvl]--;
				if (pte & X86_PTE_PRESENT)
					note_flush(op, lo, hi);
				if ((pte & X86_PTE_SW_OWNED) &&
				    !(op->flags & PAGE_FLAG_KEEP_FRAMES))
					defer_free(op, pte_paddr(pte, lvl),
						   PAGE_Lx_SIZE(lvl) >>
						   PAGE_SHIFT);
				continue;
			}
			rc = split(op, &t[i], lvl);	/* a part of it */
			if (rc)
				return rc;
			pte = t[i];
		}
		if (pte_is_table(pte, lvl) && hi - lo == PAGE_Lx_SIZE(lvl) &&
		    !(op->flags & PAGE_FLAG_KEEP_PTES)) {
			UK_WRITE_ONCE(t[i], 0);
			op->flush_all = 1;
			drop_table(op, pte_paddr(pte, 0), lvl - 1);
			continue;
		}
		if (pte_is_table(pte, lvl)) {
			__pte_t *sub = pt_table(pte_paddr(pte, 0));

			rc = unmap(op, sub, lvl - 1, lo, hi);
			if (rc)
				return rc;
			if (!(op->flags & PAGE_FLAG_KEEP_PTES) &&
			    table_empty(sub)) {
				UK_WRITE_ONCE(t[i], 0);
				op->pt->nr_pt_pages[lvl - 1]--;
				op->flush_all = 1;	/* paging-structure caches */
				defer_free(op, pte_paddr(pte, 0), 1);
			}
		}
	}
	return 0;
}

/* set_attr() in the last level: [va, end) lies in the one table t */
static void set_attr_ptes(struct pg_op *op, __pte_t *t, __vaddr_t va,
			  __vaddr_t end)
{
	unsigned int first = PT_Lx_IDX(va, PAGE_LEVEL);
	unsigned int last = first + ((end - va) >> PAGE_SHIFT), i;
	const __pte_t bits = op->bits;
	int present = 0;
	__pte_t pte, new;

	for (i = first; i < last; i++) {
		pte = t[i];
		new = (pte & ~(__pte_t)PTE_ATTR_BITS) | bits;
		if (new == pte || !(pte & PTE_MAPS_PAGE))
			continue;
		UK_WRITE_ONCE(t[i], new);
		present |= !!(pte & X86_PTE_PRESENT);
	}
	if (present)
		note_flush(op, va, end);
}

/* New attribute bits for every page in [va, end) */
static int set_attr(struct pg_op *op, __pte_t *t, unsigned int lvl,
		    __vaddr_t va, __vaddr_t end)
{
	__vaddr_t lo, hi;
	unsigned int i;
	__pte_t pte, new;
	int rc;

	if (lvl == PAGE_LEVEL) {
		set_attr_ptes(op, t, va, end);
		return 0;
	}
	for (lo = va; lo < end; lo = hi) {
		hi = entry_end(lo, end, lvl);
		i = PT_Lx_IDX(lo, lvl);
		pte = t[i];
		if (pte_is_page(pte, lvl)) {
			if (hi - lo == PAGE_Lx_SIZE(lvl)) {
				new = (pte & ~PTE_ATTR_BITS) | op->bits;
				if (new != pte) {
					UK_WRITE_ONCE(t[i], new);
					if (pte & X86_PTE_PRESENT)
						note_flush(op, lo, hi);
				}
				continue;
			}
			rc = split(op, &t[i], lvl);
			if (rc)
				return rc;
			pte = t[i];
		}
		if (pte_is_table(pte, lvl)) {
			rc = set_attr(op, pt_table(pte_paddr(pte, 0)), lvl - 1,
				      lo, hi);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ------------------------------------------------ TLB shootdown */

/*
 * The CPU that changed the tables (holding pt_lock) flushes its own TLB,
 * publishes the range (tlb_req_*) under a new generation number, sends the
 * TLB IPI to every other online CPU and busy-waits until each one has
 * acknowledged that generation (tlb_ack[]). That works with interrupts off
 * on the sender, as host calls on CPU 0 are.
 *
 * A receiver with interrupts off (CPU 0 busy-waiting in a host call while
 * another CPU unmaps, a CPU running a long function sent by
 * ukplat_lcpu_run) would keep the sender waiting; after TLB_NMI_AFTER_NS
 * it gets an NMI, which is taken in any case and does the same (trap.c).
 * CPUs waiting for pt_lock answer while they wait. A CPU that stops being
 * online (a crash stops them all) is waited for no longer.
 *
 * Few pages: invlpg each 4 KiB page; more, freed tables, split pages: the
 * whole TLB (a CR3 reload; there are no global pages).
 */
#define TLB_INVLPG_MAX		32
#define TLB_NMI_AFTER_NS	(20 * 1000 * 1000ULL)
#define TLB_WARN_AFTER_NS	(1000 * 1000 * 1000ULL)

/* For the curious host: shootdowns sent, and NMIs they needed */
unsigned long paging_tlb_shootdowns;
unsigned long paging_tlb_shootdown_nmis;

static void tlb_flush_local(__vaddr_t start, unsigned long pages)
{
	unsigned long i;

	if (!pages || pages > TLB_INVLPG_MAX) {
		write_cr3(read_cr3());
		return;
	}
	for (i = 0; i < pages; i++)
		invlpg(start + i * PAGE_SIZE);
}

#ifdef CONFIG_HAVE_SMP
static __u64 tlb_gen;
static __vaddr_t tlb_req_start;
static unsigned long tlb_req_pages;		/* 0: everything */
static __u64 tlb_ack[CONFIG_UKPLAT_LCPU_MAXCOUNT];
static int tlb_nmi_expected[CONFIG_UKPLAT_LCPU_MAXCOUNT];

/* On a receiver: flush what the newest generation asks, acknowledge it. A
 * CPU that missed a generation (it was not online) flushes everything. */
static void tlb_service(void)
{
	unsigned int idx = lcpu_current()->idx;
	__u64 gen = __atomic_load_n(&tlb_gen, __ATOMIC_ACQUIRE);
	__u64 done = __atomic_load_n(&tlb_ack[idx], __ATOMIC_RELAXED);
	__vaddr_t start = UK_READ_ONCE(tlb_req_start);
	unsigned long pages = UK_READ_ONCE(tlb_req_pages);

	if (done == gen)
		return;
	if (done + 1 != gen ||
	    __atomic_load_n(&tlb_gen, __ATOMIC_ACQUIRE) != gen)
		pages = 0;
	tlb_flush_local(start, pages);
	__atomic_store_n(&tlb_ack[idx], gen, __ATOMIC_RELEASE);
}

static void tlb_wait_ack(struct lcpu *l, __u64 gen, __nsec start)
{
	int nmi_sent = 0, warned = 0;
	__nsec waited;

	while (__atomic_load_n(&tlb_ack[l->idx], __ATOMIC_ACQUIRE) != gen) {
		if (!lcpu_state_is_online(UK_READ_ONCE(l->state)) ||
		    crash_in_progress())
			return;
		waited = ukplat_monotonic_clock() - start;
		if (!nmi_sent && waited > TLB_NMI_AFTER_NS) {
			__atomic_store_n(&tlb_nmi_expected[l->idx], 1,
					 __ATOMIC_SEQ_CST);
			apic_send_nmi((__u32)l->id);
			paging_tlb_shootdown_nmis++;
			nmi_sent = 1;
		}
		if (!warned && waited > TLB_WARN_AFTER_NS) {
			uk_pr_warn("paging: CPU %u has not flushed its TLB "
				   "for 1 s\n", l->idx);
			warned = 1;
		}
		ukarch_spinwait();
	}
}
#endif /* CONFIG_HAVE_SMP */

static void tlb_shootdown(__vaddr_t start, unsigned long pages)
{
#ifdef CONFIG_HAVE_SMP
	struct lcpu *self = lcpu_current(), *l;
	struct lcpu *targets[CONFIG_UKPLAT_LCPU_MAXCOUNT];
	unsigned int n = 0, i;
	__nsec sent;
	__u64 gen;
#endif

	tlb_flush_local(start, pages);
#ifdef CONFIG_HAVE_SMP
	if (lapic_mode == LAPIC_MODE_NONE)
		return;
	UK_WRITE_ONCE(tlb_req_start, start);
	UK_WRITE_ONCE(tlb_req_pages, pages);
	gen = __atomic_add_fetch(&tlb_gen, 1, __ATOMIC_SEQ_CST);
	/* after the new generation: a CPU that comes online later flushes
	 * everything itself (mmu_cpu_online) */
	for (i = 0; (l = lcpu_get(i)) != NULL; i++)
		if (l != self &&
		    lcpu_state_is_online(__atomic_load_n(&l->state,
							 __ATOMIC_SEQ_CST)))
			targets[n++] = l;
	if (!n)
		return;
	paging_tlb_shootdowns++;
	for (i = 0; i < n; i++)
		apic_send_fixed((__u32)targets[i]->id,
				IRQ_VECTOR(CONFIG_UKPLAT_LCPU_TLB_IRQ));
	sent = ukplat_monotonic_clock();
	for (i = 0; i < n; i++)
		tlb_wait_ack(targets[i], gen, sent);
#endif
}

void mmu_cpu_online(void)
{
#ifdef CONFIG_HAVE_SMP
	unsigned int idx = lcpu_current()->idx;
	__u64 gen = __atomic_load_n(&tlb_gen, __ATOMIC_SEQ_CST);

	write_cr3(read_cr3());
	__atomic_store_n(&tlb_ack[idx], gen, __ATOMIC_RELEASE);
#endif
}

void mmu_tlb_shootdown_irq(void)
{
#ifdef CONFIG_HAVE_SMP
	tlb_service();
#endif
}

int mmu_tlb_shootdown_nmi(void)
{
#ifdef CONFIG_HAVE_SMP
	unsigned int idx = lcpu_current()->idx;

	if (!__atomic_exchange_n(&tlb_nmi_expected[idx], 0, __ATOMIC_SEQ_CST))
		return 0;
	tlb_service();
	return 1;
#else
	return 0;
#endif
}

/* ------------------------------------------------ the API */

/*
 * With interrupts off: an IRQ handler on this CPU (a function sent by
 * ukplat_lcpu_run) that changes the tables must not find the lock taken
 * by the code it interrupted. Waiting for the lock, a CPU answers
 * shootdowns, since the holder may be waiting for it.
 *
 * So the lock can only be held by this very CPU if a call that held it
 * never finished: the host interrupted it and put the registers back.
 * Then this CPU takes the lock over (the tables may show that call's
 * changes half done, which is what the user asked for by interrupting).
 */
#define PT_LOCK_NOBODY	(-1)
static int pt_lock_owner = PT_LOCK_NOBODY;

static unsigned long pt_lock_take(void)
{
	unsigned long irqf = ukplat_lcpu_save_irqf();
	int self = (int)lcpu_current()->idx;

	while (!uk_spin_trylock(&pt_lock)) {
		if (UK_READ_ONCE(pt_lock_owner) == self) {
			uk_pr_warn("paging: taking over the lock of a call "
				   "that did not finish\n");
			break;
		}
		while (uk_spin_is_locked(&pt_lock)) {
#ifdef CONFIG_HAVE_SMP
			tlb_service();
#endif
			ukarch_spinwait();
		}
	}
	UK_WRITE_ONCE(pt_lock_owner, self);
	return irqf;
}

static void pt_lock_give(unsigned long irqf)
{
	UK_WRITE_ONCE(pt_lock_owner, PT_LOCK_NOBODY);
	uk_spin_unlock(&pt_lock);
	ukplat_lcpu_restore_irqf(irqf);
}

/* Flush and shoot down what op changed; then free what it freed. */
static void op_finish(struct pg_op *op)
{
	struct pg_deferred *d;

	if (pt_active && op->pt == &kernel_pt) {
		if (op->flush_all)
			tlb_shootdown(0, 0);
		else if (op->flush_hi > op->flush_lo)
			tlb_shootdown(op->flush_lo,
				      (op->flush_hi - op->flush_lo) >>
				      PAGE_SHIFT);
	}
	while ((d = op->deferred) != NULL) {
		op->deferred = d->next;
		uk_pfree(op->pt->fa, d, d->pages);
	}
}

/* Checks what all three calls take; sets *end. */
static int range_valid(struct uk_pagetable *pt, __vaddr_t vaddr,
		       unsigned long pages, unsigned long flags,
		       __vaddr_t *end)
{
	unsigned int lvl = PAGE_FLAG_SIZE_TO_LEVEL(flags);
	unsigned int shift;

	if (!pt || pt != &kernel_pt || !pt->pt_pbase)
		return -EINVAL;
	if (lvl > PAGE_HUGE_LEVEL)
		return -EINVAL;
	if (lvl > max_page_level && (flags & PAGE_FLAG_FORCE_SIZE))
		return -ENOTSUP;
	shift = PAGE_Lx_SHIFT(lvl);
	if (pages > (~0UL >> shift) || !PAGE_Lx_ALIGNED(vaddr, lvl))
		return -EINVAL;
	*end = vaddr + (pages << shift);
	if (*end <= vaddr)				/* wraps */
		return -EINVAL;
	if (!ukarch_vaddr_isvalid(vaddr) || !ukarch_vaddr_isvalid(*end - 1) ||
	    ((vaddr ^ (*end - 1)) >> 63))		/* crosses the hole */
		return -EINVAL;
	return 0;
}

struct uk_pagetable *ukplat_pt_get_active(void)
{
	return &kernel_pt;
}

int ukplat_page_map(struct uk_pagetable *pt, __vaddr_t vaddr,
		    __paddr_t paddr, unsigned long pages,
		    unsigned long attr, unsigned long flags)
{
	unsigned int lvl = PAGE_FLAG_SIZE_TO_LEVEL(flags);
	struct pg_op op = { .pt = pt, .flags = flags };
	__pte_t *root;
	__vaddr_t end;
	unsigned long irqf;
	int rc;

	if (!pages)
		return 0;
	rc = range_valid(pt, vaddr, pages, flags, &end);
	if (rc)
		return rc;
	if (!attr_valid(attr))
		return -EINVAL;
	if (paddr != __PADDR_ANY &&
	    (!PAGE_Lx_ALIGNED(paddr, lvl) ||
	     paddr + (end - vaddr) < paddr ||
	     !ukarch_paddr_isvalid(paddr + (end - vaddr) - 1)))
		return -EINVAL;

	op.bits = attr_to_bits(attr);
	op.paddr = paddr;
	if (flags & PAGE_FLAG_FORCE_SIZE) {
		op.min_lvl = lvl;
		op.max_lvl = lvl;
	} else {
		op.min_lvl = PAGE_LEVEL;
		op.max_lvl = max_page_level;
	}
	root = pt_table(pt->pt_pbase);

	irqf = pt_lock_take();
	rc = check(root, PT_LEVELS - 1, vaddr, end, 0);
	if (!rc) {
		rc = map(&op, root, PT_LEVELS - 1, vaddr, end);
		if (rc) {
			/* out of memory half-way: everything mapped in the
			 * range is ours (it was free), so undo all of it */
			struct pg_op undo = { .pt = pt };

			unmap(&undo, root, PT_LEVELS - 1, vaddr, end);
			op_finish(&undo);
		}
	}
	op_finish(&op);
	pt_lock_give(irqf);
	return rc;
}

int ukplat_page_unmap(struct uk_pagetable *pt, __vaddr_t vaddr,
		      unsigned long pages, unsigned long flags)
{
	struct pg_op op = { .pt = pt, .flags = flags };
	__pte_t *root;
	__vaddr_t end;
	unsigned long irqf;
	int rc;

	if (!pages)
		return 0;
	rc = range_valid(pt, vaddr, pages, flags, &end);
	if (rc)
		return rc;
	root = pt_table(pt->pt_pbase);

	irqf = pt_lock_take();
	rc = check(root, PT_LEVELS - 1, vaddr, end, 1);
	if (!rc)
		rc = unmap(&op, root, PT_LEVELS - 1, vaddr, end);
	op_finish(&op);
	pt_lock_give(irqf);
	return rc;
}

int ukplat_page_set_attr(struct uk_pagetable *pt, __vaddr_t vaddr,
			 unsigned long pages, unsigned long new_attr,
			 unsigned long flags)
{
	struct pg_op op = { .pt = pt, .flags = flags };
	__pte_t *root;
	__vaddr_t end;
	unsigned long irqf;
	int rc;

	if (!pages)
		return 0;
	rc = range_valid(pt, vaddr, pages, flags, &end);
	if (rc)
		return rc;
	if (!attr_valid(new_attr))
		return -EINVAL;
	op.bits = attr_to_bits(new_attr);
	root = pt_table(pt->pt_pbase);

	irqf = pt_lock_take();
	rc = check(root, PT_LEVELS - 1, vaddr, end, 1);
	if (!rc)
		rc = set_attr(&op, root, PT_LEVELS - 1, vaddr, end);
	op_finish(&op);
	pt_lock_give(irqf);
	return rc;
}

int ukplat_pt_walk(struct uk_pagetable *pt, __vaddr_t vaddr,
		   unsigned int *level, __vaddr_t *pt_vaddr, __pte_t *pte)
{
	unsigned int to = level ? *level : PAGE_LEVEL;
	unsigned int lvl = PT_LEVELS - 1;
	__pte_t *t, e;

	if (!pt || !pt->pt_pbase || to >= PT_LEVELS ||
	    !ukarch_vaddr_isvalid(vaddr))
		return -EINVAL;
	t = pt_table(pt->pt_pbase);
	for (;;) {
		e = UK_READ_ONCE(t[PT_Lx_IDX(vaddr, lvl)]);
		if (lvl == to || !pte_is_table(e, lvl))
			break;
		t = pt_table(pte_paddr(e, 0));
		lvl--;
	}
	if (level)
		*level = lvl;
	if (pt_vaddr)
		*pt_vaddr = (__vaddr_t)t;
	if (pte)
		*pte = e;
	if (pte_is_page(e, lvl) || (lvl == to && pte_is_table(e, lvl)))
		return 0;
	return -EFAULT;
}

/* ------------------------------------------------ guard pages */

#define GUARDS_MAX	(8 + CONFIG_UKPLAT_LCPU_MAXCOUNT * (IST_COUNT + 1))
#define GUARD_NAME_MAX	40

/* A guard's name is `name`, or `fmt` with two numbers (formatted only when
 * asked for: boot makes one per IST stack, and snprintf is not cheap). */
static struct guard {
	__vaddr_t vaddr;
	const char *fmt;
	unsigned int a, b;
	char name[GUARD_NAME_MAX];
} guards[GUARDS_MAX];
static unsigned int guard_count;

/* Remembers the page at vaddr as a guard (it is unmapped already) */
static void guard_note(__vaddr_t vaddr, const char *name, const char *fmt,
		       unsigned int a, unsigned int b)
{
	struct guard *g;

	if (guard_count == GUARDS_MAX)
		return;
	g = &guards[guard_count++];
	g->vaddr = vaddr;
	g->fmt = fmt;
	g->a = a;
	g->b = b;
	if (name)
		strncpy(g->name, name, GUARD_NAME_MAX - 1);
}

int ukplat_page_guard(__vaddr_t vaddr, const char *what)
{
	int rc;

	if (!PAGE_ALIGNED(vaddr))
		return -EINVAL;
	rc = ukplat_page_unmap(&kernel_pt, vaddr, 1, PAGE_FLAG_KEEP_FRAMES);
	if (!rc)
		guard_note(vaddr, what, NULL, 0, 0);
	return rc;
}

static const char *guard_name(struct guard *g)
{
	if (g->fmt && !g->name[0])
		snprintf(g->name, sizeof(g->name), g->fmt, g->a, g->b);
	return g->name;
}

const char *paging_guard_of(__vaddr_t vaddr)
{
	unsigned int i;

	for (i = 0; i < guard_count; i++)
		if (PAGE_ALIGN_DOWN(vaddr) == guards[i].vaddr)
			return guard_name(&guards[i]);
	return NULL;
}

/* ------------------------------------------------ the layout */

#define REGIONS_MAX	48

/* What the kernel put where, for crash reports and the dump; the image's
 * parts first, so that they win over the RAM that holds them. */
static struct mmu_region regions[REGIONS_MAX];
static unsigned int region_count;

static void region_add(const char *name, __vaddr_t start, __vaddr_t end,
		       unsigned long attr, int image)
{
	struct mmu_region *r;

	if (end <= start || region_count == REGIONS_MAX)
		return;
	r = &regions[region_count++];
	r->name = name;
	r->start = start;
	r->end = end;
	r->attr = attr;
	r->image = image;
}

const struct mmu_region *paging_region_of(__vaddr_t vaddr)
{
	unsigned int i;

	for (i = 0; i < region_count; i++)
		if (vaddr >= regions[i].start && vaddr < regions[i].end)
			return &regions[i];
	return NULL;
}

int paging_w_xor_x(void)
{
#ifdef CONFIG_ENFORCE_W_XOR_X
	return 1;
#else
	return 0;
#endif
}

/* ------------------------------------------------ building at boot */

/*
 * Boot builds the tables in one pass, before they are active, straight
 * with map(): every range is mapped once with its final attributes (RAM
 * around the image, the image section by section around its guard pages,
 * the BIOS area and device memory around RAM), so nothing overlaps and no
 * check, lock or TLB flush is needed. Done through the API instead, with a
 * map, set_attr and unmap per part, it took three times as long under this
 * host's nested KVM, where each of the API's calls costs ~0.5 ms.
 */

struct range {
	__paddr_t start, end;
};

#define RAM_RANGES_MAX	32
#define BOOT_GUARDS_MAX	(1 + CONFIG_UKPLAT_LCPU_MAXCOUNT * IST_COUNT)

/* RAM of the memory map, page-rounded outwards, sorted and merged; page 0
 * left out. Returns how many ranges. */
static unsigned int ram_ranges(struct range *r, unsigned int max)
{
	struct ukplat_memregion_desc d;
	unsigned int n = 0, i, j;
	struct range t;
	int k;

	for (k = 0; ukplat_memregion_get(k, &d) == 0 && n < max; k++) {
		r[n].start = MAX(PAGE_ALIGN_DOWN((__paddr_t)(__uptr)d.base),
				 (__paddr_t)PAGE_SIZE);
		r[n].end = PAGE_ALIGN_UP((__paddr_t)(__uptr)d.base + d.len);
		if (r[n].end > r[n].start)
			n++;
	}
	for (i = 1; i < n; i++)			/* insertion sort */
		for (j = i; j > 0 && r[j - 1].start > r[j].start; j--) {
			t = r[j];
			r[j] = r[j - 1];
			r[j - 1] = t;
		}
	for (i = 0, j = 0; i < n; i++) {	/* merge touching ranges */
		if (j && r[i].start <= r[j - 1].end)
			r[j - 1].end = MAX(r[j - 1].end, r[i].end);
		else
			r[j++] = r[i];
	}
	return j;
}

/* Maps [start, end) 1:1 into the tables being built. */
static int boot_map(__vaddr_t start, __vaddr_t end, unsigned long attr)
{
	struct pg_op op = {
		.pt = &kernel_pt,
		.bits = attr_to_bits(attr),
		.paddr = start,
		.min_lvl = PAGE_LEVEL,
		.max_lvl = max_page_level,
	};

	if (end <= start)
		return 0;
	return map(&op, pt_table(kernel_pt.pt_pbase), PT_LEVELS - 1, start,
		   end);
}

/* boot_map() for the parts of [start, end) that lie outside `skip` (sorted,
 * disjoint ranges). */
static int boot_map_around(__vaddr_t start, __vaddr_t end, unsigned long attr,
			   const struct range *skip, unsigned int n)
{
	unsigned int i;
	int rc;

	for (i = 0; i < n && start < end; i++) {
		if (skip[i].end <= start || skip[i].start >= end)
			continue;
		rc = boot_map(start, MIN(end, skip[i].start), attr);
		if (rc)
			return rc;
		start = MAX(start, skip[i].end);
	}
	return boot_map(start, end, attr);
}

static int map_image(const struct range *guard, unsigned int nguards)
{
#ifdef CONFIG_ENFORCE_W_XOR_X
	const unsigned long text = PAGE_ATTR_PROT_READ | PAGE_ATTR_PROT_EXEC;
	const unsigned long ro = PAGE_ATTR_PROT_READ;
	const unsigned long rw = PAGE_ATTR_PROT_RW;
#else
	const unsigned long text = PAGE_ATTR_PROT_RWX;
	const unsigned long ro = PAGE_ATTR_PROT_RWX;
	const unsigned long rw = PAGE_ATTR_PROT_RWX;
#endif
	/* each part reaches to where the next one begins: whatever the
	 * linker put in between gets the attributes of the part before */
	const struct {
		const char *name;
		const char *start;
		unsigned long attr;
	} part[] = {
		{ "kernel text", _text, text },
		{ "kernel rodata", __rodata_start, ro },
		{ "kernel data", __data_start, rw },
		{ "kernel ksymtab", __ksymtab_start, ro },
		{ "kernel bss", __bss_start, rw },
		/* the one exception to W^X: the host loads cells here */
		{ "cell arena", (const char *)ukrepl_cell_arena_start,
		  PAGE_ATTR_PROT_RWX },
	};
	unsigned int i;
	__vaddr_t s, e;
	int rc;

	for (i = 0; i < ARRAY_SIZE(part); i++) {
		s = (__vaddr_t)part[i].start;
		e = i + 1 < ARRAY_SIZE(part) ? (__vaddr_t)part[i + 1].start
					     : PAGE_ALIGN_UP((__vaddr_t)_end);
		region_add(part[i].name, s, e, part[i].attr, 1);
		rc = boot_map_around(s, e, part[i].attr, guard, nguards);
		if (rc)
			return rc;
	}
	return 0;
}

/* The guard pages in the image: under the boot stack and under each IST
 * stack of the CPUs there are. Registered, sorted into `g`; the image is
 * then mapped around them. */
static unsigned int image_guards(struct range *g)
{
	unsigned int n = 0, i, j, slot;
	struct lcpu *l;
	struct range t;

	guard_note((__vaddr_t)boot_stack_guard, "the boot stack", NULL, 0, 0);
	g[n].start = (__vaddr_t)boot_stack_guard;
	g[n++].end = (__vaddr_t)boot_stack_guard + PAGE_SIZE;
	for (i = 0; (l = lcpu_get(i)) != NULL; i++)
		for (slot = 1; slot <= IST_COUNT; slot++) {
			g[n].start = (__vaddr_t)lcpu_ist_guard(l, slot);
			g[n].end = g[n].start + PAGE_SIZE;
			guard_note(g[n].start, NULL, "lcpus[%u].ist.stack[%u]",
				   i, slot - 1);
			n++;
		}
	for (i = 1; i < n; i++)			/* insertion sort */
		for (j = i; j > 0 && g[j - 1].start > g[j].start; j--) {
			t = g[j];
			g[j] = g[j - 1];
			g[j - 1] = t;
		}
	return n;
}

int ukplat_paging_init(void)
{
	const unsigned long ram_attr = paging_w_xor_x() ? PAGE_ATTR_PROT_RW
							: PAGE_ATTR_PROT_RWX;
	const unsigned long dev_attr = PAGE_ATTR_PROT_RW |
				       PAGE_ATTR_TYPE_UNCACHED;
	const struct range image = { (__vaddr_t)_text,
				     PAGE_ALIGN_UP((__vaddr_t)_end) };
	struct range ram[RAM_RANGES_MAX], guard[BOOT_GUARDS_MAX];
	unsigned int n, ng, i;
	__u32 a, b, c, d;
	__paddr_t root;
	int rc = 0;

	have_nx = !!(rdmsr(X86_MSR_EFER) & X86_EFER_NXE);
	cpuid(X86_CPUID_EXT_FEATURES, 0, &a, &b, &c, &d);
	have_1g = !!(d & X86_CPUID_EXT_EDX_PAGE1GB);
	max_page_level = have_1g ? PAGE_HUGE_LEVEL : PAGE_LARGE_LEVEL;

	kernel_pt.fa = ukplat_memallocator_get();
	if (!kernel_pt.fa)
		return -ENOMEM;
	root = frame_alloc(&kernel_pt, PAGE_LEVEL);
	if (!root || root >= MMIO_END)	/* CR3 is loaded in 32-bit mode */
		return -ENOMEM;
	kernel_pt.pt_pbase = root;
	kernel_pt.pt_vbase = (__vaddr_t)root;
	kernel_pt.nr_pt_pages[PT_LEVELS - 1] = 1;

	/* the image (first: region lookups find its parts before RAM) */
	ng = image_guards(guard);
	rc = map_image(guard, ng);
	/* RAM around it */
	n = ram_ranges(ram, ARRAY_SIZE(ram));
	for (i = 0; !rc && i < n; i++) {
		rc = boot_map_around(ram[i].start, ram[i].end, ram_attr,
				     &image, 1);
		region_add(ram[i].end <= LOW_MEMORY_END ? "low memory" : "RAM",
			   ram[i].start, ram[i].end, ram_attr, 0);
	}
	/* the BIOS area and device memory, where they are not RAM */
	if (!rc)
		rc = boot_map_around(BIOS_AREA_START, BIOS_AREA_END,
				     PAGE_ATTR_PROT_READ, ram, n);
	region_add("BIOS area", BIOS_AREA_START, BIOS_AREA_END,
		   PAGE_ATTR_PROT_READ, 0);
	if (!rc)
		rc = boot_map_around(MMIO_START, MMIO_END, dev_attr, ram, n);
	region_add("device memory", MMIO_START, MMIO_END, dev_attr, 0);
	if (!rc && apic_base() &&
	    (apic_base() < MMIO_START || apic_base() >= MMIO_END))
		rc = boot_map_around(apic_base(), apic_base() + PAGE_SIZE,
				     dev_attr, ram, n);
	region_add("page 0", 0, PAGE_SIZE, PAGE_ATTR_PROT_NONE, 0);
	if (rc) {
		uk_pr_err("paging: building the page tables failed: %d\n", rc);
		return rc;
	}

	/* Everything this CPU uses is mapped the same: switch. */
	write_cr3(root);
	pt_active = 1;
	x86_pt_root = (__u32)root;
	return 0;
}

/* ------------------------------------------------ what it looks like */

static const char *prot_string(__pte_t pte)
{
	static const char *const s[] = { "r--", "rw-", "r-x", "rwx" };

	if (!(pte & X86_PTE_PRESENT))
		return "---";
	return s[!!(pte & X86_PTE_RW) + 2 * !(pte & X86_PTE_NX)];
}

/* Short: under this host's nested KVM each character on the serial line
 * costs ~60 us, the two lines this once had 10 ms of boot. */
void ukplat_paging_banner(void)
{
	if (!paging_w_xor_x())
		printf("  W^X: off (all rwx)\n");
	else if (!have_nx)
		printf("  W^X: on, but no NX: all executable\n");
	else
		printf("  W^X: on, except the cell arena (rwx)\n");
}

/* One line of the dump: a run of pages with the same attributes and size */
struct dump_run {
	__vaddr_t start, end;
	__paddr_t pstart;
	__pte_t bits;
	unsigned int lvl;
	int identity;
};

static void dump_print(const struct dump_run *r)
{
	const struct mmu_region *reg = paging_region_of(r->start);
	static const char *const size[] = { "4K", "2M", "1G" };

	printf("  0x%016lx-0x%016lx %s%s %s ", r->start, r->end,
	       prot_string(r->bits),
	       (r->bits & X86_PTE_PCD) ? " uc" : "   ", size[r->lvl]);
	if (r->identity)
		printf("1:1  ");
	else
		printf("-> 0x%lx  ", r->pstart);
	printf("%s\n", reg ? reg->name : "mapped by ukplat_page_map");
}

static void dump_leaf(struct dump_run *r, __vaddr_t va, __pte_t pte,
		      unsigned int lvl)
{
	__pte_t bits = pte & (X86_PTE_PRESENT | X86_PTE_RW | X86_PTE_NX |
			      X86_PTE_PCD | X86_PTE_SW_PROTNONE);
	__paddr_t pa = pte_paddr(pte, lvl);
	int identity = va == pa;

	if (r->end == va && r->bits == bits && r->lvl == lvl &&
	    r->identity == identity &&
	    paging_region_of(r->start) == paging_region_of(va)) {
		r->end = va + PAGE_Lx_SIZE(lvl);
		return;
	}
	if (r->end > r->start)
		dump_print(r);
	r->start = va;
	r->end = va + PAGE_Lx_SIZE(lvl);
	r->pstart = pa;
	r->bits = bits;
	r->lvl = lvl;
	r->identity = identity;
}

static void dump_table(struct dump_run *r, const __pte_t *t, unsigned int lvl,
		       __vaddr_t base)
{
	unsigned int i;

	for (i = 0; i < PT_PTES_PER_LEVEL; i++) {
		__vaddr_t va = base + ((__vaddr_t)i << PAGE_Lx_SHIFT(lvl));

		if (lvl == PT_LEVELS - 1 && i >= PT_PTES_PER_LEVEL / 2)
			va |= 0xffff000000000000UL;	/* canonical form */
		if (pte_is_table(t[i], lvl))
			dump_table(r, pt_table(pte_paddr(t[i], 0)), lvl - 1,
				   va);
		else if (pte_is_page(t[i], lvl))
			dump_leaf(r, va, t[i], lvl);
	}
}

void ukplat_paging_dump(void)
{
	struct dump_run r = { 0 };
	unsigned int i;

	printf("paging: CR3 0x%lx, %lu page-table pages, %lu splits\n",
	       read_cr3(),
	       kernel_pt.nr_pt_pages[0] + kernel_pt.nr_pt_pages[1] +
	       kernel_pt.nr_pt_pages[2] + kernel_pt.nr_pt_pages[3],
	       kernel_pt.nr_lx_splits[1] + kernel_pt.nr_lx_splits[2]);
	dump_table(&r, pt_table(kernel_pt.pt_pbase), PT_LEVELS - 1, 0);
	if (r.end > r.start)
		dump_print(&r);
	printf("  guard pages (unmapped):");
	for (i = 0; i < guard_count; i++)
		printf("%s 0x%lx (%s)", i ? "," : "", guards[i].vaddr,
		       guard_name(&guards[i]));
	printf("\n");
}

#endif /* CONFIG_PAGING */
