/* COM1, an NS16550A-compatible UART at I/O port 0x3f8, used polled for output.
 * Governing document: TI PC16550D datasheet, "Register Description". */
#include <uk/config.h>
#include <uk/plat/console.h>
#include "cpu.h"
#include "platform.h"

#define COM1_PORT		0x3f8
#define UART_CLOCK_DIV16	115200	/* 1.8432 MHz input clock / 16 */

/* Register offsets; while LCR.DLAB is set, 0 and 1 are the divisor latch */
#define UART_THR		0
#define UART_DLL		0
#define UART_IER		1
#define UART_DLM		1
#define UART_FCR		2
#define UART_LCR		3
#define UART_MCR		4
#define UART_LSR		5
#define UART_SCR		7

#define UART_LCR_8N1		0x03
#define UART_LCR_DLAB		0x80
#define UART_FCR_ENABLE_CLEAR	0x07
#define UART_MCR_DTR_RTS	0x03
#define UART_LSR_THR_EMPTY	0x20

static int serial_present;

static void uart_write(unsigned int reg, __u8 v)
{
	outb(COM1_PORT + reg, v);
}

static __u8 uart_read(unsigned int reg)
{
	return inb(COM1_PORT + reg);
}

void serial_init(void)
{
	unsigned int div = UART_CLOCK_DIV16 / CONFIG_UKPLAT_SERIAL_BAUD;

	/* Without a UART the port reads back 0xff and the scratch value is
	 * lost; then output is dropped instead of polled for ever. */
	uart_write(UART_SCR, 0x5a);
	if (uart_read(UART_SCR) != 0x5a)
		return;

	uart_write(UART_IER, 0);		/* polled: no UART interrupts */
	uart_write(UART_LCR, UART_LCR_DLAB);
	uart_write(UART_DLL, div & 0xff);
	uart_write(UART_DLM, (div >> 8) & 0xff);
	uart_write(UART_LCR, UART_LCR_8N1);
	uart_write(UART_FCR, UART_FCR_ENABLE_CLEAR);
	uart_write(UART_MCR, UART_MCR_DTR_RTS);
	serial_present = 1;
}

/* Line status: a received byte waits (16550 LSR bit 0) */
#define UART_LSR_DATA_READY	0x01

int ukplat_cink(char *buf, unsigned int maxlen)
{
	unsigned int n = 0;

	while (serial_present && n < maxlen &&
	       (uart_read(UART_LSR) & UART_LSR_DATA_READY))
		buf[n++] = (char)uart_read(UART_THR);	/* RBR, same offset */
	return (int)n;
}

void serial_putc(char c)
{
	if (!serial_present)
		return;
	while (!(uart_read(UART_LSR) & UART_LSR_THR_EMPTY))
		__asm__ __volatile__("pause");
	uart_write(UART_THR, c);
}
