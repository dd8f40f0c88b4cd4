/*
 * Platform bring-up of the boot CPU, entered from boot.S with the MMU on,
 * on the boot stack: the device tree, console, clock, interrupt controller,
 * PSCI, this CPU's own state, the memory map and the list of other CPUs;
 * then the portable boot code (ukplat_entry in lib/ukboot).
 */
#include <stdio.h>
#include <uk/config.h>
#include <uk/essentials.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/crash.h>
#include "fdt.h"
#include "lcpu.h"
#include "platform.h"

/* QEMU puts the device tree of an ELF kernel (no Linux boot protocol, so
 * x0 may be 0) at the start of RAM */
#define VIRT_RAM_BASE	0x40000000UL

const void *arm64_fdt;
static char *boot_argv[CONFIG_LIBUKBOOT_MAXNBARGS + 1];
static int gic_rc, psci_rc;

void __noreturn _ukplat_entry(struct lcpu *bsp, const void *fdt);

/* "bootargs" of /chosen, split at spaces (in place) */
static int parse_bootargs(const void *fdt)
{
	int node = fdt_find_node(fdt, -1, "chosen"), argc = 0, len;
	const char *args;
	static char buf[256];
	char *p;

	boot_argv[argc++] = "ukrepl";
	if (node < 0)
		goto out;
	args = fdt_getprop(fdt, node, "bootargs", &len);
	if (!args || len <= 1)
		goto out;
	snprintf(buf, sizeof(buf), "%s", args);
	for (p = buf; *p && argc < CONFIG_LIBUKBOOT_MAXNBARGS;) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		boot_argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
out:
	boot_argv[argc] = NULL;
	return argc;
}

void __noreturn _ukplat_entry(struct lcpu *bsp, const void *fdt)
{
	int argc;

	if (fdt_check(fdt))
		fdt = (const void *)VIRT_RAM_BASE;
	if (fdt_check(fdt)) {
		/* the console is QEMU virt's UART by default */
		ukplat_crash_report("no device tree in x0 nor at 0x40000000");
	}
	arm64_fdt = fdt;
	pl011_init(fdt);
	timer_init();
	gic_rc = gic_init(fdt);
	psci_rc = psci_init(fdt);
	bsp->state = LCPU_STATE_INIT;	/* started by QEMU */
	lcpu_init(bsp);
	memory_init(fdt);
	argc = parse_bootargs(fdt);
	lcpu_discover();
	ukplat_entry(argc, boot_argv);
}

/* What the platform found, once the console has the banner */
static int platform_report(void)
{
	printf("gic: %s%s, psci: %s%s\n", gic_describe(),
	       gic_rc ? " (not found: no interrupts)" : "", psci_method(),
	       psci_rc ? " (one CPU only)" : "");
	uk_pr_info("time: generic timer at %lu kHz\n",
		   (unsigned long)(timer_freq_hz() / 1000));
	return 0;
}
uk_plat_initcall_prio(platform_report, 0);
