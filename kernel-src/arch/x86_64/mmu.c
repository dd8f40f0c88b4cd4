/* Reading the page tables the CPU runs on, for the crash path: can an address
 * be read, what is mapped there. Nothing here takes a lock or allocates. Intel SDM Vol. 3A §4.5 (4-level paging),
 * §4.6 (access rights), §4.7 (page-fault error code). */
#include <stdio.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/arch/paging.h>
#include "cpu.h"
#include "lcpu.h"
#include "mmu.h"
#include "platform.h"

#define PF_ERR_PROTECTION	(1 << 0)	/* 0: page not present */
#define PF_ERR_WRITE		(1 << 1)
#define PF_ERR_USER		(1 << 2)
#define PF_ERR_RESERVED_BIT	(1 << 3)
#define PF_ERR_FETCH		(1 << 4)

/* Both the boot identity map and the kernel's tables lie in memory mapped
 * 1:1, so a table's physical address is where the kernel reads it. */
static inline const __pte_t *table_at(__pte_t entry)
{
	return (const __pte_t *)(__uptr)(entry & X86_PTE_PADDR_MASK);
}

void mmu_translate(__vaddr_t vaddr, struct mmu_translation *t)
{
	const __pte_t *table = table_at(read_cr3());
	unsigned int lvl = PT_LEVELS - 1;
	int writable = 1, executable = 1;
	__pte_t e = 0;

	memset(t, 0, sizeof(*t));
	t->level = lvl;
	if (!ukarch_vaddr_isvalid(vaddr))
		return;
	for (;;) {
		e = table[PT_Lx_IDX(vaddr, lvl)];
		if (!(e & X86_PTE_PRESENT))
			break;
		writable &= !!(e & X86_PTE_RW);
		executable &= !(e & X86_PTE_NX);
		if (lvl == PAGE_LEVEL ||
		    (lvl < PT_LEVELS - 1 && (e & X86_PTE_PSE))) {
			t->mapped = 1;
			break;
		}
		table = table_at(e);
		lvl--;
	}
	t->level = lvl;
	t->pte = e;
	if (t->mapped) {
		t->writable = writable;
		t->executable = executable;
	}
}

/* Mapped, and not device memory (reading a device register can change it) */
int mmu_readable(unsigned long addr, unsigned long len)
{
	struct mmu_translation t;
	unsigned long page, last;

	if (!len)
		return 1;
	if (addr + len - 1 < addr)
		return 0;
	last = PAGE_ALIGN_DOWN(addr + len - 1);
	for (page = PAGE_ALIGN_DOWN(addr);; page += PAGE_SIZE) {
		mmu_translate(page, &t);
		if (!t.mapped || (t.pte & X86_PTE_PCD))
			return 0;
		if (page == last)
			return 1;
	}
}

/*
 * A TLB may still hold a translation from before a page was mapped or got
 * more rights, if it was not flushed (mapping is not shot down). If the
 * tables allow the access, that was it: flush the entry and retry. The same
 * address faulting twice in a row on a CPU is taken as a real fault, so a
 * fault this walk misjudges cannot loop.
 */
#define SPURIOUS_NONE	(~0UL)
static unsigned long spurious_last[CONFIG_UKPLAT_LCPU_MAXCOUNT];
unsigned long mmu_spurious_faults;	/* for the curious host */

int mmu_fault_is_spurious(unsigned long cr2, unsigned long err)
{
	unsigned int idx = lcpu_current()->idx;
	struct mmu_translation t;

	if (err & (PF_ERR_RESERVED_BIT | PF_ERR_USER))
		return 0;
	mmu_translate(cr2, &t);
	if (!t.mapped || ((err & PF_ERR_WRITE) && !t.writable) ||
	    ((err & PF_ERR_FETCH) && !t.executable)) {
		spurious_last[idx] = SPURIOUS_NONE;
		return 0;
	}
	if (spurious_last[idx] == PAGE_ALIGN_DOWN(cr2) + 1) {
		spurious_last[idx] = SPURIOUS_NONE;
		return 0;
	}
	spurious_last[idx] = PAGE_ALIGN_DOWN(cr2) + 1;	/* never 0 */
	invlpg(cr2);
	mmu_spurious_faults++;
	return 1;
}

#ifndef CONFIG_PAGING
/* Without paging there are no shootdowns */
void mmu_cpu_online(void)
{
}

void mmu_tlb_shootdown_irq(void)
{
}

int mmu_tlb_shootdown_nmi(void)
{
	return 0;
}
#endif
