/* Dispatch of hardware interrupts, on each CPU's IRQ stack (IST_IRQ). All of
 * them come from local APICs: the timer and the RUN / WAKEUP IPIs of the lcpu
 * API (vector 32 + CONFIG_UKPLAT_LCPU_{RUN,WAKEUP}_IRQ). Intel SDM Vol. 3A
 * §11.8.5 (EOI), §11.9 (spurious interrupt). */
#include <uk/essentials.h>
#include <uk/arch/atomic.h>
#include <uk/plat/common/lcpu.h>
#include "apic.h"
#include "lcpu.h"
#include "mmu.h"
#include "platform.h"

/* Interrupts nobody asked for, on any CPU (for the curious host) */
unsigned long irq_unexpected_count;
unsigned long irq_spurious_count;

void irq_handler(unsigned long vector, struct __regs *regs __unused)
{
	/* A spurious interrupt is not in service: no EOI for it. */
	if (vector == IRQ_SPURIOUS_VECTOR) {
		ukarch_inc(&irq_spurious_count);
		return;
	}
	switch (vector - IRQ_VECTOR_BASE) {
#ifdef CONFIG_HAVE_SMP
	case CONFIG_UKPLAT_LCPU_RUN_IRQ:
		lcpu_current()->ipi_count++;
		lcpu_ipi_run_handler();
		/* what the function printed without a newline goes out now */
		console_flush_line();
		break;
	case CONFIG_UKPLAT_LCPU_WAKEUP_IRQ:
		lcpu_current()->ipi_count++;
		lcpu_ipi_wakeup_handler();
		break;
#ifdef CONFIG_PAGING
	case CONFIG_UKPLAT_LCPU_TLB_IRQ:
		mmu_tlb_shootdown_irq();
		break;
#endif
#endif
	case IRQ_APIC_TIMER:
		break;		/* it only ends a halt (ukplat_lcpu_halt_to) */
	default:
		ukarch_inc(&irq_unexpected_count);
		break;
	}
	apic_eoi();
}
