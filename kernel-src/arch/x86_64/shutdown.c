/* Ending the machine on QEMU: ACPI power-off (pc/q35 PM1a control port),
 * isa-debug-exit, reset through port 0xcf9 or the keyboard controller; if the
 * machine has none of these, the CPU halts for ever. */
#include <errno.h>
#include <stdio.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/crash.h>
#include <uk/plat/lcpu.h>
#include "cpu.h"

#define QEMU_PM1A_CNT_PORT	0x604
#define ACPI_PM1_SLP_EN		(1 << 13)	/* with SLP_TYP 0: soft off */
#define QEMU_DEBUG_EXIT_PORT	0x501	/* with -device isa-debug-exit */
#define RESET_CONTROL_PORT	0xcf9
#define RESET_CONTROL_HARD	0x06
#define KBC_COMMAND_PORT	0x64
#define KBC_PULSE_RESET		0xfe

void __noreturn ukplat_terminate(enum ukplat_gstate request)
{
	switch (request) {
	case UKPLAT_CRASH:
		ukplat_crash_report("ukplat_terminate(UKPLAT_CRASH)");
	case UKPLAT_RESTART:
		printf("ukrepl: restarting\n");
		outb(RESET_CONTROL_PORT, RESET_CONTROL_HARD);
		outb(KBC_COMMAND_PORT, KBC_PULSE_RESET);
		break;
	default:
		printf("ukrepl: halted\n");
		outw(QEMU_PM1A_CNT_PORT, ACPI_PM1_SLP_EN);
		outb(QEMU_DEBUG_EXIT_PORT, 0);
		break;
	}
	ukplat_lcpu_halt();
}

int ukplat_suspend(void)
{
	return -EBUSY;
}
