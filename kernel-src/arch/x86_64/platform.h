/* Functions the x86_64 platform files offer each other (not a public API). */
#ifndef __X86_PLATFORM_H__
#define __X86_PLATFORM_H__

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/common/memory.h>	/* memregion_add */

/* serial.c */
void serial_init(void);
void serial_putc(char c);

/* console.c: write out this CPU's unfinished line */
void console_flush_line(void);

/* pic.c */
void pic_disable(void);

/* trap.c */
#define TRAP_NUM_EXCEPTIONS	32
#define TRAP_NMI		2
#define TRAP_DOUBLE_FAULT	8
#define TRAP_PAGE_FAULT		14
#define TRAP_MACHINE_CHECK	18
const char *trap_name(unsigned long vector);
void trap_handler(unsigned long vector, struct __regs *regs);

/*
 * irq.c: hardware interrupts. IRQ n arrives at vector 32 + n, as Unikraft
 * numbers them (the masked PIC is moved there too, see pic.c). Only the
 * local APIC raises them: its timer and the IPIs of the lcpu API.
 */
#define IRQ_VECTOR_BASE		32
#define IRQ_COUNT		16
#define IRQ_VECTOR(irq)		(IRQ_VECTOR_BASE + (irq))
#define IRQ_APIC_TIMER		0	/* the PIT's old line: the timer */
#define IRQ_SPURIOUS_VECTOR	0xff
void irq_handler(unsigned long vector, struct __regs *regs);

/* crash.c */
void __noreturn crash_report_trap(unsigned long vector, struct __regs *regs);
/* Whether another CPU is reporting a crash (then an NMI means "stop") */
int crash_stops_this_cpu(void);
void __noreturn crash_stop_this_cpu(void);
/* Some CPU has begun a crash report (the machine is stopping) */
int crash_in_progress(void);

/* The boot identity map (pagetable.S): [0, IDENTITY_MAP_END) minus page 0 */
#define IDENTITY_MAP_END	(4ULL << 30)

#endif /* __X86_PLATFORM_H__ */
