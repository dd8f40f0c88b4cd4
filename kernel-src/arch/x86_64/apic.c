/* The local APIC, with two back ends chosen at boot: x2APIC (registers are
 * MSRs) where CPUID offers it, as under KVM here, and xAPIC (registers in a
 * memory-mapped page) otherwise, as under TCG, which has no x2APIC.
 * Intel SDM Vol. 3A §11.4 (xAPIC), §11.12 (x2APIC), §11.6 (IPIs). */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/arch/lcpu.h>
#include "apic.h"
#include "cpu.h"
#include "platform.h"
#include "time/time.h"

/* Register offsets in the xAPIC page; the x2APIC MSR is 0x800 + offset/16. */
#define APIC_ID			0x020
#define APIC_TPR		0x080	/* task priority: 0 accepts all */
#define APIC_EOI		0x0b0
#define APIC_SVR		0x0f0	/* spurious vector, software enable */
#define APIC_ESR		0x280	/* error status */
#define APIC_ICR_LO		0x300	/* interrupt command (x2APIC: all 64) */
#define APIC_ICR_HI		0x310	/* destination (xAPIC only) */
#define APIC_LVT_TIMER		0x320
#define APIC_LVT_ERROR		0x370
#define APIC_TIMER_INITIAL	0x380
#define APIC_TIMER_CURRENT	0x390
#define APIC_TIMER_DIVIDE	0x3e0

#define X2APIC_MSR_BASE		0x800

#define APIC_SVR_ENABLE		(1 << 8)
#define APIC_LVT_MASKED		(1 << 16)
#define APIC_TIMER_DIVIDE_1	0xb
#define XAPIC_ID_SHIFT		24	/* the ID is in bits 31:24 */
#define XAPIC_DEST_SHIFT	24	/* ICR_HI: destination in 31:24 */

/* Interrupt command register, low half */
#define ICR_FIXED		(0 << 8)
#define ICR_NMI			(4 << 8)
#define ICR_INIT		(5 << 8)
#define ICR_STARTUP		(6 << 8)
#define ICR_PHYSICAL		(0 << 11)	/* destination is an APIC ID */
#define ICR_PENDING		(1 << 12)	/* xAPIC: not yet sent */
#define ICR_ASSERT		(1 << 14)
#define ICR_EDGE		(0 << 15)

#define APIC_TIMER_CALIBRATE_US	1000

enum lapic_mode lapic_mode = LAPIC_MODE_NONE;

struct lapic_ops {
	__u32 (*read)(unsigned int reg);
	void (*write)(unsigned int reg, __u32 v);
	/* sends the IPI described by the low ICR half to APIC ID `dest` */
	void (*send)(__u32 dest, __u32 icr_lo);
};

static const struct lapic_ops *ops;
static volatile __u8 *xapic_page;	/* identity mapped, uncached */
static __u64 timer_hz;

/* ------------------------------------------------ xAPIC: MMIO */

static __u32 xapic_read(unsigned int reg)
{
	return *(volatile __u32 *)(xapic_page + reg);
}

static void xapic_write(unsigned int reg, __u32 v)
{
	*(volatile __u32 *)(xapic_page + reg) = v;
}

/* The destination goes in first: writing the low half sends the IPI. */
static void xapic_send(__u32 dest, __u32 icr_lo)
{
	while (xapic_read(APIC_ICR_LO) & ICR_PENDING)
		ukarch_spinwait();
	xapic_write(APIC_ICR_HI, dest << XAPIC_DEST_SHIFT);
	xapic_write(APIC_ICR_LO, icr_lo);
	while (xapic_read(APIC_ICR_LO) & ICR_PENDING)
		ukarch_spinwait();
}

static const struct lapic_ops xapic_ops = {
	.read = xapic_read,
	.write = xapic_write,
	.send = xapic_send,
};

/* ------------------------------------------------ x2APIC: MSRs */

static __u32 x2apic_read(unsigned int reg)
{
	return (__u32)rdmsr(X2APIC_MSR_BASE + reg / 16);
}

static void x2apic_write(unsigned int reg, __u32 v)
{
	wrmsr(X2APIC_MSR_BASE + reg / 16, v);
}

/*
 * One 64-bit write, destination in the upper half. WRMSR to an x2APIC
 * register does not wait for earlier stores (SDM §11.12.3): the fence makes
 * sure the target sees what we stored for it before the interrupt arrives.
 */
static void x2apic_send(__u32 dest, __u32 icr_lo)
{
	__asm__ __volatile__("mfence; lfence" ::: "memory");
	wrmsr(X2APIC_MSR_BASE + APIC_ICR_LO / 16, (__u64)dest << 32 | icr_lo);
}

static const struct lapic_ops x2apic_ops = {
	.read = x2apic_read,
	.write = x2apic_write,
	.send = x2apic_send,
};

/* ------------------------------------------------ common */

