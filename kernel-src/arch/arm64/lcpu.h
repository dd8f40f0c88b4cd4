/* Per-CPU state on arm64: one struct lcpu per logical CPU, found through
 * TPIDR_EL1 (which only EL1 can read, and nothing else uses). */
#ifndef __ARM64_LCPU_H__
#define __ARM64_LCPU_H__

#include <uk/config.h>

/* Offsets for assembly code (checked against the struct below) */
#define LCPU_SELF_OFFSET	0x00
#define LCPU_STACKP_OFFSET	0x20	/* s_args.stackp */
/* Each CPU takes exceptions on a stack of its own (SP_EL1) while code runs
 * on SP_EL0: a stack overflow into a guard page then still gets a report,
 * and IRQ handlers run on their own stack (as x86_64's IST_IRQ). */
#define LCPU_EXC_STACK_OFFSET	0x80
#define LCPU_EXC_STACK_SIZE	0x4000
#define LCPU_CONLOG_SIZE	2048

#ifndef __ASSEMBLY__

/* The host's contract names this fill byte (unused on arm64: no IST) */
enum lcpu_stack_fill {
	LCPU_STACK_FILL = 0x5a,
};

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/common/lcpu.h>

struct lcpu {
	struct lcpu *self;
	__lcpuidx idx;			/* 0 = boot CPU, in device-tree order */
	volatile int state;		/* enum lcpu_state (+ queued runs) */
	__lcpuid id;			/* MPIDR_EL1 affinity (Aff3..Aff0) */
	struct lcpu_sargs s_args;	/* valid in INIT */
#ifdef CONFIG_HAVE_SMP
	struct ukplat_lcpu_func fn;	/* the one slot for ukplat_lcpu_run */
#endif
	int error_code;			/* why it is HALTED (negative errno) */
	unsigned int crash_depth;	/* > 0 while this CPU reports a crash */
	unsigned long ipi_count;	/* RUN and WAKEUP IPIs served */
	unsigned int gic_target;	/* GICv2 CPU interface bit (SGIs) */
	__u8 exc_stack[LCPU_EXC_STACK_SIZE] __align(128);	/* SP_EL1 */
	/* The newest console bytes this CPU wrote, a ring; conlog_len counts all
	 * ever written. The host reads them to show each CPU's output of a
	 * run (%lcpu run) on its own, as on x86_64. */
	unsigned long conlog_len;
	char conlog[LCPU_CONLOG_SIZE];
};

UK_CTASSERT(__offsetof(struct lcpu, self) == LCPU_SELF_OFFSET);
UK_CTASSERT(__offsetof(struct lcpu, s_args.stackp) == LCPU_STACKP_OFFSET);
UK_CTASSERT(__offsetof(struct lcpu, exc_stack) == LCPU_EXC_STACK_OFFSET);

extern struct lcpu lcpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];

static inline struct lcpu *lcpu_current(void)
{
	struct lcpu *l;

	__asm__ __volatile__("mrs %0, tpidr_el1" : "=r"(l));
	return l;
}

/* boot.S: entry of CPUs started by PSCI, x0 = their struct lcpu */
void lcpu_start_secondary(void);

/* lcpu.c: the CPUs of the device tree's /cpus (the boot CPU is lcpus[0]) */
void lcpu_discover(void);

#endif /* !__ASSEMBLY__ */
#endif /* __ARM64_LCPU_H__ */
