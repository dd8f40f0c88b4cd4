/* Logical CPUs: interrupt control, halting, and identity of the running CPU.
 * The multi-CPU calls (start/wait/run/wakeup) are declared for source
 * compatibility; they arrive with the SIPI trampoline. */
#ifndef __UK_PLAT_LCPU_H__
#define __UK_PLAT_LCPU_H__

#include <uk/arch/time.h>
#include <uk/arch/lcpu.h>
#include <uk/essentials.h>

void ukplat_lcpu_enable_irq(void);
void ukplat_lcpu_disable_irq(void);
/* Disables interrupts and returns the previous state for ..._restore_irqf(). */
unsigned long ukplat_lcpu_save_irqf(void);
void ukplat_lcpu_restore_irqf(unsigned long flags);
int ukplat_lcpu_irqs_disabled(void);
void ukplat_lcpu_irqs_handle_pending(void);

/* Interrupts off, hlt forever. */
void __noreturn ukplat_lcpu_halt(void);
/* Enables interrupts and halts in one step (sti's one-instruction shadow closes
 * the race with a wake-up interrupt), then disables them again. */
void ukplat_lcpu_halt_irq(void);

typedef void __noreturn (*ukplat_lcpu_entry_t)();
typedef __u32 __lcpuidx;	/* 0 .. count-1, the boot CPU is 0 */
typedef __u64 __lcpuid;		/* hardware ID: the initial APIC ID */

__lcpuid ukplat_lcpu_id(void);

#ifdef CONFIG_HAVE_SMP
struct ukplat_lcpu_func {
	void (*fn)(struct __regs *regs, void *arg);
	void *user;
};

#define UKPLAT_LCPU_RFLG_DONOTBLOCK	0x1

__lcpuidx ukplat_lcpu_idx(void);
__u32 ukplat_lcpu_count(void);

int ukplat_lcpu_start(const __lcpuidx lcpuidx[], unsigned int *num,
		      void *sp[], const ukplat_lcpu_entry_t entry[],
		      unsigned long flags);
int ukplat_lcpu_wait(const __lcpuidx lcpuidx[], unsigned int *num,
		     __nsec timeout);
int ukplat_lcpu_run(const __lcpuidx lcpuidx[], unsigned int *num,
		    const struct ukplat_lcpu_func *fn, unsigned long flags);
int ukplat_lcpu_wakeup(const __lcpuidx lcpuidx[], unsigned int *num);
#else
#define ukplat_lcpu_idx()	(0)
#define ukplat_lcpu_count()	(1)
#endif /* CONFIG_HAVE_SMP */

#endif /* __UK_PLAT_LCPU_H__ */
