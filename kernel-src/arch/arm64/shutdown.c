/* Ending the machine: PSCI SYSTEM_OFF / SYSTEM_RESET, or the crash path. */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/crash.h>
#include "platform.h"

void __noreturn ukplat_terminate(enum ukplat_gstate request)
{
	switch (request) {
	case UKPLAT_CRASH:
		ukplat_crash_report("ukplat_terminate(UKPLAT_CRASH)");
	case UKPLAT_RESTART:
		psci_system_reset();
	default:
		psci_system_off();
	}
}

int ukplat_suspend(void)
{
	return -EBUSY;
}
