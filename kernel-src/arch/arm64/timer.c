/*
 * Time from the architected generic timer (Arm ARM (DDI 0487) D11): the
 * virtual counter CNTVCT_EL0 ticks at CNTFRQ_EL0 on every CPU alike, so
 * ukplat_monotonic_clock() needs no calibration. The EL1 virtual timer
 * (CNTV_CVAL_EL0 / CNTV_CTL_EL0, PPI 27 on QEMU virt) ends halts at a
 * deadline.
 */
#include <uk/essentials.h>
#include <uk/plat/time.h>
#include "platform.h"

#define CNTV_CTL_ENABLE		(1 << 0)
#define CNTV_CTL_IMASK		(1 << 1)

static __u64 freq;		/* counter ticks per second */
static __u64 boot_count;	/* counter at timer_init */

static inline __u64 counter(void)
{
	__u64 c;

	/* isb: the read is not done early, out of program order */
	__asm__ __volatile__("isb\n\tmrs %0, cntvct_el0" : "=r"(c));
	return c;
}

void timer_init(void)
{
	__asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(freq));
	boot_count = counter();
}

__u64 timer_freq_hz(void)
{
	return freq;
}

/* ticks -> ns without overflow for centuries: whole seconds apart */
static __nsec ticks_to_ns(__u64 t)
{
	return (t / freq) * UKARCH_NSEC_PER_SEC +
	       (t % freq) * UKARCH_NSEC_PER_SEC / freq;
}

static __u64 ns_to_ticks(__nsec ns)
{
	return (ns / UKARCH_NSEC_PER_SEC) * freq +
	       (ns % UKARCH_NSEC_PER_SEC) * freq / UKARCH_NSEC_PER_SEC;
}

__nsec timer_read_ns(void)
{
	return freq ? ticks_to_ns(counter() - boot_count) : 0;
}

__nsec ukplat_monotonic_resolution(void)
{
	return freq ? (UKARCH_NSEC_PER_SEC + freq - 1) / freq : 1;
}

__nsec ukplat_monotonic_clock(void)
{
	return timer_read_ns();
}

/* Arms this CPU's virtual timer to fire at `until` (monotonic ns) */
void timer_set_deadline(__nsec until)
{
	__u64 cval = boot_count + ns_to_ticks(until);

	__asm__ __volatile__("msr cntv_cval_el0, %0\n\t"
			     "msr cntv_ctl_el0, %1\n\tisb"
			     :: "r"(cval), "r"((__u64)CNTV_CTL_ENABLE));
}

/* The timer fired: turn it off, it has ended the halt */
void timer_irq(void)
{
	__asm__ __volatile__("msr cntv_ctl_el0, %0\n\tisb"
			     :: "r"((__u64)CNTV_CTL_IMASK));
}
