/* Dispatch of CPU exceptions. Nothing is recoverable in this kernel yet, so
 * every exception ends in a crash report, except an NMI by which a crashing
 * CPU stops the others (crash.c) and the two cases at trap_handler(). Vector
 * names: Intel SDM Vol. 3A
 * §6.3.1, Table 6-1 "Protected-Mode Exceptions and Interrupts". */
#include "cpu.h"
#include "mmu.h"
#include "platform.h"

static const char *const trap_names[TRAP_NUM_EXCEPTIONS] = {
	[0] = "Divide Error",
	[1] = "Debug",
	[2] = "NMI",
	[3] = "Breakpoint",
	[4] = "Overflow",
	[5] = "BOUND Range Exceeded",
	[6] = "Invalid Opcode",
	[7] = "Device Not Available",
	[8] = "Double Fault",
	[9] = "Coprocessor Segment Overrun",
	[10] = "Invalid TSS",
	[11] = "Segment Not Present",
	[12] = "Stack-Segment Fault",
	[13] = "General Protection",
	[14] = "Page Fault",
	[16] = "x87 FPU Floating-Point Error",
	[17] = "Alignment Check",
	[18] = "Machine Check",
	[19] = "SIMD Floating-Point Exception",
	[20] = "Virtualization Exception",
	[21] = "Control Protection Exception",
	[28] = "Hypervisor Injection Exception",
	[29] = "VMM Communication Exception",
	[30] = "Security Exception",
};

const char *trap_name(unsigned long vector)
{
	if (vector < TRAP_NUM_EXCEPTIONS && trap_names[vector])
		return trap_names[vector];
	return "Reserved";
}

/*
 * Two exceptions are not crashes: an NMI that stands in for the TLB
 * shootdown IPI (paging.c), and a page fault from a stale TLB entry that
 * the current tables would not raise (mmu.c); both return to the
 * interrupted code.
 */
void trap_handler(unsigned long vector, struct __regs *regs)
{
	if (vector == TRAP_NMI) {
		if (crash_stops_this_cpu())
			crash_stop_this_cpu();
		if (mmu_tlb_shootdown_nmi())
			return;
	}
	if (vector == TRAP_PAGE_FAULT &&
	    mmu_fault_is_spurious(read_cr2(), regs->orig_rax))
		return;
	crash_report_trap(vector, regs);
}
