/* Functions the x86_64 platform files offer each other (not a public API). */
#ifndef __X86_PLATFORM_H__
#define __X86_PLATFORM_H__

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>

/* serial.c */
void serial_init(void);
void serial_putc(char c);

/* pic.c */
void pic_disable(void);

/* memory.c */
void memregion_add(__uptr base, __uptr end, int flags, const char *name);

/* trap.c */
#define TRAP_NUM_EXCEPTIONS	32
#define TRAP_NMI		2
#define TRAP_DOUBLE_FAULT	8
#define TRAP_PAGE_FAULT		14
#define TRAP_MACHINE_CHECK	18
const char *trap_name(unsigned long vector);
void trap_handler(unsigned long vector, struct __regs *regs);

/* crash.c */
void __noreturn crash_report_trap(unsigned long vector, struct __regs *regs);

/* The boot identity map (pagetable.S): [0, IDENTITY_MAP_END) minus page 0 */
#define IDENTITY_MAP_END	(4ULL << 30)

#endif /* __X86_PLATFORM_H__ */
