/*
 * The kernel console on the PL011, shared by all CPUs: output between lock
 * and unlock comes out in one piece, the lock nests on the CPU holding it,
 * and a crashing CPU takes it over after a while (as on x86_64, the host
 * reads the same text).
 */
#include <uk/essentials.h>
#include <uk/arch/atomic.h>
#include <uk/plat/console.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include "lcpu.h"
#include "platform.h"

#define NO_OWNER	(-1)
#define CRASH_TAKEOVER_NS	100000000ULL

static int owner = NO_OWNER;	/* index of the CPU holding the lock */
static unsigned int depth;	/* its nesting */

static int this_cpu(void)
{
	return (int)lcpu_current()->idx;
}

unsigned long ukplat_console_lock(void)
{
	unsigned long irqf = ukplat_lcpu_save_irqf();
	int me = this_cpu();

	if (UK_READ_ONCE(owner) != me) {
		while (ukarch_compare_exchange_sync(&owner, NO_OWNER, me) != me)
			ukarch_spinwait();
	}
	depth++;
	return irqf;
}

void ukplat_console_unlock(unsigned long irqf)
{
	if (--depth == 0)
		ukarch_store_n(&owner, NO_OWNER);
	ukplat_lcpu_restore_irqf(irqf);
}

unsigned long ukplat_console_lock_crash(void)
{
	unsigned long irqf = ukplat_lcpu_save_irqf();
	int me = this_cpu();
	__nsec until = ukplat_monotonic_clock() + CRASH_TAKEOVER_NS;

	if (UK_READ_ONCE(owner) != me) {
		while (ukarch_compare_exchange_sync(&owner, NO_OWNER, me) !=
		       me) {
			if (ukplat_monotonic_clock() >= until) {
				/* the holder does not let go: take it */
				ukarch_store_n(&owner, me);
				depth = 0;
				break;
			}
			ukarch_spinwait();
		}
	}
	depth++;
	return irqf;
}

/* This CPU's own copy for the host (struct lcpu, conlog); no lock needed. */
static void log_for_host(struct lcpu *self, const char *buf, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		self->conlog[self->conlog_len++ % LCPU_CONLOG_SIZE] = buf[i];
}

static int write_out(const char *buf, unsigned int len)
{
	unsigned long irqf = ukplat_console_lock();
	unsigned int i;

	log_for_host(lcpu_current(), buf, len);
	/* bytes as they are, no CR added: the same text as COM1 on x86_64 */
	for (i = 0; i < len; i++)
		pl011_putc(buf[i]);
	ukplat_console_unlock(irqf);
	return (int)len;
}

int ukplat_coutk(const char *buf, unsigned int len)
{
	return write_out(buf, len);
}

int ukplat_coutd(const char *buf, unsigned int len)
{
	return write_out(buf, len);
}
