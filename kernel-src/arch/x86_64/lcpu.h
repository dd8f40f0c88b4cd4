/* Per-CPU state: one struct lcpu per logical CPU holds the portable fields
 * (state, index, APIC ID, start arguments, function slot) and the CPU's own
 * GDT, TSS and interrupt-stack-table stacks. %gs:0 points at the running
 * CPU's own struct. Intel SDM Vol. 3A §6.14.5 (interrupt stack table). */
#ifndef __X86_LCPU_H__
#define __X86_LCPU_H__

#include <uk/config.h>
#include <uk/arch/limits.h>

/* Offsets for assembly code (checked against the struct below) */
#define LCPU_SELF_OFFSET	0x00
#define LCPU_STACKP_OFFSET	0x20	/* s_args.stackp */

#define LCPU_IST_STACK_SIZE	\
	(__PAGE_SIZE << CONFIG_UKPLAT_IST_STACK_PAGE_ORDER)
/* Unmapped page under each IST stack (see struct lcpu_ist_stacks) */
#define LCPU_IST_GUARD_SIZE	__PAGE_SIZE
#define LCPU_CONLOG_SIZE	2048

/* Secondary CPUs start in real mode at this address (below 1 MiB, page
 * aligned: the STARTUP IPI carries its page number), where lcpu_start16 is
 * copied. Intel SDM Vol. 3A §9.4.4.1 (typical AP start-up sequence). */
#define LCPU_START16_ADDR	0x8000

/* APIC IDs that can be mapped back to a struct lcpu (lcpu_by_apic_id) */
#define LCPU_APIC_ID_LIMIT	256

#ifndef __ASSEMBLY__

/* IST stacks start filled with this byte; bytes still intact were never
 * used. An enumerator, so that the host finds it in DWARF (lcpu.c anchors
 * the type with UKREPL_CONTRACT). */
enum lcpu_stack_fill {
	LCPU_STACK_FILL = 0x5a,
};

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/common/lcpu.h>
#include "desc.h"

/*
 * One stack per IST slot, stack[slot - 1] (so stack[0] is IST_IRQ and
 * stack[1] IST_CRITICAL), each used from its top down, each with an
 * unmapped guard page right below it:
 *
 *   lcpus[i].ist_guard      guard page under stack[0]
 *   stack[0][0 .. S)        the IRQ stack (S = LCPU_IST_STACK_SIZE); the
 *                           TSS's IST1 points at stack[0] + S
 *   stack[0][S .. S + 4K)   guard page under stack[1]
 *   stack[1][0 .. S)        the critical stack; IST2 = stack[1] + S
 *   stack[1][S .. S + 4K)   padding (mapped), so that all elements have
 *                           the same size
 *
 * So an element of stack[] is its usable stack followed by the guard page
 * of the next one, and the elements stay contiguous: stack k begins at
 * &ist + k * sizeof(stack[0]), and the 4 KiB right below it are its guard
 * (ist_guard for k = 0). The host's per-CPU view relies on exactly that: it
 * reads sizeof(stack[0]) bytes below each IST pointer, gets back the part
 * that is mapped (the usable stack) and names it by its offset from &ist.
 * The guard pages are unmapped by paging.c (with CONFIG_PAGING).
 */
struct lcpu_ist_stacks {
	__u8 stack[IST_COUNT][LCPU_IST_STACK_SIZE + LCPU_IST_GUARD_SIZE];
} __align(__PAGE_SIZE);

struct lcpu {
	struct lcpu *self;		/* %gs:0: lcpu_current() is one load */
	__lcpuidx idx;			/* 0 = boot CPU, in discovery order */
	volatile int state;		/* enum lcpu_state (+ queued runs) */
	__lcpuid id;			/* APIC ID */
	struct lcpu_sargs s_args;	/* valid in INIT */
#ifdef CONFIG_HAVE_SMP
	struct ukplat_lcpu_func fn;	/* the one slot for ukplat_lcpu_run */
#endif
	int error_code;			/* why it is HALTED (negative errno) */
	unsigned int crash_depth;	/* > 0 while this CPU reports a crash */
	unsigned long ipi_count;	/* RUN and WAKEUP IPIs served */
	/* The newest console bytes this CPU wrote, a ring; conlog_len counts all
	 * ever written. The serial line interleaves CPUs line by line; the host
	 * reads these to show each CPU's output of a run on its own. */
	unsigned long conlog_len;
	char conlog[LCPU_CONLOG_SIZE];
	struct gdt gdt __align(8);
	struct tss64 tss __align(16);
	__u8 ist_guard[LCPU_IST_GUARD_SIZE] __align(__PAGE_SIZE);
	struct lcpu_ist_stacks ist;
} __align(__PAGE_SIZE);

UK_CTASSERT(__offsetof(struct lcpu, self) == LCPU_SELF_OFFSET);
UK_CTASSERT(__offsetof(struct lcpu, s_args.stackp) == LCPU_STACKP_OFFSET);
UK_CTASSERT(__offsetof(struct lcpu, ist) ==
	    __offsetof(struct lcpu, ist_guard) + LCPU_IST_GUARD_SIZE);

/* All CPUs, lcpus[0] being the boot CPU (plat/common/lcpu.c) */
extern struct lcpu lcpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];

/* The CPU with a given APIC ID, for the entry code of secondary CPUs */
extern struct lcpu *lcpu_by_apic_id[LCPU_APIC_ID_LIMIT];

static inline struct lcpu *lcpu_current(void)
{
	struct lcpu *l;

	__asm__ __volatile__("movq %%gs:" STRINGIFY(LCPU_SELF_OFFSET) ", %0"
			     : "=r"(l));
	return l;
}

/* lcpu_start.S: point %gs at `l` (sets l->self too). */
void lcpu_set_current(struct lcpu *l);

/* Bytes of IST stack `slot` (1-based) of CPU `idx` ever used (callable from
 * the host: the stacks start out filled with LCPU_STACK_FILL). */
__sz lcpu_ist_high_water(__lcpuidx idx, unsigned int slot);

/* smp/mp.c: find the other CPUs (ACPI MADT); `ebda` helps find the RSDP.
 * What it found out of the ordinary, lcpu_mp_report() prints later. */
void lcpu_mp_init(__uptr ebda);
void lcpu_mp_report(void);
/* smp/start16.S: the real-mode code copied to LCPU_START16_ADDR */
extern const char lcpu_start16[], lcpu_start16_end[];

void gdt_init(struct lcpu *l);
void idt_init(void);
void idt_load(void);
/* syscall.c: the `syscall` instruction's MSRs on this CPU */
void syscall_cpu_init(void);

/* Top of the IST stack for `slot` (1-based), i.e. where it starts. */
static inline void *lcpu_ist_top(struct lcpu *l, unsigned int slot)
{
	return l->ist.stack[slot - 1] + LCPU_IST_STACK_SIZE;
}

/* The guard page under the IST stack for `slot` (1-based) */
static inline void *lcpu_ist_guard(struct lcpu *l, unsigned int slot)
{
	if (slot == 1)
		return l->ist_guard;
	return l->ist.stack[slot - 2] + LCPU_IST_STACK_SIZE;
}

#endif /* !__ASSEMBLY__ */
#endif /* __X86_LCPU_H__ */