static int cpu_has(__u32 edx_bit, __u32 ecx_bit)
{
	__u32 a, b, c, d;

	cpuid(X86_CPUID_FEATURES, 0, &a, &b, &c, &d);
	return (d & edx_bit) || (c & ecx_bit);
}

const char *apic_mode_name(void)
{
	switch (lapic_mode) {
	case LAPIC_MODE_X2APIC:
		return "x2APIC";
	case LAPIC_MODE_XAPIC:
		return "xAPIC";
	default:
		return "no APIC";
	}
}

/*
 * Turns this CPU's APIC on in the chosen mode: globally (the base MSR; x2APIC
 * mode can only be entered from enabled xAPIC mode), then by software (SVR,
 * with the spurious vector). All interrupt priorities are accepted; the
 * timer and error interrupts stay masked until asked for.
 */
void apic_cpu_init(void)
{
	__u64 base = rdmsr(X86_MSR_APIC_BASE);

	if (!(base & X86_APIC_BASE_EN)) {
		base |= X86_APIC_BASE_EN;
		wrmsr(X86_MSR_APIC_BASE, base);
	}
	if (lapic_mode == LAPIC_MODE_X2APIC && !(base & X86_APIC_BASE_EXTD))
		wrmsr(X86_MSR_APIC_BASE, base | X86_APIC_BASE_EXTD);

	ops->write(APIC_TPR, 0);
	ops->write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	ops->write(APIC_LVT_ERROR, APIC_LVT_MASKED);
	ops->write(APIC_SVR, APIC_SVR_ENABLE | IRQ_SPURIOUS_VECTOR);
	ops->write(APIC_ESR, 0);	/* writes re-arm the error register */
	ops->write(APIC_ESR, 0);
}

int apic_init(void)
{
	__u64 base;

	if (!cpu_has(X86_CPUID1_EDX_APIC, 0))
		return -ENODEV;
	if (cpu_has(0, X86_CPUID1_ECX_X2APIC)) {
		lapic_mode = LAPIC_MODE_X2APIC;
		ops = &x2apic_ops;
	} else {
		/* pagetable.S maps the APIC page uncached */
		base = rdmsr(X86_MSR_APIC_BASE) & X86_APIC_BASE_ADDR_MASK;
		xapic_page = (volatile __u8 *)base;
		lapic_mode = LAPIC_MODE_XAPIC;
		ops = &xapic_ops;
	}
	apic_cpu_init();
	return 0;
}

__uptr apic_base(void)
{
	return (__uptr)xapic_page;
}

__u32 apic_id(void)
{
	__u32 id = ops->read(APIC_ID);

	return lapic_mode == LAPIC_MODE_X2APIC ? id : id >> XAPIC_ID_SHIFT;
}

void apic_eoi(void)
{
	ops->write(APIC_EOI, 0);
}

void apic_send_fixed(__u32 dest, __u8 vector)
{
	ops->send(dest, ICR_FIXED | ICR_PHYSICAL | ICR_ASSERT | ICR_EDGE |
		  vector);
}

void apic_send_nmi(__u32 dest)
{
	ops->send(dest, ICR_NMI | ICR_PHYSICAL | ICR_ASSERT | ICR_EDGE);
}

/* INIT puts the target into wait-for-SIPI state. (The level de-assert that
 * the 82489DX needed is not sent: later APICs ignore it, x2APIC forbids it.) */
void apic_send_init(__u32 dest)
{
	ops->send(dest, ICR_INIT | ICR_PHYSICAL | ICR_ASSERT | ICR_EDGE);
}

/* A STARTUP IPI starts the target in real mode at CS:IP = page << 8 : 0. */
void apic_send_startup(__u32 dest, __u8 page)
{
	ops->send(dest, ICR_STARTUP | ICR_PHYSICAL | ICR_ASSERT | ICR_EDGE |
		  page);
}

void apic_timer_oneshot(__u8 vector, __u32 count)
{
	ops->write(APIC_TIMER_DIVIDE, APIC_TIMER_DIVIDE_1);
	ops->write(APIC_LVT_TIMER, vector);	/* one-shot, unmasked */
	ops->write(APIC_TIMER_INITIAL, count);
}

void apic_timer_stop(void)
{
	ops->write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	ops->write(APIC_TIMER_INITIAL, 0);
}

/* The timer's rate is not architectural: measure it against the TSC the
 * first time it is asked for (1 ms, masked, on whichever CPU asks). */
__u64 apic_timer_hz(void)
{
	__u32 left;

	if (timer_hz || lapic_mode == LAPIC_MODE_NONE)
		return timer_hz;
	ops->write(APIC_TIMER_DIVIDE, APIC_TIMER_DIVIDE_1);
	ops->write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	ops->write(APIC_TIMER_INITIAL, 0xffffffff);
	tsc_delay_us(APIC_TIMER_CALIBRATE_US);
	left = ops->read(APIC_TIMER_CURRENT);
	apic_timer_stop();
	timer_hz = (__u64)(0xffffffffU - left) * 1000000 /
		   APIC_TIMER_CALIBRATE_US;
	return timer_hz;
}
