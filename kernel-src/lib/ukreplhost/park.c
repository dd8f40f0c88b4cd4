/* Where CPU 0 parks for the ukrepl host, and the contract behind each place
 * (<ukrepl/host.h>; GDB manual, "Remote Debugging"). */
#include <uk/essentials.h>
#include <uk/arch/lcpu.h>
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
 *                     the guest by hand: argument registers by the ABI,
 *                     this stub's address as the return address (pushed,
 *                     or in lr), pc = the callee, continue; the callee
 *                     "returns" here. The stub hands the result registers to
 *                     ukrepl_call_returned as its arguments, where a hardware
 *                     breakpoint on its entry or a watchpoint on the count it
 *                     bumps stops the CPU: GDB's stop record then shows
 *                     the frame's argument, so the host has the value without
 *                     asking. The CPU stays there until the next call, whose
 *                     set-up writes every register it depends on.
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
 * The three the host breaks on (ukrepl_idle, ukrepl_call_returned,
 * ukrepl_crashed) live in a page of their own (section .ukrepl_park, placed
 * by link.lds): under TCG, QEMU runs any code on a page that holds a GDB
 * breakpoint one instruction per translation block, unchained, to find the
 * breakpoint. Sharing a page with the scheduler's locks made every lock on
 * every CPU about thirty times slower.
 */

#define UKREPL_PARK	__attribute__((noipa, section(".ukrepl_park"))) __used

/* The architecture's loop: UKARCH_PARK_ASM of <uk/asm/lcpu.h> */

static inline void __noreturn park(void)
{
	for (;;)
		__asm__ __volatile__(UKARCH_PARK_ASM ::: "memory");
}

UKREPL_PARK void ukrepl_idle(void)
{
	park();
}

/*
 * The stub also leaves the CPU as the next call enters it: interrupts masked
 * (a cell may have enabled them), and on x86_64 the direction flag clear and
 * rsp back on the return-address slot, as if the next call had pushed it.
 * GDB writes a register only when its value changes, so the next call's
 * set-up is then little more than pc and the arguments. x86_64's stub unless
 * the architecture's <uk/arch/lcpu.h> has its own.
 */
#ifndef UKARCH_CALL_RETURN_ASM
#define UKARCH_CALL_RETURN_ASM	"cli\n\tcld\n\tsub $8, %rsp\n\t" \
				"mov %rax, %rdi\n\tmov %rdx, %rsi\n\t"   \
				"jmp ukrepl_call_returned"
#endif

__asm__(".text\n"
	".globl ukrepl_call_return\n"
	".type ukrepl_call_return, %function\n"
	"ukrepl_call_return:\n\t"
	UKARCH_CALL_RETURN_ASM "\n"
	".size ukrepl_call_return, . - ukrepl_call_return\n");

/*
 * Calls returned so far. Under TCG on x86_64 the host's trap for a returning
 * call is a hardware watchpoint on this count rather than a breakpoint on
 * ukrepl_call_returned: QEMU 7.2 throws away all the code TCG has translated
 * at every breakpoint stop, but not at a watchpoint stop, so a breakpoint
 * made every call translate again whatever it ran (a millisecond for the
 * console path alone). A page of its own, as TCG takes its slow path for
 * every access to a page with a watchpoint.
 */
union ukrepl_call_count ukrepl_call_count __align(__PAGE_SIZE);

/* value, high: the result registers (rax, rdx; x0, x1), high for results of
 * two registers (struct ukrepl_cell_ran) */
UKREPL_PARK void ukrepl_call_returned(long value, long high)
{
	/* No caller to unwind to (the host made the call by hand): GDB then
	 * reads no stack to describe the stop. */
	__asm__ __volatile__(UKARCH_NO_CALLER_CFI);
	/* one locked instruction: the result registers stay as they are */
	__atomic_add_fetch(&ukrepl_call_count.returned, 1, __ATOMIC_RELAXED);
	for (;;)	/* both stay in their registers, where GDB reads them */
		__asm__ __volatile__(UKARCH_PARK_ASM :: "r"(value), "r"(high)
				     : "memory");
}

UKREPL_PARK void ukrepl_crashed(void)
{
	park();
}
