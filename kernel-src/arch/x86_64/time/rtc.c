/* The wall clock: the CMOS real-time clock (MC146818), read once when the
 * time is first asked for, then advanced by the monotonic clock. Ports
 * 0x70/0x71; registers 0-9 hold seconds..year, in BCD unless status B
 * says binary. */
#include <uk/essentials.h>
#include <uk/plat/time.h>
#include "../cpu.h"
#include "../platform.h"

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define RTC_SEC		0x00
#define RTC_MIN		0x02
#define RTC_HOUR	0x04
#define RTC_DAY		0x07
#define RTC_MONTH	0x08
#define RTC_YEAR	0x09
#define RTC_STATUS_A	0x0a	/* bit 7: an update is in progress */
#define RTC_STATUS_B	0x0b	/* bit 2: binary; bit 1: 24-hour */

static __nsec wall_at_boot;	/* wall clock minus monotonic clock */
static int wall_known;

static __u8 cmos_read(__u8 reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static unsigned int from_bcd(__u8 v, int binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 0x0f);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian, y >= 1970). */
static unsigned long days_since_epoch(unsigned int y, unsigned int m,
				      unsigned int d)
{
	static const unsigned short before[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	unsigned long days = (y - 1970) * 365UL;
	unsigned int leaps = (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400 -
			     (1969 / 4 - 1969 / 100 + 1969 / 400);
	int leap_year = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	days += leaps + before[m - 1] + (d - 1);
	if (m > 2 && leap_year)
		days++;
	return days;
}

static __nsec rtc_read_ns(void)
{
	__u8 b, sec, min, hour, day, mon, year;
	int binary;

	/* A machine without the chip (QEMU's microvm unless rtc=on) reads
	 * 0xff from every port: no update ever ends, and there is no date,
	 * so the wall clock starts at the epoch. */
	if (cmos_read(RTC_STATUS_A) == 0xff)
		return 0;
	while (cmos_read(RTC_STATUS_A) & 0x80)
		;	/* an update takes < 2 ms */
	sec = cmos_read(RTC_SEC);
	min = cmos_read(RTC_MIN);
	hour = cmos_read(RTC_HOUR);
	day = cmos_read(RTC_DAY);
	mon = cmos_read(RTC_MONTH);
	year = cmos_read(RTC_YEAR);
	b = cmos_read(RTC_STATUS_B);
	binary = b & 0x04;
	if (!(b & 0x02) && (hour & 0x80))	/* 12-hour clock, PM */
		hour = (__u8)(((from_bcd(hour & 0x7f, binary) % 12) + 12));
	else
		hour = (__u8)from_bcd(hour, binary);
	return ((days_since_epoch(2000 + from_bcd(year, binary),
				  from_bcd(mon, binary),
				  from_bcd(day, binary)) * 86400UL) +
		hour * 3600UL + from_bcd(min, binary) * 60UL +
		from_bcd(sec, binary)) * UKARCH_NSEC_PER_SEC;
}

__nsec ukplat_wall_clock(void)
{
	if (!__atomic_load_n(&wall_known, __ATOMIC_ACQUIRE)) {
		wall_at_boot = rtc_read_ns() - ukplat_monotonic_clock();
		__atomic_store_n(&wall_known, 1, __ATOMIC_RELEASE);
	}
	return wall_at_boot + ukplat_monotonic_clock();
}

__nsec ukplat_time_get_ticks(void)
{
	return ukplat_monotonic_clock();
}

void ukplat_time_init(void)
{
}

void ukplat_time_fini(void)
{
}

uint32_t ukplat_time_get_irq(void)
{
	return IRQ_APIC_TIMER;
}
