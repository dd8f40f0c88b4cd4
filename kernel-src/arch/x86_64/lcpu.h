/* Per-CPU state: one struct lcpu per logical CPU holds its GDT, TSS and the
 * interrupt-stack-table stacks. %gs:0 points at the running CPU's own struct.
 * Intel SDM Vol. 3A §6.14.5 (interrupt stack table). */
#ifndef __X86_LCPU_H__
#define __X86_LCPU_H__

#include <uk/config.h>
#include <uk/arch/limits.h>

#define LCPU_SELF_OFFSET	0	/* for lcpu_start.S */

#define LCPU_STATE_HALTED	(-1)
#define LCPU_STATE_OFFLINE	0
#define LCPU_STATE_INIT		1
#define LCPU_STATE_IDLE		2
#define LCPU_STATE_BUSY0	3

#define LCPU_IST_STACK_SIZE	\
	(__PAGE_SIZE << CONFIG_UKPLAT_IST_STACK_PAGE_ORDER)
/* IST stacks start filled with this byte; bytes still intact were never used */
#define LCPU_STACK_FILL		0x5a

#ifndef __ASSEMBLY__

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/lcpu.h>
#include "desc.h"

/* One stack per IST slot (index = slot - 1), each used from its top down. */
struct lcpu_ist_stacks {
	__u8 stack[IST_COUNT][LCPU_IST_STACK_SIZE];
} __align(16);

struct lcpu {
	struct lcpu *self;		/* %gs:0: lcpu_current() is one load */
	__lcpuidx idx;
	volatile int state;
	__lcpuid id;			/* initial APIC ID */
	unsigned int crash_depth;	/* > 0 while this CPU reports a crash */
	struct gdt gdt __align(8);
	struct tss64 tss __align(16);
	struct lcpu_ist_stacks ist;
} __align(CACHE_LINE_SIZE);

UK_CTASSERT(__offsetof(struct lcpu, self) == LCPU_SELF_OFFSET);

extern struct lcpu lcpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];

static inline struct lcpu *lcpu_current(void)
{
	struct lcpu *l;

	__asm__ __volatile__("movq %%gs:" STRINGIFY(LCPU_SELF_OFFSET) ", %0"
			     : "=r"(l));
	return l;
}

/* lcpu_start.S: point %gs at `l` (sets l->self too). */
void lcpu_set_current(struct lcpu *l);

/* Per-CPU processor set-up, the same for the boot CPU and (later) for CPUs
 * started by SIPI: GDT, TSS with its IST stacks, IDT. */
void lcpu_init(struct lcpu *l);

/* Bytes of IST stack `slot` (1-based) of CPU `idx` ever used (callable from
 * the host: the stacks start out filled with LCPU_STACK_FILL). */
__sz lcpu_ist_high_water(__lcpuidx idx, unsigned int slot);

void gdt_init(struct lcpu *l);
void idt_init(void);
void idt_load(void);

/* Top of the IST stack for `slot` (1-based), i.e. where it starts. */
static inline void *lcpu_ist_top(struct lcpu *l, unsigned int slot)
{
	return l->ist.stack[slot - 1] + LCPU_IST_STACK_SIZE;
}

#endif /* !__ASSEMBLY__ */
#endif /* __X86_LCPU_H__ */
