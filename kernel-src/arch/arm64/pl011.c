/*
 * The PL011 UART of QEMU's virt machine (Arm PrimeCell UART (PL011)
 * Technical Reference Manual, r1p5, §3.3): a character goes into UARTDR
 * once UARTFR.TXFF says the FIFO has room. QEMU's model needs no baud rate
 * or line set-up; firmware-less boots leave it enabled.
 */
#include <uk/essentials.h>
#include "fdt.h"
#include "platform.h"

#define UARTDR		0x00
#define UARTFR		0x18
#define UARTFR_TXFF	(1 << 5)

/* virt's UART, used until the device tree has been read */
static volatile __u8 *uart = (volatile __u8 *)0x09000000UL;

void pl011_init(const void *fdt)
{
	int node = fdt_find_compatible(fdt, -1, "arm,pl011");
	__u64 addr;

	if (node >= 0 && fdt_get_address(fdt, node, 0, &addr, NULL) == 0)
		uart = (volatile __u8 *)addr;
}

void pl011_putc(char c)
{
	while (*(volatile __u32 *)(uart + UARTFR) & UARTFR_TXFF)
		;
	*(volatile __u32 *)(uart + UARTDR) = (unsigned char)c;
}
