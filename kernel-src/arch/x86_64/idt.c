/* The interrupt descriptor table, shared by all CPUs: one interrupt gate per
 * exception vector and per hardware interrupt. Intel SDM Vol. 3A §6.14.1
 * (gates), §6.14.5 (IST). */
#include "desc.h"
#include "lcpu.h"
#include "platform.h"

/* traps.S: entry stub addresses, indexed by vector (IRQs: by IRQ number) */
extern const __u64 trap_entries[TRAP_NUM_EXCEPTIONS];
extern const __u64 irq_entries[IRQ_COUNT];
extern const char irq_spurious_entry[];

static struct idt_gate idt[IDT_NUM_ENTRIES] __align(16);

/*
 * NMI, double fault and machine check get a known-good stack: they can strike
 * when the current stack is unusable. All other exceptions stay on the
 * current stack, because an IST entry restarts at the top of its stack and
 * would overwrite an outer frame if the exception nested (GDB, for one,
 * makes accesses that fault while a fault is being handled). The three
 * share one stack: each of them ends in a crash report, never in iretq.
 */
static unsigned int exception_ist(unsigned int vector)
{
	switch (vector) {
	case TRAP_NMI:
	case TRAP_DOUBLE_FAULT:
	case TRAP_MACHINE_CHECK:
		return IST_CRITICAL;
	default:
		return 0;
	}
}

static void gate_set(struct idt_gate *g, __u64 handler, unsigned int ist)
{
	g->offset_lo = handler & 0xffff;
	g->selector = GDT_SEL_CODE;
	g->ist = ist;
	g->type_attr = IDT_GATE_INTR;
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_hi = handler >> 32;
	g->reserved = 0;
}

/*
 * Hardware interrupts run on the IRQ stack: an interrupt gate keeps them
 * from nesting (IF=0 until iretq), so the stack is never entered twice.
 */
void idt_init(void)
{
	unsigned int v, irq;

	for (v = 0; v < TRAP_NUM_EXCEPTIONS; v++)
		gate_set(&idt[v], trap_entries[v], exception_ist(v));
	for (irq = 0; irq < IRQ_COUNT; irq++)
		gate_set(&idt[IRQ_VECTOR_BASE + irq], irq_entries[irq],
			 IST_IRQ);
	gate_set(&idt[IRQ_SPURIOUS_VECTOR], (__u64)irq_spurious_entry,
		 IST_IRQ);
}

void idt_load(void)
{
	struct desc_ptr p = { .limit = sizeof(idt) - 1, .base = (__u64)idt };

	__asm__ __volatile__("lidt %0" : : "m"(p));
}
