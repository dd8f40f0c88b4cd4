/* The kernel console: COM1 output behind one lock, assembled in lines per CPU,
 * so that output of different CPUs never shares a line (Unikraft API
 * uk/plat/console.h). */
#include <uk/essentials.h>
#include <uk/spinlock.h>
#include <uk/plat/console.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include "lcpu.h"
#include "platform.h"

/*
 * The rules:
 *
 * - One spinlock, taken with interrupts off. It nests on its owner CPU: a
 *   crash inside printf, or a host call made while CPU 0 was stopped inside
 *   printf, must not deadlock on it.
 * - Each CPU collects what it writes in its own line buffer and hands whole
 *   lines to the UART. Another CPU's unfinished line goes out only when the
 *   line is full, when the function it ran for ukplat_lcpu_run() returns, or
 *   when it crashes. The boot CPU's goes out at the end of each write, since
 *   the host shows the boot CPU's output as soon as its call returns.
 * - So an unfinished line on the wire is normally the boot CPU's. Other CPUs
 *   wait up to OPEN_LINE_GRACE_NS for it to be finished before they write.
 * - When a CPU writes while another CPU's line is still unfinished, it ends
 *   that line first: the rest of it comes on a line of its own (without an
 *   empty line if the rest is just the newline). Characters of two CPUs are
 *   never on one line.
 * - A crashing CPU waits for the lock at most CRASH_LOCK_WAIT_NS, then takes
 *   it over (its holder may be the CPU that is stuck or was stopped).
 */

#define NO_CPU			(-1)
#define BOOT_CPU		0
#define LINE_SIZE		256
#define OPEN_LINE_GRACE_NS	(50 * 1000 * 1000ULL)
#define CRASH_LOCK_WAIT_NS	(100 * 1000 * 1000ULL)
/* the same wait in pause loops, before the clock is calibrated */
#define CRASH_LOCK_SPINS	10000000

static struct {
	__spinlock lock;
	volatile int owner;	/* lcpu index of the holder, or NO_CPU */
	unsigned int depth;	/* nesting level of the holder */
	volatile int open_line;	/* CPU whose unfinished line is on the wire */
	__nsec open_since;	/* when that line was left unfinished */
} console = {
	.lock = UK_SPINLOCK_INITIALIZER(),
	.owner = NO_CPU,
	.open_line = NO_CPU,
};

struct line {
	unsigned int len;
	int cut;		/* another CPU ended this CPU's line early */
	char buf[LINE_SIZE];
};

static struct line lines[CONFIG_UKPLAT_LCPU_MAXCOUNT];

static int this_cpu(void)
{
	return (int)lcpu_current()->idx;
}

/* Whether a CPU other than the boot CPU should hold back for a while. */
static int boot_cpu_line_open(int me)
{
	return me != BOOT_CPU && console.open_line == BOOT_CPU &&
	       ukplat_monotonic_clock() - console.open_since <
	       OPEN_LINE_GRACE_NS;
}

unsigned long ukplat_console_lock(void)
{
	unsigned long irqf = ukplat_lcpu_save_irqf();
	int me = this_cpu();

	if (console.owner != me) {
		uk_spin_lock(&console.lock);
		while (boot_cpu_line_open(me)) {
			uk_spin_unlock(&console.lock);
			ukarch_spinwait();
			uk_spin_lock(&console.lock);
		}
		console.owner = me;
	}
	console.depth++;
	return irqf;
}

void ukplat_console_unlock(unsigned long irqf)
{
	if (--console.depth == 0) {
		console.owner = NO_CPU;
		uk_spin_unlock(&console.lock);
	}
	ukplat_lcpu_restore_irqf(irqf);
}

/* Writes to the UART with the lock held, keeping lines of CPUs apart. */
static void put(int cpu, const char *s, unsigned int n)
{
	struct line *l = &lines[cpu];
	int other = console.open_line;
	unsigned int i;

	if (other != NO_CPU && other != cpu) {
		serial_putc('\n');
		lines[other].cut = 1;
		console.open_line = NO_CPU;
	}
	if (l->cut && n && s[0] == '\n') {	/* its line has ended already */
		s++;
		n--;
	}
	l->cut = 0;
	if (!n)
		return;
	for (i = 0; i < n; i++)
		serial_putc(s[i]);
	if (s[n - 1] == '\n') {
		console.open_line = NO_CPU;
	} else {
		console.open_line = cpu;
		console.open_since = ukplat_monotonic_clock();
	}
}

static void flush(int cpu)
{
	struct line *l = &lines[cpu];

	put(cpu, l->buf, l->len);
	l->len = 0;
}

static int writes_through(const struct lcpu *l)
{
	return l->idx == BOOT_CPU || l->crash_depth;
}

/* This CPU's own copy for the host (struct lcpu, conlog); no lock needed. */
static void log_for_host(struct lcpu *self, const char *buf, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		self->conlog[self->conlog_len++ % LCPU_CONLOG_SIZE] = buf[i];
}

static void write_all(const char *buf, unsigned int len)
{
	unsigned long irqf = ukplat_console_lock();
	struct lcpu *self = lcpu_current();
	struct line *l = &lines[self->idx];
	unsigned int i;

	log_for_host(self, buf, len);

	for (i = 0; i < len; i++) {
		l->buf[l->len++] = buf[i];
		if (buf[i] == '\n' || l->len == LINE_SIZE)
			flush(self->idx);
	}
	if (writes_through(self))
		flush(self->idx);
	ukplat_console_unlock(irqf);
}

void console_flush_line(void)
{
	unsigned long irqf;

	if (!lines[this_cpu()].len)
		return;
	irqf = ukplat_console_lock();
	flush(this_cpu());
	ukplat_console_unlock(irqf);
}

static int crash_wait_over(__nsec start, long spins)
{
	__nsec now = ukplat_monotonic_clock();

	if (now)
		return now - start > CRASH_LOCK_WAIT_NS;
	return spins > CRASH_LOCK_SPINS;
}

unsigned long ukplat_console_lock_crash(void)
{
	unsigned long irqf = ukplat_lcpu_save_irqf();
	__nsec start = ukplat_monotonic_clock();
	int me = this_cpu();
	long spins;

	if (console.owner != me) {
		for (spins = 0; !uk_spin_trylock(&console.lock); spins++) {
			if (crash_wait_over(start, spins)) {
				/* taken over; it stays set */
				console.depth = 0;
				break;
			}
			ukarch_spinwait();
		}
		console.owner = me;
	}
	console.depth++;
	flush(me);	/* what this CPU had begun comes before the report */
	return irqf;
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
