/*
 * The arm64 half of the lcpu API: interrupt masking through PSTATE.DAIF,
 * halting in wfi, CPU identity from MPIDR_EL1, CPUs from the device tree's
 * /cpus, starting them with PSCI CPU_ON, and the RUN / WAKEUP IPIs as
 * SGIs (numbers CONFIG_UKPLAT_LCPU_RUN_IRQ / _WAKEUP_IRQ).
 */
#include <errno.h>
#include <stdio.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/atomic.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/plat/common/lcpu.h>
#include <ukrepl/host.h>
#include "fdt.h"
#include "lcpu.h"
#include "platform.h"

#define DAIF_I		(1 << 7)	/* IRQs masked (PSTATE.I in DAIF) */
#define MPIDR_AFF_MASK	0xff00ffffffUL	/* Aff3, Aff2, Aff1, Aff0 */
#define START_TIMEOUT_NS	1000000000ULL

/* The host reads this value through DWARF, as on x86_64 */
UKREPL_CONTRACT(lcpu_stack_fill, enum lcpu_stack_fill) = LCPU_STACK_FILL;

void ukplat_lcpu_enable_irq(void)
{
	__asm__ __volatile__("msr daifclr, #2" ::: "memory");
}

void ukplat_lcpu_disable_irq(void)
{
	__asm__ __volatile__("msr daifset, #2" ::: "memory");
}

unsigned long ukplat_lcpu_save_irqf(void)
{
	unsigned long daif;

	__asm__ __volatile__("mrs %0, daif\n\tmsr daifset, #2"
			     : "=r"(daif) :: "memory");
	return daif;
}

void ukplat_lcpu_restore_irqf(unsigned long flags)
{
	__asm__ __volatile__("msr daif, %0" :: "r"(flags) : "memory");
}

int ukplat_lcpu_irqs_disabled(void)
{
	unsigned long daif;

	__asm__ __volatile__("mrs %0, daif" : "=r"(daif));
	return !!(daif & DAIF_I);
}

/* Lets a pending interrupt in, for one instruction's time */
void ukplat_lcpu_irqs_handle_pending(void)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	ukplat_lcpu_enable_irq();
	__asm__ __volatile__("isb" ::: "memory");
	ukplat_lcpu_restore_irqf(flags);
}

void __noreturn ukplat_lcpu_halt(void)
{
	for (;;)
		__asm__ __volatile__("msr daifset, #0xf\n\twfi" ::: "memory");
}

/*
 * wfi wakes up on a pending interrupt even while it is masked, so: wait
 * masked, then unmask to take it. No interrupt is lost between the check
 * and the wait (the race sti; hlt closes on x86).
 */
void ukplat_lcpu_halt_irq(void)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	__asm__ __volatile__("wfi" ::: "memory");
	ukplat_lcpu_enable_irq();
	__asm__ __volatile__("isb" ::: "memory");
	ukplat_lcpu_restore_irqf(flags);
}

void ukplat_lcpu_halt_to(__nsec until)
{
	if (ukplat_monotonic_clock() >= until)
		return;
	timer_set_deadline(until);
	ukplat_lcpu_halt_irq();
	timer_irq();		/* off, whether it fired or not */
}

__lcpuid ukplat_lcpu_id(void)
{
	__u64 m;

	__asm__ __volatile__("mrs %0, mpidr_el1" : "=r"(m));
	return m & MPIDR_AFF_MASK;
}

/* On the CPU itself, first thing in C */
void lcpu_init(struct lcpu *l)
{
	l->self = l;
	gic_cpu_init();
	gic_enable_irq(IRQ_TIMER_PPI);
	__asm__ __volatile__("msr cntv_ctl_el0, %0" :: "r"(2UL));
	ukarch_store_n(&l->state, LCPU_STATE_BUSY0);
}

/* An SGI of the lcpu API arrived (trap.c) */
#ifdef CONFIG_HAVE_SMP
/* ukplat_lcpu_run functions are code of cells, which uses the FP/SIMD
 * registers of whatever it interrupted: they run between a save and a
 * restore of them, with FPCR's defaults (round to nearest, no traps).
 * Interrupts do not nest: one area per CPU. */
static struct ukarch_fpsimd_state irq_fpsimd[CONFIG_UKPLAT_LCPU_MAXCOUNT];

