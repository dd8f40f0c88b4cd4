/* The kernel console (COM1), shared by all CPUs. Output between lock and unlock
 * comes out in one piece; the lock nests on the CPU that holds it. */
#ifndef __UK_PLAT_CONSOLE_H__
#define __UK_PLAT_CONSOLE_H__

#include <uk/essentials.h>

/* Kernel and debug output, both to COM1. Return the bytes written. */
int ukplat_coutk(const char *buf, unsigned int len);
int ukplat_coutd(const char *buf, unsigned int len);

/* Returns the interrupt flags to hand back to ukplat_console_unlock(). */
unsigned long ukplat_console_lock(void);
void ukplat_console_unlock(unsigned long irqf);

/* For crash paths: never waits for long. The holder CPU re-enters; a lock
 * that another CPU does not let go of is taken over. */
unsigned long ukplat_console_lock_crash(void);

#endif /* __UK_PLAT_CONSOLE_H__ */
