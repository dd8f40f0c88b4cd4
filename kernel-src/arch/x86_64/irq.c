/* Dispatch of hardware interrupts, on each CPU's IRQ stack (IST_IRQ). All of
 * them come from local APICs: the timer and the RUN / WAKEUP IPIs of the lcpu
 * API (vector 32 + CONFIG_UKPLAT_LCPU_{RUN,WAKEUP}_IRQ). Intel SDM Vol. 3A
 * §11.8.5 (EOI), §11.9 (spurious interrupt). */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/arch/atomic.h>
#include <uk/plat/irq.h>
#include <uk/plat/common/lcpu.h>
#include "apic.h"
#include "lcpu.h"
#include "mmu.h"
#include "platform.h"

/* Interrupts nobody asked for, on any CPU (for the curious host) */
unsigned long irq_unexpected_count;
unsigned long irq_spurious_count;

/* Handlers registered through ukplat_irq_register(), by irq (vector - 32).
 * An entry is written once, before its `used` mark is published. */
#define IRQ_HANDLERS_MAX	16
struct irq_handler {
	unsigned long irq;
	irq_handler_func_t func;
	void *arg;
};
static struct irq_handler irq_handlers[IRQ_HANDLERS_MAX];
static unsigned int irq_handlers_used;

int ukplat_irq_init(struct uk_alloc *a __unused)
{
	return 0;
}

static int irq_is_platforms(unsigned long irq)
{
	return irq == IRQ_APIC_TIMER
#ifdef CONFIG_HAVE_SMP
	       || irq == CONFIG_UKPLAT_LCPU_RUN_IRQ ||
	       irq == CONFIG_UKPLAT_LCPU_WAKEUP_IRQ
#ifdef CONFIG_PAGING
	       || irq == CONFIG_UKPLAT_LCPU_TLB_IRQ
#endif
#endif
	       ;
}

int ukplat_irq_register(unsigned long irq, irq_handler_func_t func, void *arg)
{
	unsigned int i;

	if (!func || irq >= 256 - IRQ_VECTOR_BASE || irq_is_platforms(irq))
		return -EINVAL;
	i = __atomic_fetch_add(&irq_handlers_used, 1, __ATOMIC_ACQ_REL);
	if (i >= IRQ_HANDLERS_MAX)
		return -ENOMEM;
	irq_handlers[i].irq = irq;
	irq_handlers[i].arg = arg;
	__atomic_store_n(&irq_handlers[i].func, func, __ATOMIC_RELEASE);
	return 0;
}

/*
 * The kernel is built without SSE, so its own interrupt paths leave the
 * interrupted code's x87/SSE registers alone; code of cells (registered
 * handlers, ukplat_lcpu_run functions) is built with SSE, so its calls are
 * wrapped in a save and restore of the whole state. Interrupts do not nest
 * (IF stays 0 in handlers): one area per CPU.
 */
struct irq_fpu_area {
	__u8 area[512];
} __align(16);
static struct irq_fpu_area irq_fpu[CONFIG_UKPLAT_LCPU_MAXCOUNT];

#define WITH_FPU_SAVED(stmt)						\
	do {								\
		struct irq_fpu_area *__fa = &irq_fpu[ukplat_lcpu_idx()]; \
									\
		__asm__ __volatile__("fxsave64 %0" : "=m"(*__fa));	\
		__asm__ __volatile__("fninit");				\
		stmt;							\
		__asm__ __volatile__("fxrstor64 %0" : : "m"(*__fa));	\
	} while (0)

/* Asks the handlers of irq in turn until one claims it: 1 if one did. */
static int irq_run_registered(unsigned long irq)
{
	unsigned int i, n = MIN(irq_handlers_used, (unsigned int)IRQ_HANDLERS_MAX);

	for (i = 0; i < n; i++) {
		struct irq_handler *h = &irq_handlers[i];
		irq_handler_func_t fn = __atomic_load_n(&h->func,
							__ATOMIC_ACQUIRE);

		int claimed = 0;

		if (fn && h->irq == irq)
			WITH_FPU_SAVED(claimed = fn(h->arg));
		if (claimed)
			return 1;
	}
	return 0;
}

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
		WITH_FPU_SAVED(lcpu_ipi_run_handler());
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
		if (!irq_run_registered(vector - IRQ_VECTOR_BASE))
			ukarch_inc(&irq_unexpected_count);
		break;
	}
	apic_eoi();
}
