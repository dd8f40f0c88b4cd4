/*
 * Platform bring-up of the boot CPU, entered from boot.S in 64-bit mode
 * on the boot stack: console, exceptions, this CPU's own descriptors, the
 * memory map; then the portable boot code (ukplat_entry in lib/ukboot).
 */
#include <uk/config.h>
#include <uk/plat/bootstrap.h>
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
	int argc;

	serial_init();
	idt_init();
	idt_load();		/* from here on, faults produce crash reports */
	pic_disable();
	lcpu_init(bsp);
	argc = multiboot_parse(mbi, boot_argv, CONFIG_LIBUKBOOT_MAXNBARGS);
	tsc_init();
	ukplat_entry(argc, boot_argv);
}
