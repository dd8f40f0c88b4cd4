/*
 * Where vectors.S sends every exception. Interrupts (from EL1 with SP_EL1)
 * go to the GIC; everything else is a crash: synchronous exceptions are
 * faults or undefined instructions (an `svc` never comes here: vectors.S
 * sends it to syscall.S), and
 * FIQ, SError or anything from another origin is not expected at all.
 * Arm ARM (DDI 0487) D17.2.37 (ESR_EL1: exception classes).
 */
#include <uk/essentials.h>
#include "lcpu.h"
#include "platform.h"

#define KIND_IRQ	1
#define ORIGIN_EL1_SP0	0	/* code at EL1 on SP_EL0: the kernel */

static const char *const ec_names[64] = {
	[0x00] = "Unknown reason (undefined instruction)",
	[0x01] = "Trapped WFI/WFE",
	[0x07] = "FP/SIMD access trapped (CPACR_EL1.FPEN)",
	[0x0e] = "Illegal execution state",
	[0x15] = "SVC in AArch64",
	[0x18] = "Trapped MSR/MRS/system instruction",
	[0x19] = "SVE access trapped",
	[0x20] = "Instruction abort from EL0",
	[0x21] = "Instruction abort (same EL)",
	[0x22] = "PC alignment fault",
	[0x24] = "Data abort from EL0",
	[0x25] = "Data abort (same EL)",
	[0x26] = "SP alignment fault",
	[0x2c] = "Trapped floating-point exception",
	[0x2f] = "SError interrupt",
	[0x30] = "Breakpoint from EL0",
	[0x31] = "Breakpoint (same EL)",
	[0x32] = "Software step from EL0",
	[0x33] = "Software step (same EL)",
	[0x34] = "Watchpoint from EL0",
	[0x35] = "Watchpoint (same EL)",
	[0x3c] = "BRK instruction",
};

const char *esr_class_name(unsigned int ec)
{
	const char *n = ec < 64 ? ec_names[ec] : NULL;

	return n ? n : "Reserved or unhandled exception class";
}

static void irq_dispatch(void)
{
	unsigned int iar, irq;

	for (;;) {
		iar = gic_ack();
		irq = iar & 0x3ff;
		if (irq >= 1020)	/* spurious: nothing (more) pending */
			return;
		if (irq < 16) {
			gic_eoi(iar);	/* before: a function may not return */
			if (irq == SGI_CRASH_STOP && crash_in_progress())
				crash_stop_this_cpu();
			lcpu_irq_ipi(irq);
			continue;
		}
		if (irq == IRQ_TIMER_PPI)
			timer_irq();
		gic_eoi(iar);
	}
}

void trap_handler(unsigned long kind, struct __regs *regs)
{
	if (kind == (KIND_IRQ | ORIGIN_EL1_SP0 << 2)) {
		irq_dispatch();
		return;
	}
	crash_report_trap(kind, regs);
}
