/* Logical CPUs, the portable half (plat/common/lcpu.c): the life cycle of a
 * CPU, how functions reach it, and what every architecture must provide.
 * Follows Unikraft 0.10's plat/common/include/uk/plat/common/lcpu.h. */
#ifndef __UK_PLAT_COMMON_LCPU_H__
#define __UK_PLAT_COMMON_LCPU_H__

#include <uk/essentials.h>
#include <uk/plat/lcpu.h>

/*
 * The life cycle, kept in struct lcpu's `int state`:
 *
 *   OFFLINE --start--> INIT --CPU runs lcpu_init()--> BUSY0 --default
 *   entry--> IDLE <--> BUSY0 + n (n queued ukplat_lcpu_run() functions)
 *
 * A CPU that failed to start, or was stopped (halt, crash of another CPU),
 * is HALTED for good. "Online" means IDLE or busy: only online CPUs take
 * functions. Values are Unikraft's; the host reads them through GDB.
 */
enum lcpu_state {
	LCPU_STATE_HALTED = -1,
	LCPU_STATE_OFFLINE = 0,	/* found, never started */
	LCPU_STATE_INIT = 1,	/* start requested, s_args valid */
	LCPU_STATE_IDLE = 2,	/* waits for IPIs */
	LCPU_STATE_BUSY0 = 3,	/* runs code; + n: n functions queued */
};

static inline int lcpu_state_is_online(int state)
{
	return state >= LCPU_STATE_IDLE;
}

static inline int lcpu_state_is_busy(int state)
{
	return state >= LCPU_STATE_BUSY0;
}

/* What ukplat_lcpu_start() hands to a CPU it starts. */
struct lcpu_sargs {
	ukplat_lcpu_entry_t entry;	/* NULL: lcpu_entry_default idles */
	void *stackp;			/* top of the CPU's stack */
};

/*
 * struct lcpu itself is the architecture's (arch/<arch>/lcpu.h), because it
 * holds the CPU's descriptor tables and stacks too. The portable code uses
 * these members: int state, __lcpuidx idx, __lcpuid id, struct lcpu_sargs
 * s_args, struct ukplat_lcpu_func fn (the one function slot) and int
 * error_code (why a CPU is HALTED). The table of all CPUs is
 * struct lcpu lcpus[CONFIG_UKPLAT_LCPU_MAXCOUNT], declared there too.
 */
struct lcpu;

/* Adds a CPU found by discovery (the boot CPU is lcpus[0] from the start);
 * NULL when the table is full. */
struct lcpu *lcpu_alloc(__lcpuid id);
/* The CPU with index idx, or NULL. */
struct lcpu *lcpu_get(__lcpuidx idx);

#ifdef CONFIG_HAVE_SMP
/* Where a started CPU goes after the architecture's entry code, on the stack
 * from s_args, with interrupts off. Weak: an application may replace it. */
void __noreturn lcpu_entry_default(struct lcpu *this_lcpu);
/* The idle loop of every CPU but the boot CPU: halts with interrupts on. */
void __noreturn lcpu_idle(void);

/* Interrupt handlers of the two IPIs, called by the architecture's
 * interrupt code (which then signals end of interrupt). */
void lcpu_ipi_run_handler(void);
void lcpu_ipi_wakeup_handler(void);
#endif

/* ------------------------------------------------ architecture hooks */

/* Per-CPU processor set-up, on the CPU itself. Ends by setting the state to
 * BUSY0: from then on the CPU counts as started. */
void lcpu_init(struct lcpu *this_lcpu);

#ifdef CONFIG_HAVE_SMP
/* Starts the n CPUs in `l` (all in INIT, s_args set) and waits until each
 * has run lcpu_init(). Returns 0, or a negative errno; a CPU that did not
 * come up is HALTED with that error in error_code. */
int lcpu_arch_start(struct lcpu *l[], unsigned int n);
/* Sends the RUN / WAKEUP IPI; 0 or a negative errno. */
int lcpu_arch_run(struct lcpu *l);
int lcpu_arch_wakeup(struct lcpu *l);
/* Continues at `entry` on the stack whose top is `sp`. */
void __noreturn lcpu_arch_jump_to(void *sp, ukplat_lcpu_entry_t entry);
/* A few words on how CPUs talk here, for the boot message ("x2APIC"). */
const char *lcpu_arch_describe(void);
#endif

#endif /* __UK_PLAT_COMMON_LCPU_H__ */
