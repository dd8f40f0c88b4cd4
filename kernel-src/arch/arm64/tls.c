/* The TLS pointer (<uk/plat/tls.h>) is TPIDR_EL0, the register AArch64
 * compilers address thread-local variables from. */
#include <uk/plat/tls.h>

unsigned long ukplat_tlsp_get(void)
{
	unsigned long v;

	__asm__ __volatile__("mrs %0, tpidr_el0" : "=r"(v));
	return v;
}

void ukplat_tlsp_set(unsigned long tlsp)
{
	__asm__ __volatile__("msr tpidr_el0, %0" : : "r"(tlsp));
}
