/* The TLS pointer (<uk/plat/tls.h>) is the %fs base: MSR FS_BASE, which
 * %fs-relative accesses add (Intel SDM Vol. 3A §3.4.4, 64-bit mode). */
#include <uk/plat/tls.h>
#include "cpu.h"

unsigned long ukplat_tlsp_get(void)
{
	return rdmsr(X86_MSR_FS_BASE);
}

void ukplat_tlsp_set(unsigned long tlsp)
{
	wrmsr(X86_MSR_FS_BASE, tlsp);
}
