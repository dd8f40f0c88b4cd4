/*
 * The wall clock on QEMU's virt machine: its PL031 real-time clock (Arm
 * PrimeCell RTC (PL031) Technical Reference Manual, §3.3), whose data
 * register RTCDR counts seconds since 1970 from the host's time at start.
 * As on x86_64 it is read once, when the time is first asked for, and then
 * advanced by the monotonic clock (the generic timer), which has the
 * resolution the seconds register lacks.
 */
#include <uk/essentials.h>
#include <uk/plat/time.h>
#include "fdt.h"
#include "platform.h"

#define RTCDR		0x00

/* virt's RTC, where QEMU places it when the device tree does not say */
#define VIRT_PL031	0x09010000UL

static __nsec wall_at_boot;	/* wall clock minus monotonic clock */
static int wall_known;

static __u32 pl031_seconds(void)
{
	int node = fdt_find_compatible(arm64_fdt, -1, "arm,pl031");
	__u64 addr = VIRT_PL031;

	if (node >= 0)
		fdt_get_address(arm64_fdt, node, 0, &addr, NULL);
	return *(volatile __u32 *)(addr + RTCDR);
}

__nsec ukplat_wall_clock(void)
{
	if (!__atomic_load_n(&wall_known, __ATOMIC_ACQUIRE)) {
		wall_at_boot = (__nsec)pl031_seconds() * UKARCH_NSEC_PER_SEC -
			       ukplat_monotonic_clock();
		__atomic_store_n(&wall_known, 1, __ATOMIC_RELEASE);
	}
	return wall_at_boot + ukplat_monotonic_clock();
}
