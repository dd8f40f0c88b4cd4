/* The time-stamp counter as the kernel's clock: its rate is measured once at
 * boot against the PIT, then ukplat_monotonic_clock() and busy-wait delays
 * are plain TSC arithmetic. Intel SDM Vol. 3B §18.17 (time-stamp counter). */

/*
 * Both of QEMU's accelerators give a constant-rate TSC that reads the same on
 * every vCPU: TCG returns the host's TSC, KVM the host's TSC plus one offset
 * for the whole VM. So one rate and one base serve all CPUs.
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/time.h>
#include "../cpu.h"
#include "time.h"

/* Length of the measurement: long enough for 0.1% precision (a PIT tick is
 * 0.84 us), short enough not to slow boot down. One is enough: both clocks
 * count the host's time, so a preempted vCPU in the middle changes nothing,
 * and a slow read at either end is taken again (sample). */
#define CALIBRATE_PIT_TICKS	(PIT_HZ / 1000)		/* 1 ms */
#define SAMPLE_TRIES		5
/* A PIT that does not tick within this many reads is not there. */
#define PIT_MAX_IDLE_READS	1000
#define FALLBACK_HZ		1000000000ULL
#define CPUID_TSC_FREQ_LEAF	0x16		/* EAX: base frequency, MHz */

static __u64 hz;		/* TSC ticks per second */
static __u64 base;		/* TSC value of monotonic time 0 */
static __u64 ns_per_tick_q32;	/* nanoseconds per tick, 32.32 fixed point */

static __u64 ticks_to_ns(__u64 ticks)
{
	return (__u64)(((unsigned __int128)ticks * ns_per_tick_q32) >> 32);
}

/*
 * The TSC just before the PIT count is latched, and that count. A sample
 * whose read took much longer than the quickest one (the host preempted the
 * vCPU, or an exit was slow) says little about when the latch happened: it
 * is taken again, a few times at most.
 */
static __u16 sample(__u64 *tsc, __u64 *quickest)
{
	__u64 before, took;
	__u16 count;
	int tries = SAMPLE_TRIES;

	do {
		before = rdtsc();
		count = pit_read();
		took = rdtsc() - before;
		if (took < *quickest)
			*quickest = took;
	} while (took > 2 * *quickest && --tries);
	*tsc = before;
	return count;
}

/*
 * Counts TSC ticks over CALIBRATE_PIT_TICKS ticks of the PIT. The two ends
 * run the same, already executed code, so that anything slow that happens
 * only once (TCG translating the code, say) falls outside the measurement;
 * what remains is at most a PIT tick at each end. Returns 0 without a PIT.
 */
static __u64 measure_against_pit(void)
{
	__u64 t0, t1, quickest = ~0ULL;
	__u16 start, now, elapsed;
	int i, reads = 0;

	pit_start();
	for (i = 0; i < SAMPLE_TRIES; i++)	/* warm-up, and a quickest */
		sample(&t0, &quickest);
	start = sample(&t0, &quickest);
	do {
		now = sample(&t1, &quickest);
		elapsed = (__u16)(start - now);	/* it counts down, wraps */
		if (!elapsed && ++reads == PIT_MAX_IDLE_READS)
			return 0;
	} while (elapsed < CALIBRATE_PIT_TICKS);
	return (t1 - t0) * PIT_HZ / elapsed;
}

/* The TSC rate some CPUs report in CPUID, or 0. */
static __u64 cpuid_tsc_hz(void)
{
	__u32 a, b, c, d;

	cpuid(0, 0, &a, &b, &c, &d);
	if (a < CPUID_TSC_FREQ_LEAF)
		return 0;
	cpuid(CPUID_TSC_FREQ_LEAF, 0, &a, &b, &c, &d);
	return (__u64)a * 1000000;
}

void tsc_init(void)
{
	hz = measure_against_pit();
	if (!hz) {
		hz = cpuid_tsc_hz();
		if (!hz)
			hz = FALLBACK_HZ;
		uk_pr_warn("tsc: no PIT to measure against, assuming %lu MHz\n",
			   hz / 1000000);
	}
	ns_per_tick_q32 = (UKARCH_NSEC_PER_SEC << 32) / hz;	/* < 2^63 */
	base = rdtsc();
}

__u64 tsc_hz(void)
{
	return hz;
}

__nsec ukplat_monotonic_resolution(void)
{
	return hz ? (UKARCH_NSEC_PER_SEC + hz - 1) / hz : 1;
}

__nsec ukplat_monotonic_clock(void)
{
	if (!hz)
		return 0;
	return ticks_to_ns(rdtsc() - base);
}

void tsc_delay_ns(__nsec ns)
{
	__u64 start = rdtsc(), ticks = ns_to_ticks(ns, hz);

	while (rdtsc() - start < ticks)
		ukarch_spinwait();
}
