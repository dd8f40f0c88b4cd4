/* The kernel console: COM1 output behind one lock, so that a CPU's printf or
 * crash report never interleaves with another CPU's (Unikraft API
 * uk/plat/console.h). */
#include <uk/essentials.h>
#include <uk/spinlock.h>
#include <uk/plat/console.h>
#include <uk/plat/lcpu.h>
#include "lcpu.h"
#include "platform.h"

/*
 * The lock nests on its owner CPU: a crash inside printf, or a host call
 * made while CPU 0 was stopped inside printf, must not deadlock on it.
 */

#define NO_OWNER		(-1)
/* How long a crashing CPU waits for another CPU's lock (pause loops) */
#define CRASH_LOCK_SPINS	10000000

static struct {
	__spinlock lock;
	volatile int owner;	/* lcpu index of the holder, or NO_OWNER */
	unsigned int depth;	/* nesting level of the holder */
} console = {
	.lock = UK_SPINLOCK_INITIALIZER(),
	.owner = NO_OWNER,
};

static int this_cpu(void)
{
	return (int)lcpu_current()->idx;
}

unsigned long ukplat_console_lock(void)
{
	unsigned long irqf = ukplat_lcpu_save_irqf();
	int me = this_cpu();

	if (console.owner != me) {
		uk_spin_lock(&console.lock);
		console.owner = me;
	}
	console.depth++;
	return irqf;
}

void ukplat_console_unlock(unsigned long irqf)
{
	if (--console.depth == 0) {
		console.owner = NO_OWNER;
		uk_spin_unlock(&console.lock);
	}
	ukplat_lcpu_restore_irqf(irqf);
}

unsigned long ukplat_console_lock_crash(void)
{
	unsigned long irqf = ukplat_lcpu_save_irqf();
	int me = this_cpu();
	long spins;

	if (console.owner != me) {
		for (spins = 0; !uk_spin_trylock(&console.lock); spins++) {
			if (spins == CRASH_LOCK_SPINS) {
				/* The holder is stuck (maybe crashed itself):
				 * take the lock over; it stays set. */
				console.depth = 0;
				break;
			}
			ukarch_spinwait();
		}
		console.owner = me;
	}
	console.depth++;
	return irqf;
}

static void write_all(const char *buf, unsigned int len)
{
	unsigned long irqf = ukplat_console_lock();
	unsigned int i;

	for (i = 0; i < len; i++)
		serial_putc(buf[i]);
	ukplat_console_unlock(irqf);
}

int ukplat_coutk(const char *buf, unsigned int len)
{
	write_all(buf, len);
	return (int)len;
}

int ukplat_coutd(const char *buf, unsigned int len)
{
	write_all(buf, len);
	return (int)len;
}
