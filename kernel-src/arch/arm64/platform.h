/* Functions the arm64 platform files offer each other (not a public API). */
#ifndef __ARM64_PLATFORM_H__
#define __ARM64_PLATFORM_H__

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>

struct lcpu;

/* The device tree QEMU passed (setup.c) */
extern const void *arm64_fdt;

/* pl011.c: the UART; its address from the device tree, QEMU virt's until
 * then */
void pl011_init(const void *fdt);
void pl011_putc(char c);

/* memory.c */
void memory_init(const void *fdt);

/* timer.c: the architected generic timer (virtual counter and timer) */
#define IRQ_TIMER_PPI		27	/* EL1 virtual timer on QEMU virt */
void timer_init(void);
void timer_irq(void);
void timer_set_deadline(__nsec until);
__nsec timer_read_ns(void);
__u64 timer_freq_hz(void);

/* gic.c: GICv2 or GICv3, as the device tree says */
int gic_init(const void *fdt);
void gic_cpu_init(void);
void gic_enable_irq(unsigned int irq);
void gic_send_sgi(unsigned int sgi, const struct lcpu *target);
void gic_send_sgi_others(unsigned int sgi);
/* Takes one pending interrupt: its ID, or >= 1020 if none */
unsigned int gic_ack(void);
void gic_eoi(unsigned int irq);
const char *gic_describe(void);

/* psci.c: the firmware calls QEMU offers (HVC or SMC per /psci) */
int psci_init(const void *fdt);
int psci_cpu_on(__u64 mpidr, __uptr entry, __u64 context);
void __noreturn psci_system_off(void);
void __noreturn psci_system_reset(void);
const char *psci_method(void);

/* trap.c: vectors.S calls it; kind 0-3 sync/irq/fiq/serror, origin << 2 */
void trap_handler(unsigned long kind, struct __regs *regs);
const char *esr_class_name(unsigned int ec);

/* crash.c */
void __noreturn crash_report_trap(unsigned long kind, struct __regs *regs);
int crash_in_progress(void);
void __noreturn crash_stop_this_cpu(void);
#define SGI_CRASH_STOP		15	/* "another CPU reports: stop" */

/* paging: what a fault hit (after a crash, lock-free) */
void paging_explain_fault(unsigned long far, unsigned long esr);
int paging_readable(unsigned long addr, unsigned long len);

/* lcpu.c */
void lcpu_irq_ipi(unsigned int sgi);

#endif /* __ARM64_PLATFORM_H__ */
