/* Where CPU 0 parks for the ukrepl host, and the contract behind each place
 * (<ukrepl/host.h>; GDB manual, "Remote Debugging"). */
#include <uk/essentials.h>
#include <ukrepl/host.h>

/*
 * The host drives this kernel through QEMU's GDB stub and finds these
 * functions by name; it uses hardware breakpoints only (software ones kill
 * the guest on nested KVM).
 *
 * ukrepl_idle         Where the boot CPU rests after "ukrepl: ready". The
 *                     host sets a hardware breakpoint on its entry and works
 *                     while the CPU is stopped there.
 * ukrepl_call_return  Never called by the kernel. The host makes a call into
 *                     the guest by hand: argument registers by the SysV ABI,
 *                     this function's address pushed as the return address,
 *                     rip = the callee, continue; the callee "returns" here,
 *                     where a hardware breakpoint stops it, and the host
 *                     reads rax and puts every register back.
 * ukrepl_crashed      The crash path (arch/x86_64/crash.c) calls it after
 *                     the report; ukrepl_crash_info holds the facts.
 *
 * Interrupt state during host calls: boot calls ukrepl_idle with interrupts
 * disabled, so a host call runs with IF=0, on the boot stack just below the
 * rsp where idle stopped. Nothing the host may call can rely on IF=1 (no
 * waiting for an interrupt, no sleeping).
 *
 * Each body is a cli; hlt loop, so a CPU that gets here without a host
 * breakpoint (or is continued from one) stays parked. noipa keeps the three
 * from being inlined, cloned or folded into one (their bodies are the same).
 *
 * The three live in a page of their own (section .ukrepl_park, placed
 * by link.lds): under TCG, QEMU runs any code on a page that holds a GDB
 * breakpoint one instruction per translation block, unchained, to find the
 * breakpoint. Sharing a page with the scheduler's locks made every lock on
 * every CPU about thirty times slower.
 */

#define UKREPL_PARK	__attribute__((noipa, section(".ukrepl_park"))) __used

/* x86_64's loop unless the architecture's <uk/arch/lcpu.h> has its own */
#ifndef UKARCH_PARK_ASM
#define UKARCH_PARK_ASM	"cli; hlt"
#endif

static inline void __noreturn park(void)
{
	for (;;)
		__asm__ __volatile__(UKARCH_PARK_ASM ::: "memory");
}

UKREPL_PARK void ukrepl_idle(void)
{
	park();
}

UKREPL_PARK void ukrepl_call_return(void)
{
	park();
}

UKREPL_PARK void ukrepl_crashed(void)
{
	park();
}
