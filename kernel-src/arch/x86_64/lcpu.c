/* Per-CPU processor set-up and the lcpu calls about the running CPU: its
 * identity, interrupt flag and halting (Unikraft API uk/plat/lcpu.h). The
 * APIC ID comes from CPUID leaf 01H, EBX[31:24] (Intel SDM Vol. 2A, CPUID). */
#include <string.h>
#include <uk/assert.h>
#include <uk/arch/atomic.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <ukrepl/host.h>
#include "apic.h"
#include "cpu.h"
#include "lcpu.h"
#include "mmu.h"
#include "platform.h"
#include "time/time.h"

struct lcpu *lcpu_by_apic_id[LCPU_APIC_ID_LIMIT];

/* The host checks the stacks' fill byte by this value (<ukrepl/host.h>) */
UKREPL_CONTRACT(lcpu_stack_fill, enum lcpu_stack_fill) = LCPU_STACK_FILL;

static __lcpuid initial_apic_id(void)
{
	__u32 a, b, c, d;

	cpuid(X86_CPUID_FEATURES, 0, &a, &b, &c, &d);
	return b >> X86_CPUID1_EBX_APIC_ID_SHIFT;
}

/*
 * Processor set-up of one CPU, on that CPU, the same for the boot CPU and
 * for CPUs started by ukplat_lcpu_start(): its GDT and TSS (with the IST
 * stacks, filled with a pattern so the deepest use can be measured), the
 * shared IDT, and its local APIC once the boot CPU has chosen how to drive
 * APICs. The entry code has already pointed %gs at `l`.
 *
 * Last comes the check-in, INIT -> BUSY0. If the CPU that started us gave up
 * waiting meanwhile (the state is HALTED then), we stop here for good.
 */
void lcpu_init(struct lcpu *l)
{
	unsigned int k;

	l->id = initial_apic_id();
	/* the usable parts only: the guard pages between them are unmapped */
	for (k = 0; k < IST_COUNT; k++)
		memset(l->ist.stack[k], LCPU_STACK_FILL, LCPU_IST_STACK_SIZE);
	gdt_init(l);
	idt_load();
	syscall_cpu_init();
	if (lapic_mode != LAPIC_MODE_NONE) {
		apic_cpu_init();
		/* IPIs are addressed by the ID CPUID reported */
		UK_ASSERT(apic_id() == l->id);
	}
	if (ukarch_compare_exchange_sync(&l->state, LCPU_STATE_INIT,
					 LCPU_STATE_BUSY0) != LCPU_STATE_BUSY0)
		ukplat_lcpu_halt();
	/* online from here on, so TLB shootdowns include this CPU; what its
	 * TLB holds from before goes now */
	mmu_cpu_online();
}

/* Bytes of IST stack `slot` (1-based) of CPU `idx` that were ever written:
 * the stack grows down, so count the intact fill from the bottom, a word at
 * a time (this runs slowly under nested KVM otherwise). */
__sz lcpu_ist_high_water(__lcpuidx idx, unsigned int slot)
{
	const __u64 fill = 0x0101010101010101ULL * LCPU_STACK_FILL;
	const __u64 *stack;
	__sz words = LCPU_IST_STACK_SIZE / sizeof(__u64), untouched = 0;

	if (idx >= CONFIG_UKPLAT_LCPU_MAXCOUNT || slot < 1 || slot > IST_COUNT)
		return 0;
	stack = (const __u64 *)lcpus[idx].ist.stack[slot - 1];
	while (untouched < words && stack[untouched] == fill)
		untouched++;
	return (words - untouched) * sizeof(__u64);
}

__lcpuid ukplat_lcpu_id(void)
{
	return lcpu_current()->id;
}

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

/* sti's one-instruction shadow makes "sti; hlt" atomic: an interrupt that
 * is already pending wakes the hlt instead of slipping in before it. */
void ukplat_lcpu_halt_irq(void)
{
	__asm__ __volatile__("sti; hlt; cli" ::: "memory");
}

/*
 * The local APIC timer ends the halt at the deadline, unless another
 * interrupt does so first. A deadline beyond what the 32-bit timer can count
 * ends the halt early, which callers of a "halt until" must expect anyway.
 * Without an APIC there is no timer: then it busy-waits.
 */
void ukplat_lcpu_halt_to(__nsec until)
{
	__nsec now = ukplat_monotonic_clock();
	__u64 hz = apic_timer_hz(), count;
	unsigned long irqf;

	if (until <= now)
		return;
	if (!hz) {
		tsc_delay_ns(until - now);
		return;
	}
	count = MAX(MIN(ns_to_ticks(until - now, hz), 0xffffffffULL), 1ULL);
	irqf = ukplat_lcpu_save_irqf();
	apic_timer_oneshot(IRQ_VECTOR(IRQ_APIC_TIMER), (__u32)count);
	ukplat_lcpu_halt_irq();
	apic_timer_stop();
	ukplat_lcpu_restore_irqf(irqf);
}
