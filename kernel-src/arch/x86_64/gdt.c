/* Each CPU's GDT (flat 64-bit code and data, one TSS) and its 64-bit TSS, whose
 * interrupt stack table points at the CPU's IST stacks. Intel SDM Vol. 3A
 * §3.4.5 (descriptors), §7.2.3 (TSS descriptor), §7.7 (64-bit TSS). */
#include <string.h>
#include "cpu.h"
#include "desc.h"
#include "lcpu.h"

static void seg_desc_set(struct seg_desc *d, __u32 base, __u32 limit,
			 __u8 access, __u8 flags)
{
	d->limit_lo = limit & 0xffff;
	d->base_lo = base & 0xffff;
	d->base_mid = (base >> 16) & 0xff;
	d->access = access;
	d->limit_hi_flags = ((limit >> 16) & 0xf) | (flags << 4);
	d->base_hi = (base >> 24) & 0xff;
}

static void tss_desc_set(struct sys_desc64 *d, __u64 base, __u32 limit)
{
	seg_desc_set(&d->lo, (__u32)base, limit,
		     SEG_ACCESS_PRESENT | SEG_TYPE_TSS64, 0);
	d->base_upper = base >> 32;
	d->reserved = 0;
}

static void tss_init(struct lcpu *l)
{
	unsigned int slot;

	memset(&l->tss, 0, sizeof(l->tss));
	for (slot = 1; slot <= IST_COUNT; slot++)
		l->tss.ist[slot - 1] = (__u64)lcpu_ist_top(l, slot);
	/* An I/O bitmap offset at the TSS limit means "no bitmap". */
	l->tss.iomap_base = sizeof(l->tss);
}

static void gdt_load(struct gdt *gdt)
{
	struct desc_ptr p = { .limit = sizeof(*gdt) - 1, .base = (__u64)gdt };

	__asm__ __volatile__("lgdt %0" : : "m"(p));
	/* CS changes only by a far transfer: "return" to the next instruction
	 * through the new code selector. FS and GS are left alone, since
	 * loading them would reset the GS base that points at struct lcpu. */
	__asm__ __volatile__("pushq %[cs]\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "movl %[ds], %%eax\n\t"
			     "movl %%eax, %%ds\n\t"
			     "movl %%eax, %%es\n\t"
			     "movl %%eax, %%ss"
			     : : [cs] "i"(GDT_SEL_CODE), [ds] "i"(GDT_SEL_DATA)
			     : "rax", "memory");
	__asm__ __volatile__("ltr %w0" : : "r"(GDT_SEL_TSS));
}

void gdt_init(struct lcpu *l)
{
	struct gdt *g = &l->gdt;

	memset(&g->null, 0, sizeof(g->null));
	seg_desc_set(&g->code, 0, 0xfffff, SEG_ACCESS_KCODE,
		     SEG_FLAG_GRAN | SEG_FLAG_LONG);
	seg_desc_set(&g->data, 0, 0xfffff, SEG_ACCESS_KDATA,
		     SEG_FLAG_GRAN | SEG_FLAG_DB);
	tss_init(l);
	tss_desc_set(&g->tss, (__u64)&l->tss, sizeof(l->tss) - 1);
	gdt_load(g);
}
