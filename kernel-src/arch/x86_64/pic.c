/* The legacy 8259A interrupt controllers, remapped and fully masked.
 * Intel 8259A datasheet (ICW1-ICW4, OCW1). */
#include "cpu.h"
#include "platform.h"

#define PIC1_CMD		0x20
#define PIC1_DATA		0x21
#define PIC2_CMD		0xa0
#define PIC2_DATA		0xa1

#define PIC_ICW1_INIT		0x10
#define PIC_ICW1_NEED_ICW4	0x01
#define PIC_ICW4_8086		0x01
#define PIC1_VECTOR_BASE	0x20	/* IRQ 0..7 -> vectors 32..39 */
#define PIC2_VECTOR_BASE	0x28	/* IRQ 8..15 -> vectors 40..47 */
#define PIC1_CASCADE_MASK	(1 << 2)	/* PIC2 hangs off IRQ 2 */
#define PIC2_CASCADE_ID		2
#define PIC_MASK_ALL		0xff

/* Firmware leaves the PIC timer on vector 8: moved and masked, a stray
 * legacy IRQ can never pose as a double fault. */
void pic_disable(void)
{
	outb(PIC1_CMD, PIC_ICW1_INIT | PIC_ICW1_NEED_ICW4);
	outb(PIC2_CMD, PIC_ICW1_INIT | PIC_ICW1_NEED_ICW4);
	outb(PIC1_DATA, PIC1_VECTOR_BASE);
	outb(PIC2_DATA, PIC2_VECTOR_BASE);
	outb(PIC1_DATA, PIC1_CASCADE_MASK);
	outb(PIC2_DATA, PIC2_CASCADE_ID);
	outb(PIC1_DATA, PIC_ICW4_8086);
	outb(PIC2_DATA, PIC_ICW4_8086);
	outb(PIC1_DATA, PIC_MASK_ALL);
	outb(PIC2_DATA, PIC_MASK_ALL);
}