static void run_with_fpsimd_saved(void)
{
	struct ukarch_fpsimd_state *s = &irq_fpsimd[lcpu_current()->idx];

	ukarch_fpsimd_save(s);
	__asm__ __volatile__("msr fpcr, xzr");
	lcpu_ipi_run_handler();
	ukarch_fpsimd_restore(s);
}
#endif

void lcpu_irq_ipi(unsigned int sgi)
{
#ifdef CONFIG_HAVE_SMP
	lcpu_current()->ipi_count++;
	if (sgi == CONFIG_UKPLAT_LCPU_RUN_IRQ)
		run_with_fpsimd_saved();
	else if (sgi == CONFIG_UKPLAT_LCPU_WAKEUP_IRQ)
		lcpu_ipi_wakeup_handler();
#else
	(void)sgi;
#endif
}

/* The CPUs of /cpus, in their order there; the boot CPU (whose MPIDR is
 * ours) stays lcpus[0]. */
void lcpu_discover(void)
{
	const void *fdt = arm64_fdt;
	int cpus = fdt_find_node(fdt, -1, "cpus"), cpu = -1;
	__lcpuid me = ukplat_lcpu_id();
	const char *type;
	__u64 id;

	lcpus[0].id = me;
	if (cpus < 0)
		return;
	while ((cpu = fdt_next_child(fdt, cpus, cpu)) >= 0) {
		type = fdt_getprop(fdt, cpu, "device_type", NULL);
		if (!type || type[0] != 'c')	/* "cpu" (skip cpu-map) */
			continue;
		if (fdt_get_address(fdt, cpu, 0, &id, NULL))
			continue;
		id &= MPIDR_AFF_MASK;
		if (id == me)
			continue;
#ifdef CONFIG_HAVE_SMP
		if (!lcpu_alloc(id))
			uk_pr_warn("lcpu: no room for CPU 0x%lx (max %d)\n",
				   (unsigned long)id,
				   CONFIG_UKPLAT_LCPU_MAXCOUNT);
#endif
	}
}

#ifdef CONFIG_HAVE_SMP
int lcpu_arch_start(struct lcpu *l[], unsigned int n)
{
	unsigned int i;
	int rc, first = 0;
	__nsec until;

	for (i = 0; i < n; i++) {
		/* the new CPU reads its struct only once its MMU is on
		 * (boot.S), where caches keep it coherent with ours */
		l[i]->self = l[i];
		rc = psci_cpu_on(l[i]->id, (__uptr)lcpu_start_secondary,
				 (__u64)l[i]);
		if (rc) {
			l[i]->error_code = rc;
			ukarch_store_n(&l[i]->state, LCPU_STATE_HALTED);
			first = first ? first : rc;
		}
	}
	until = ukplat_monotonic_clock() + START_TIMEOUT_NS;
	for (i = 0; i < n; i++) {
		while (ukarch_load_n(&l[i]->state) == LCPU_STATE_INIT) {
			if (ukplat_monotonic_clock() > until) {
				l[i]->error_code = -ETIMEDOUT;
				ukarch_store_n(&l[i]->state,
					       LCPU_STATE_HALTED);
				first = first ? first : -ETIMEDOUT;
				break;
			}
			ukarch_spinwait();
		}
	}
	return first;
}

int lcpu_arch_run(struct lcpu *l)
{
	gic_send_sgi(CONFIG_UKPLAT_LCPU_RUN_IRQ, l);
	return 0;
}

int lcpu_arch_wakeup(struct lcpu *l)
{
	gic_send_sgi(CONFIG_UKPLAT_LCPU_WAKEUP_IRQ, l);
	return 0;
}

void __noreturn lcpu_arch_jump_to(void *sp, ukplat_lcpu_entry_t entry)
{
	__asm__ __volatile__("mov sp, %0\n\t"
			     "mov x29, xzr\n\t"
			     "mov x30, xzr\n\t"
			     "br %1"
			     :: "r"(sp), "r"(entry) : "memory");
	__builtin_unreachable();
}

const char *lcpu_arch_describe(void)
{
	static char what[32];

	/* e.g. "GICv2 SGIs, PSCI hvc" */
	snprintf(what, sizeof(what), "%s SGIs, PSCI %s", gic_describe(),
		 psci_method());
	return what;
}
#endif
