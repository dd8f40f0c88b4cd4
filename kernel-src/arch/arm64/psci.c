/*
 * PSCI (Arm DEN 0022D): the firmware interface QEMU implements itself for
 * a guest booted without firmware. The device tree's /psci node says how
 * to call it: "hvc" or "smc". SMC64 function IDs.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include "fdt.h"
#include "platform.h"

#define PSCI_CPU_ON_64		0xc4000003
#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_SYSTEM_RESET	0x84000009

#define PSCI_SUCCESS		0
#define PSCI_ALREADY_ON		(-4)

static int use_smc;
static int present;

int psci_init(const void *fdt)
{
	int node = fdt_find_node(fdt, -1, "psci");
	const char *m;

	if (node < 0)
		return -ENODEV;
	m = fdt_getprop(fdt, node, "method", NULL);
	if (!m)
		return -ENODEV;
	use_smc = strcmp(m, "smc") == 0;
	present = 1;
	return 0;
}

const char *psci_method(void)
{
	return !present ? "none" : use_smc ? "smc" : "hvc";
}

/* SMC Calling Convention: function ID in x0, arguments x1-x3, result x0 */
static long psci_call(__u64 fn, __u64 a1, __u64 a2, __u64 a3)
{
	register __u64 x0 __asm__("x0") = fn;
	register __u64 x1 __asm__("x1") = a1;
	register __u64 x2 __asm__("x2") = a2;
	register __u64 x3 __asm__("x3") = a3;

	if (use_smc)
		__asm__ __volatile__("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2),
				     "+r"(x3) :: "memory");
	else
		__asm__ __volatile__("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2),
				     "+r"(x3) :: "memory");
	return (long)x0;
}

int psci_cpu_on(__u64 mpidr, __uptr entry, __u64 context)
{
	long rc;

	if (!present)
		return -ENODEV;
	rc = psci_call(PSCI_CPU_ON_64, mpidr, entry, context);
	if (rc == PSCI_SUCCESS)
		return 0;
	return rc == PSCI_ALREADY_ON ? -EALREADY : -EIO;
}

void __noreturn psci_system_off(void)
{
	if (present)
		psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ __volatile__("msr daifset, #0xf\n\twfi");
}

void __noreturn psci_system_reset(void)
{
	if (present)
		psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	psci_system_off();
}
