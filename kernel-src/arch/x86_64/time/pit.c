/* The i8254 programmable interval timer, channel 0, read by polling: a clock
 * of known rate (1.193182 MHz) to measure the TSC and the APIC timer against.
 * Intel 8254 datasheet ("Control Word Format", "Read-Back"); the PC's
 * channel 0 has its gate tied high, so it counts as soon as it is loaded. */
#include "../cpu.h"
#include "time.h"

#define PIT_CH0_DATA		0x40
#define PIT_COMMAND		0x43

#define PIT_SELECT_CH0		(0 << 6)
#define PIT_ACCESS_LATCH	(0 << 4)	/* freeze the count for reading */
#define PIT_ACCESS_LOHI		(3 << 4)	/* low byte, then high byte */
#define PIT_MODE_ONESHOT	(0 << 1)	/* mode 0: count down once */

/*
 * Mode 0 counts down from the loaded value and, past zero, wraps around and
 * keeps counting, but raises its output (IRQ 0, masked here) only once: no
 * periodic interrupt is left running after the measurement.
 */
void pit_start(void)
{
	outb(PIT_COMMAND, PIT_SELECT_CH0 | PIT_ACCESS_LOHI | PIT_MODE_ONESHOT);
	outb(PIT_CH0_DATA, 0xff);
	outb(PIT_CH0_DATA, 0xff);
}

/* The current count; it goes down by one every 1/PIT_HZ s and wraps. */
__u16 pit_read(void)
{
	__u8 lo, hi;

	outb(PIT_COMMAND, PIT_SELECT_CH0 | PIT_ACCESS_LATCH);
	lo = inb(PIT_CH0_DATA);
	hi = inb(PIT_CH0_DATA);
	return (__u16)(lo | hi << 8);
}
