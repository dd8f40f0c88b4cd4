/* What the rest of the x86_64 platform needs of the page tables (paging.c):
 * lock-free lookups for the crash path, the explanation of a page fault,
 * and the two ends of a TLB shootdown. Not a public API. */
#ifndef __X86_MMU_H__
#define __X86_MMU_H__

#include <uk/essentials.h>
#include <uk/arch/paging.h>

/* lcpu_start.S: CR3 for CPUs entering long mode (below 4 GiB) */
extern __u32 x86_pt_root;

/* The translation of one address, as the CPU would see it now. */
struct mmu_translation {
	unsigned int level;	/* of the entry that ended the walk */
	__pte_t pte;		/* that entry */
	int mapped;		/* a present page maps the address */
	int writable;		/* ... and every level allows writes */
	int executable;		/* ... and no level forbids fetches */
};

/*
 * Walks the tables CR3 points at for `vaddr`. Takes no lock and allocates
 * nothing, so the crash path can use it; it works on the boot identity
 * map as well as on the kernel's own tables (both are reached 1:1).
 */
void mmu_translate(__vaddr_t vaddr, struct mmu_translation *t);

/* Every byte of [addr, addr + len) can be read without a fault. */
int mmu_readable(unsigned long addr, unsigned long len);

/* Explains a page fault at cr2 with error code `err` in one or two lines
 * of the crash report (what is there, and why the access failed). */
void mmu_explain_fault(unsigned long cr2, unsigned long err);
/* Where a double fault probably came from: a fault in a guard page. */
void mmu_explain_double_fault(unsigned long cr2, unsigned long rsp);

/*
 * A page fault that the current tables would not raise: a stale TLB entry
 * from before a page was mapped or given more rights (new mappings are not
 * shot down, SDM Vol. 3A §4.10.4.3). Flushes the entry and returns 1, so
 * the access is retried; 0 for a real fault.
 */
int mmu_fault_is_spurious(unsigned long cr2, unsigned long err);

/* A CPU came online (lcpu_init): flush its TLB; shootdowns include it now. */
void mmu_cpu_online(void);
/* The TLB shootdown IPI (irq.c) */
void mmu_tlb_shootdown_irq(void);
/* An NMI: 1 if it was the shootdown's fallback and is handled (trap.c) */
int mmu_tlb_shootdown_nmi(void);

#ifdef CONFIG_PAGING
/* paging.c: what the kernel put where (image sections, RAM, BIOS area,
 * device memory, page 0), with the attributes it gave them at boot */
struct mmu_region {
	const char *name;
	__vaddr_t start, end;
	unsigned long attr;	/* PAGE_ATTR_PROT_* | PAGE_ATTR_TYPE_* */
	int image;		/* a part of the kernel image */
};

const struct mmu_region *paging_region_of(__vaddr_t vaddr);
/* What the guard page at vaddr guards ("the boot stack"), or NULL */
const char *paging_guard_of(__vaddr_t vaddr);
int paging_w_xor_x(void);
#endif

#endif /* __X86_MMU_H__ */
