/*
 * The kernel's page tables at boot. pagetable.S's tables (built by the
 * assembler, rwx over the whole image) are what every CPU starts on; here
 * they are copied to tables from the heap, which are then given their
 * final shape while no CPU uses them (so no break-before-make, no TLB
 * maintenance): flash and RAM-less space unmapped, RAM rw-, the image
 * section by section with W^X (CONFIG_ENFORCE_W_XOR_X, 0.10's option),
 * the cell arena rw- (the host makes each cell's code pages r-x once it
 * wrote them, through ukrepl_cell_protect), a guard page under the boot
 * stack. Then the boot CPU switches to them; CPUs started later load them
 * from lcpu_ttbr0.
 *
 * SCTLR_EL1.WXN (writable implies never executable, which 0.10 sets) is
 * left off: no page is both, and the tables say so themselves.
 */
#include <uk/config.h>

#ifdef CONFIG_PAGING

#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/plat/memory.h>
#include <ukrepl/host.h>
#include "paging.h"
#include <uk/falloc.h>

/* The kernel tables take their frames from the page allocator (<uk/falloc.h>). */
struct uk_falloc_palloc arm64_falloc;

extern __u8 _text[], _etext[], __rodata_start[], __rodata_end[];
extern __u8 __data_start[], __data_end[], __ksymtab_start[];
extern __u8 __ksymtab_end[], __bss_start[], _end[];
extern __u8 boot_stack_guard[];

#define FLASH_END	0x08000000UL	/* QEMU virt: flash 0-128 MiB */
#define IDENT_END	(256UL << 30)	/* pagetable.S maps 0-256 GiB 1:1 */

static int copy_table(struct uk_alloc *a, const __pte_t *from,
		      __paddr_t *to)
{
	void *p = uk_palloc(a, 1);

	if (!p)
		return -ENOMEM;
	memcpy(p, from, PAGE_SIZE);
	*to = (__paddr_t)p;
	return 0;
}

static int protect(const char *name, void *start, void *end,
		   unsigned long attr)
{
	__vaddr_t s = PAGE_ALIGN_DOWN((__vaddr_t)start);
	__vaddr_t e = PAGE_ALIGN_UP((__vaddr_t)end);

	region_note(name, s, e);
	if (e <= s)
		return 0;
#ifndef CONFIG_ENFORCE_W_XOR_X
	attr = PAGE_ATTR_PROT_RWX;
#endif
	return ukplat_page_set_attr(&kernel_pt, s, (e - s) >> PAGE_SHIFT,
				    attr, 0);
}

/* The end of RAM, from the platform's memory regions */
static __vaddr_t ram_end(void)
{
	struct ukplat_memregion_desc r;
	__vaddr_t end = 0;
	int i;

	for (i = 0; ukplat_memregion_get(i, &r) == 0; i++)
		end = MAX(end, (__vaddr_t)r.base + r.len);
	return end;
}

int ukplat_paging_init(void)
{
	struct uk_alloc *a = uk_alloc_get_default();
	__paddr_t root, l1[2];
	__pte_t *t;
	__vaddr_t ram_lo = 1UL << 30, ram_hi = PAGE_LARGE_ALIGN_UP(ram_end());
	extern __pte_t boot_l1_ident[], boot_l1_direct[];
	int rc;

	rc = copy_table(a, boot_l0, &root);
	rc = rc ?: copy_table(a, boot_l1_ident, &l1[0]);
	rc = rc ?: copy_table(a, boot_l1_direct, &l1[1]);
	if (rc)
		return rc;
	t = pt_table(root);
	t[0] = l1[0] | PTE_TYPE_TABLE;
	t[PT_PTES_PER_LEVEL - 1] = l1[1] | PTE_TYPE_TABLE;
	kernel_pt.pt_pbase = root;
	kernel_pt.pt_vbase = (__vaddr_t)t;
	uk_falloc_palloc_init(&arm64_falloc, a);
	kernel_pt.fa = &arm64_falloc.fa;
	kernel_pt.nr_pt_pages[PT_LEVELS - 1] = 1;
	kernel_pt.nr_pt_pages[PT_LEVELS - 2] = 2;

	/* NULL pointers fault: nothing at 0 - 128 MiB (flash) */
	rc = ukplat_page_unmap(&kernel_pt, 0, FLASH_END >> PAGE_SHIFT,
			       PAGE_FLAG_KEEP_FRAMES);
	/* no RAM there: no mapping (the direct map still has it all) */
	if (!rc && ram_hi < IDENT_END)
		rc = ukplat_page_unmap(&kernel_pt, ram_hi,
				       (IDENT_END - ram_hi) >> PAGE_LARGE_SHIFT,
				       PAGE_FLAG_KEEP_FRAMES |
				       PAGE_FLAG_SIZE(PAGE_LARGE_LEVEL));
	/* RAM is data; then the image's parts */
	rc = rc ?: protect("ram", (void *)ram_lo, (void *)ram_hi,
			   PAGE_ATTR_PROT_RW);
	rc = rc ?: protect("kernel text", _text, _etext,
			   PAGE_ATTR_PROT_READ | PAGE_ATTR_PROT_EXEC);
	rc = rc ?: protect("kernel rodata", __rodata_start, __rodata_end,
			   PAGE_ATTR_PROT_READ);
	rc = rc ?: protect("kernel data", __data_start, __data_end,
			   PAGE_ATTR_PROT_RW);
	rc = rc ?: protect("kernel ksymtab", __ksymtab_start, __ksymtab_end,
			   PAGE_ATTR_PROT_READ);
	rc = rc ?: protect("kernel bss", __bss_start,
			   ukrepl_cell_arena_start, PAGE_ATTR_PROT_RW);
	/* cells' data; their code pages become r-x as they are loaded */
	rc = rc ?: protect("cell arena", ukrepl_cell_arena_start,
			   ukrepl_cell_arena_end, PAGE_ATTR_PROT_RW);
	region_note("direct map", DIRECTMAP_AREA_START,
		    DIRECTMAP_AREA_START + DIRECTMAP_AREA_SIZE);
	rc = rc ?: ukplat_page_guard((__vaddr_t)boot_stack_guard,
				     "the boot stack");
	if (rc)
		return rc;

	arm64_switch_ttbr0(root);
	pt_active = 1;
	lcpu_ttbr0 = root;
	/* CPUs started later read it with the MMU off: to memory with it */
	__asm__ __volatile__("dc cvac, %0\n\tdsb sy" :: "r"(&lcpu_ttbr0)
			     : "memory");
	return 0;
}

#endif /* CONFIG_PAGING */
