/* The x86 half of the lcpu API: which CPUs exist (ACPI MADT), starting them
 * with INIT-SIPI-SIPI, and the IPIs that run functions on them.
 * Intel SDM Vol. 3A §9.4.4 (MP initialization), §11.6 (issuing IPIs). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/arch/atomic.h>
#include <uk/print.h>
#include <uk/plat/time.h>
#include "../acpi.h"
#include "../apic.h"
#include "../cpu.h"
#include "../lcpu.h"
#include "../platform.h"
#include "../time/time.h"

/*
 * The SDM's start-up sequence: INIT, 10 ms, STARTUP, 200 us, STARTUP. The
 * waits are for real processors. In a VM (CPUID says so) the hypervisor
 * applies INIT and STARTUP in the order it delivers them (QEMU's TCG and KVM
 * both do), so the waits are cut short there; the second STARTUP, sent only
 * to CPUs that have not checked in by then, covers a slow one.
 */
#define INIT_DELAY_US		10000
#define STARTUP_DELAY_US	200
#define VM_INIT_DELAY_US	0
#define VM_STARTUP_DELAY_US	20
/* How long ukplat_lcpu_start() waits for CPUs to check in */
#define START_TIMEOUT_NS	(1000 * 1000 * 1000ULL)

static void add_first(__u32 apic_id)
{
	if (apic_id < LCPU_APIC_ID_LIMIT)
		lcpu_by_apic_id[apic_id] = &lcpus[0];
}

static unsigned int ignored;	/* CPUs beyond CONFIG_UKPLAT_LCPU_MAXCOUNT */

/* acpi_madt_foreach_cpu() callback: one more CPU */
static int add_cpu(__u32 apic_id, void *arg __unused)
{
	struct lcpu *l;

	if (apic_id >= LCPU_APIC_ID_LIMIT) {
		uk_pr_warn("lcpu: APIC ID %u too large, CPU ignored\n",
			   apic_id);
		return 0;
	}
	if (lcpu_by_apic_id[apic_id])
		return 0;	/* the boot CPU, or listed twice */
	l = lcpu_alloc(apic_id);
	if (!l) {
		ignored++;
		return 0;
	}
	lcpu_by_apic_id[apic_id] = l;
	return 0;
}

static int no_madt;

/* Runs on the boot CPU, after apic_init(), before the heap exists (the
 * MADT may lie in memory the heap would take). */
void lcpu_mp_init(__uptr ebda)
{
	add_first((__u32)lcpus[0].id);
	if (lapic_mode == LAPIC_MODE_NONE)
		return;
	if (acpi_init(ebda) < 0) {
		no_madt = 1;
		return;
	}
	acpi_madt_foreach_cpu(add_cpu, NULL);
}

/* What discovery has to say, once the console shows the banner */
void lcpu_mp_report(void)
{
	if (no_madt)
		printf("lcpu: no ACPI MADT, running with one CPU\n");
	if (ignored)
		printf("lcpu: %u more CPU%s ignored "
		       "(CONFIG_UKPLAT_LCPU_MAXCOUNT is %d)\n", ignored,
		       ignored == 1 ? "" : "s", CONFIG_UKPLAT_LCPU_MAXCOUNT);
}

#ifdef CONFIG_HAVE_SMP
const char *lcpu_arch_describe(void)
{
	return apic_mode_name();
}

static int in_vm(void)
{
	__u32 a, b, c, d;

	cpuid(X86_CPUID_FEATURES, 0, &a, &b, &c, &d);
	return !!(c & X86_CPUID1_ECX_HYPERVISOR);
}

static int checked_in(const struct lcpu *l)
{
	return l->state != LCPU_STATE_INIT;
}

static void send_startup(struct lcpu *l[], unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!checked_in(l[i]))
			apic_send_startup((__u32)l[i]->id,
					  LCPU_START16_ADDR >> __PAGE_SHIFT);
}

/* Waits for every CPU to leave INIT; those that do not in time are HALTED
 * (unless they check in at the very last moment: both sides use a CAS). */
static int wait_checked_in(struct lcpu *l[], unsigned int n)
{
	__nsec deadline = ukplat_monotonic_clock() + START_TIMEOUT_NS;
	unsigned int i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		while (!checked_in(l[i]) &&
		       ukplat_monotonic_clock() < deadline)
			ukarch_spinwait();
		if (ukarch_compare_exchange_sync(&l[i]->state,
						 LCPU_STATE_INIT,
						 LCPU_STATE_HALTED) ==
		    LCPU_STATE_HALTED) {
			l[i]->error_code = -ETIMEDOUT;
			uk_pr_err("lcpu %u (APIC ID %lu) did not start\n",
				  l[i]->idx, l[i]->id);
			rc = -ETIMEDOUT;
		}
	}
	return rc;
}

/*
 * All CPUs at once: INIT to each, one wait, STARTUP to each, and so on, so
 * that starting n CPUs costs the delays once. Every CPU runs the same real
 * mode code, copied anew each time (it is a few bytes, and low memory is
 * anybody's after boot).
 */
int lcpu_arch_start(struct lcpu *l[], unsigned int n)
{
	int vm = in_vm();
	unsigned int i;

	if (lapic_mode == LAPIC_MODE_NONE) {	/* no way to reach them */
		for (i = 0; i < n; i++) {
			l[i]->error_code = -ENODEV;
			l[i]->state = LCPU_STATE_HALTED;
		}
		return -ENODEV;
	}
	memcpy((void *)LCPU_START16_ADDR, lcpu_start16,
	       lcpu_start16_end - lcpu_start16);

	for (i = 0; i < n; i++)
		apic_send_init((__u32)l[i]->id);
	tsc_delay_us(vm ? VM_INIT_DELAY_US : INIT_DELAY_US);
	send_startup(l, n);
	tsc_delay_us(vm ? VM_STARTUP_DELAY_US : STARTUP_DELAY_US);
	send_startup(l, n);
	return wait_checked_in(l, n);
}

int lcpu_arch_run(struct lcpu *l)
{
	apic_send_fixed((__u32)l->id,
			IRQ_VECTOR(CONFIG_UKPLAT_LCPU_RUN_IRQ));
	return 0;
}

int lcpu_arch_wakeup(struct lcpu *l)
{
	apic_send_fixed((__u32)l->id,
			IRQ_VECTOR(CONFIG_UKPLAT_LCPU_WAKEUP_IRQ));
	return 0;
}
#endif /* CONFIG_HAVE_SMP */
