/*
 * Platform bring-up of the boot CPU, entered from boot.S in 64-bit mode
 * on the boot stack: console, exceptions, this CPU's own descriptors, the
 * memory map, the clock, the local APIC and the list of other CPUs; then the
 * portable boot code (ukplat_entry in lib/ukboot).
 */
#include <stdio.h>
#include <uk/config.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include "apic.h"
#include "lcpu.h"
#include "multiboot.h"
#include "platform.h"
#include "time/time.h"

static char *boot_argv[CONFIG_LIBUKBOOT_MAXNBARGS + 1];

void __noreturn _ukplat_entry(struct lcpu *bsp,
			      const struct multiboot_info *mbi);

void __noreturn _ukplat_entry(struct lcpu *bsp,
			      const struct multiboot_info *mbi)
{
	__uptr ebda;
	int argc;

	serial_init();
	idt_init();
	idt_load();		/* from here on, faults produce crash reports */
	pic_disable();
	bsp->state = LCPU_STATE_INIT;	/* started by the firmware */
	lcpu_init(bsp);
	ebda = multiboot_ebda(mbi);
	argc = multiboot_parse(mbi, boot_argv, CONFIG_LIBUKBOOT_MAXNBARGS);
	tsc_init();
	apic_init();
	lcpu_mp_init(ebda);	/* reads ACPI tables: before the heap exists */
	ukplat_entry(argc, boot_argv);
}

/* What the platform found, once the console has the banner */
static int platform_report(void)
{
	switch (lapic_mode) {
	case LAPIC_MODE_X2APIC:
		printf("apic: x2APIC mode\n");
		break;
	case LAPIC_MODE_XAPIC:
		printf("apic: xAPIC mode at 0x%lx\n", apic_base());
		break;
	default:
		printf("apic: none, one CPU only\n");
		break;
	}
	lcpu_mp_report();
	uk_pr_info("time: TSC at %lu kHz\n", tsc_hz() / 1000);
	return 0;
}
uk_plat_initcall_prio(platform_report, 0);
