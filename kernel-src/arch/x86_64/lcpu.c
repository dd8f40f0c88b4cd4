/* Per-CPU state (struct lcpu) and the lcpu API for the running CPU. The APIC
 * ID comes from CPUID leaf 01H, EBX[31:24] (Intel SDM Vol. 2A, CPUID). */
#include <string.h>
#include <uk/plat/lcpu.h>
#include "cpu.h"
#include "lcpu.h"

struct lcpu lcpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];

static __lcpuid initial_apic_id(void)
{
	__u32 a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	return b >> 24;
}

/*
 * Processor set-up of one CPU, on that CPU: its GDT and TSS (with the IST
 * stacks, filled with a pattern so the deepest use can be measured), and the
 * shared IDT. The boot path has already pointed %gs at `l`.
 */
void lcpu_init(struct lcpu *l)
{
	l->idx = l - lcpus;
	l->id = initial_apic_id();
	l->state = LCPU_STATE_INIT;
	memset(&l->ist, LCPU_STACK_FILL, sizeof(l->ist));
	gdt_init(l);
	idt_load();
	l->state = LCPU_STATE_BUSY0;	/* running its boot code */
}

/* Bytes of IST stack `slot` (1-based) of CPU `idx` that were ever written. */
__sz lcpu_ist_high_water(__lcpuidx idx, unsigned int slot)
{
	const __u8 *stack;
	__sz untouched = 0;

	if (idx >= CONFIG_UKPLAT_LCPU_MAXCOUNT || slot < 1 || slot > IST_COUNT)
		return 0;
	stack = lcpus[idx].ist.stack[slot - 1];
	while (untouched < LCPU_IST_STACK_SIZE &&
	       stack[untouched] == LCPU_STACK_FILL)
		untouched++;
	return LCPU_IST_STACK_SIZE - untouched;
}

__lcpuid ukplat_lcpu_id(void)
{
	return lcpu_current()->id;
}

#ifdef CONFIG_HAVE_SMP
__lcpuidx ukplat_lcpu_idx(void)
{
	return lcpu_current()->idx;
}

__u32 ukplat_lcpu_count(void)
{
	return 1;	/* secondary CPUs are not started yet */
}
#endif

void ukplat_lcpu_enable_irq(void)
{
	sti();
}

void ukplat_lcpu_disable_irq(void)
{
	cli();
}

unsigned long ukplat_lcpu_save_irqf(void)
{
	unsigned long flags = read_rflags();

	cli();
	return flags;
}

void ukplat_lcpu_restore_irqf(unsigned long flags)
{
	if (flags & X86_RFLAGS_IF)
		sti();
}

int ukplat_lcpu_irqs_disabled(void)
{
	return !(read_rflags() & X86_RFLAGS_IF);
}

void ukplat_lcpu_irqs_handle_pending(void)
{
}

void __noreturn ukplat_lcpu_halt(void)
{
	lcpu_current()->state = LCPU_STATE_HALTED;
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

void ukplat_lcpu_halt_irq(void)
{
	__asm__ __volatile__("sti; hlt; cli" ::: "memory");
}
