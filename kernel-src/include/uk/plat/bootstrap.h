/* How the platform starts the portable kernel, and how the kernel ends the
 * machine (Unikraft API uk/plat/bootstrap.h). */
#ifndef __UK_PLAT_BOOTSTRAP_H__
#define __UK_PLAT_BOOTSTRAP_H__

#include <uk/essentials.h>

enum ukplat_gstate {
	UKPLAT_HALT,
	UKPLAT_RESTART,
	UKPLAT_SUSPEND,
	UKPLAT_CRASH,
};

/* Entry of the portable boot code (lib/ukboot), called once the platform has a
 * console, traps, per-CPU state of the boot CPU and a memory map. */
void __noreturn ukplat_entry(int argc, char *argv[]);
/* The same with the arguments still one string (cut at blanks, in place). */
void __noreturn ukplat_entry_argp(char *arg0, char *argb, __sz argb_len);

/* HALT powers off where the VMM allows, RESTART resets, CRASH reports and
 * parks the CPU for the host; whatever cannot be done ends in hlt. */
void __noreturn ukplat_terminate(enum ukplat_gstate request);

#define ukplat_halt()		ukplat_terminate(UKPLAT_HALT)
#define ukplat_restart()	ukplat_terminate(UKPLAT_RESTART)
#define ukplat_crash()		ukplat_terminate(UKPLAT_CRASH)

/* No suspend support: always -EBUSY. */
int ukplat_suspend(void);

#endif /* __UK_PLAT_BOOTSTRAP_H__ */
