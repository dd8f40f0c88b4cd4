/* Reading the page tables the CPU runs on, for the crash path: can an address
 * be read, what is mapped there, and why did a page fault happen. Nothing
 * here takes a lock or allocates. Intel SDM Vol. 3A §4.5 (4-level paging),
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

static const char *prot_of(const struct mmu_translation *t)
{
	static const char *const s[] = { "r--", "rw-", "r-x", "rwx" };

	return s[t->writable + 2 * t->executable];
}

static const char *page_size(unsigned int lvl)
{
	static const char *const s[] = { "4 KiB", "2 MiB", "1 GiB" };

	return lvl < ARRAY_SIZE(s) ? s[lvl] : "?";
}

static const char *access_of(unsigned long err)
{
	if (err & PF_ERR_FETCH)
		return "instruction fetch from";
	if (err & PF_ERR_WRITE)
		return "write to";
	return "read from";
}

/*
 * Two lines after the CR2 line of a page-fault report:
 *   Page: what the tables map at CR2 now (size, rights, the entry)
 *   Why:  the access, what is there, and why it failed
 */
void mmu_explain_fault(unsigned long cr2, unsigned long err)
{
	const char *access = access_of(err);
	struct mmu_translation t;
#ifdef CONFIG_PAGING
	const struct mmu_region *r = paging_region_of(cr2);
	const char *guard = paging_guard_of(cr2);
#endif

	mmu_translate(cr2, &t);
	if (t.mapped)
		printf("Page: %s page, %s%s, entry 0x%016lx\n",
		       page_size(t.level), prot_of(&t),
		       (t.pte & X86_PTE_PCD) ? " uncached" : "", t.pte);
	else
		printf("Page: not mapped (no entry at level %u, entry "
		       "0x%016lx)\n", t.level, t.pte);

	if (err & PF_ERR_RESERVED_BIT) {
		printf("Why: a page-table entry has a reserved bit set\n");
		return;
	}
	if (!(err & PF_ERR_PROTECTION)) {
		if (cr2 < PAGE_SIZE) {
			printf("Why: %s page 0, which is never mapped: "
			       "a NULL pointer\n", access);
			return;
		}
#ifdef CONFIG_PAGING
		if (guard) {
			printf("Why: %s the guard page below %s: "
			       "a stack overflow\n", access, guard);
			return;
		}
		if (r) {
			printf("Why: %s %s, which is not mapped there\n",
			       access, r->name);
			return;
		}
#endif
		printf("Why: %s an address where nothing is mapped\n",
		       access);
		return;
	}
	if (!t.mapped) {	/* changed since: report what the CPU saw */
		printf("Why: %s a page it may not access (no longer "
		       "mapped)\n", access);
		return;
	}
#ifdef CONFIG_PAGING
	if (r && r->image && paging_w_xor_x()) {
		printf("Why: %s %s (%s): W^X forbids it\n", access, r->name,
		       prot_of(&t));
		return;
	}
	if (r) {
		printf("Why: %s %s (%s): %s\n", access, r->name, prot_of(&t),
		       (err & PF_ERR_FETCH) ? "not executable"
					    : "read-only");
		return;
	}
#endif
	printf("Why: %s a %s page: %s\n", access, prot_of(&t),
	       (err & PF_ERR_FETCH) ? "not executable" : "read-only");
}

void mmu_explain_double_fault(unsigned long cr2, unsigned long rsp)
{
#ifdef CONFIG_PAGING
	const char *guard = paging_guard_of(rsp);

	if (!guard)
		guard = paging_guard_of(cr2);
	if (guard)
		printf("Why: the stack overflowed into the guard page below "
		       "%s (last page fault at 0x%016lx)\n", guard, cr2);
#else
	(void)cr2;
	(void)rsp;
#endif
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
