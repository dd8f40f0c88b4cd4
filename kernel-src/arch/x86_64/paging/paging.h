/* What the files of the kernel's page-table code (arch/x86_64/paging/)
 * share: the address-space plan, page-table entries, one operation's
 * bookkeeping, and the functions one part calls in another. Intel SDM Vol.
 * 3A §4.5 (4-level paging), §4.6 (access rights). */
#ifndef __X86_64_PAGING_H__
#define __X86_64_PAGING_H__

#include <uk/config.h>
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
#include "../apic.h"
#include "../cpu.h"
#include "../lcpu.h"
#include "../mmu.h"
#include "../platform.h"

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

/* api.c: the one hierarchy and its lock; what the CPU offers */
extern struct uk_pagetable kernel_pt;
extern struct uk_falloc_palloc kernel_falloc;	/* kernel_pt.fa's */
extern __spinlock pt_lock;
extern int pt_active;		/* CR3 points at kernel_pt */
extern int have_nx, have_1g;
extern unsigned int max_page_level;

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

static inline __pte_t attr_to_bits(unsigned long attr)
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

static inline int attr_valid(unsigned long attr)
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

/* frames.c */
__paddr_t frame_alloc(struct uk_pagetable *pt, unsigned int lvl);
/* api.c: the paging lock (irqs off while held), and an op's flushes and
 * deferred frees */
unsigned long pt_lock_take(void);
void pt_lock_give(unsigned long irqf);
void op_finish(struct pg_op *op);
void defer_free(struct pg_op *op, __paddr_t pa, unsigned long pages);
void note_flush(struct pg_op *op, __vaddr_t lo, __vaddr_t hi);
__paddr_t table_new(struct pg_op *op, unsigned int lvl);
int table_empty(const __pte_t *t);
int table_split(struct pg_op *op, __pte_t *e, unsigned int lvl);

/* walk.c: each walks [va, end) under table t of level lvl. walk_check
 * returns 0 if every page there is mapped (want_mapped) or none is. */
int walk_check(const __pte_t *t, unsigned int lvl, __vaddr_t va,
	       __vaddr_t end, int want_mapped);
int walk_map(struct pg_op *op, __pte_t *t, unsigned int lvl, __vaddr_t va,
	     __vaddr_t end);
int walk_unmap(struct pg_op *op, __pte_t *t, unsigned int lvl,
	       __vaddr_t va, __vaddr_t end);
int walk_set_attr(struct pg_op *op, __pte_t *t, unsigned int lvl,
		  __vaddr_t va, __vaddr_t end);

/* tlb.c: flush [start, start + pages * 4 KiB) (pages 0: everything) here
 * and on every other online CPU; answer a shootdown while waiting */
void tlb_shootdown(__vaddr_t start, unsigned long pages);
void tlb_service(void);

/* layout.c: note a guard page (named by fmt with a and b) and a region of
 * the layout, as boot maps them */
void guard_note(__vaddr_t vaddr, const char *name, const char *fmt,
		unsigned int a, unsigned int b);
void region_add(const char *name, __vaddr_t start, __vaddr_t end,
		unsigned long attr, int image);
/* layout.c: the guard pages' line of ukplat_paging_dump() */
void guards_print(void);

#endif /* __X86_64_PAGING_H__ */
