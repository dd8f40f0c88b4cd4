/* Logical CPUs: interrupt control, halting, identity of the running CPU, and
 * (with CONFIG_HAVE_SMP) starting other CPUs and running functions on them
 * (Unikraft API uk/plat/lcpu.h). */
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
/* Halts until an interrupt or until ukplat_monotonic_clock() reaches `until`
 * (absolute, ns); the interrupt state is the caller's again on return. */
void ukplat_lcpu_halt_to(__nsec until);

typedef void __noreturn (*ukplat_lcpu_entry_t)();
typedef __u32 __lcpuidx;	/* 0 .. count-1, the boot CPU is 0 */
typedef __u64 __lcpuid;		/* hardware ID: the initial APIC ID */

__lcpuid ukplat_lcpu_id(void);

#ifdef CONFIG_HAVE_SMP
/*
 * Calls about other CPUs take a list: `lcpuidx` and `num` are both NULL,
 * meaning every CPU but the caller, or both given, *num entries of lcpuidx[].
 * On return *num is how many entries were dealt with, in order, before an
 * error stopped the call. The calling CPU is always skipped. They return 0
 * or a negative errno, and work with interrupts disabled (they busy-wait).
 */

/* A function for ukplat_lcpu_run(): fn(NULL, user) runs on the target in
 * interrupt context, on its IRQ stack, with interrupts disabled. */
struct ukplat_lcpu_func {
	void (*fn)(struct __regs *regs, void *arg);
	void *user;
};

#define UKPLAT_LCPU_RFLG_DONOTBLOCK	0x1
/* ukrepl's flag (an enum: the host's copy is checked against DWARF): queue
 * only onto a CPU that is IDLE, nothing running or queued; -EBUSY for a busy
 * one, at once (a function must not wait behind one that may never end). */
enum ukplat_lcpu_run_flags {
	UKPLAT_LCPU_RFLG_IDLEONLY = 0x2,
};

__lcpuidx ukplat_lcpu_idx(void);
__u32 ukplat_lcpu_count(void);

/*
 * Starts OFFLINE CPUs. sp[] (required) and entry[] (may be NULL, or hold
 * NULLs) are parallel to the list; with a NULL list they have count - 1
 * entries, for the other CPUs in index order. A NULL entry idles the CPU,
 * serving ukplat_lcpu_run(); another entry runs on stack sp[i] with
 * interrupts off. A CPU that is not OFFLINE is skipped with a warning (its
 * arguments are used up, it is no error). Returns once every CPU started
 * has checked in. `flags` is unused.
 */
int ukplat_lcpu_start(const __lcpuidx lcpuidx[], unsigned int *num,
		      void *sp[], const ukplat_lcpu_entry_t entry[],
		      unsigned long flags);
/* Busy-waits until every CPU listed is IDLE (OFFLINE and HALTED CPUs count
 * as done). timeout: relative, in ns, 0 = forever; -ETIMEDOUT when over. */
int ukplat_lcpu_wait(const __lcpuidx lcpuidx[], unsigned int *num,
		     __nsec timeout);
/* Queues fn on every online CPU listed (others are skipped silently) and
 * returns without waiting for it to run. Each CPU has one slot: if it is
 * taken, run waits for it, or fails with -EAGAIN with DONOTBLOCK. */
int ukplat_lcpu_run(const __lcpuidx lcpuidx[], unsigned int *num,
		    const struct ukplat_lcpu_func *fn, unsigned long flags);
/* Interrupts the online CPUs listed (ends their halt). */
int ukplat_lcpu_wakeup(const __lcpuidx lcpuidx[], unsigned int *num);
#else
#define ukplat_lcpu_idx()	(0)
#define ukplat_lcpu_count()	(1)
#endif /* CONFIG_HAVE_SMP */

#endif /* __UK_PLAT_LCPU_H__ */
