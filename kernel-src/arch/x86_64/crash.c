/* Crash reports: what the CPU was doing when an exception or a software
 * failure stopped it. Intel SDM Vol. 3A §4.7 (page-fault error code), System V
 * AMD64 psABI §3.2.2 (stack frames, for the backtrace). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/ksyms.h>
#include <uk/arch/atomic.h>
#include <uk/plat/console.h>
#include <uk/plat/crash.h>
#include <uk/plat/common/crash.h>
#include <ukrepl/host.h>
#include "apic.h"
#include "cpu.h"
#include "lcpu.h"
#include "mmu.h"
#include "platform.h"

#define PF_ERR_PROTECTION	(1 << 0)	/* 0: page not present */
#define PF_ERR_WRITE		(1 << 1)
#define PF_ERR_USER		(1 << 2)
#define PF_ERR_RESERVED_BIT	(1 << 3)
#define PF_ERR_FETCH		(1 << 4)

/*
 * A report goes to COM1 between a "*** CRASH on CPU n: ..." line and a
 * "*** end of crash report" line; the same facts go to ukrepl_crash_info for
 * the host (through lib/ukreplhost's hooks), and then the CPU parks in
 * ukrepl_crashed().
 *
 * With several CPUs, the first CPU to crash reports; the others are stopped:
 *
 * 1. The crashing CPU claims the report (crash_cpu). A CPU that crashes while
 *    another one reports does not report: it stops (see 3).
 * 2. It takes the console lock, waiting briefly for a CPU that is printing a
 *    line (console.c), and then sends an NMI to every other running CPU, so
 *    that nothing is printed after the report and the machine state stays as
 *    it was for the host to look at.
 * 3. An NMI while another CPU reports stops the CPU that gets it: it becomes
 *    HALTED (error_code -ECANCELED) and halts in crash_stop_this_cpu() with
 *    interrupts off (NMIs stay blocked, as the handler never returns).
 * 4. The reporting CPU prints the report and calls ukrepl_crashed(), where
 *    the host's breakpoint catches it. Only that CPU ever gets there.
 *
 * CPUs still in their real-mode start code (state INIT) have no IDT yet and
 * get no NMI.
 */
#define NO_CPU	(-1)
static int crash_cpu = NO_CPU;		/* the CPU that reports */

/* Reading [addr, addr + len) cannot fault: the page tables map all of it
 * (guard pages and page 0 are not). A crash in the report itself is still
 * caught (see below). */
int crash_readable(unsigned long addr, unsigned long len)
{
	return mmu_readable(addr, len);
}

/*
 * A return address points just past its call, which may be the first byte
 * of the next function (after a call to a noreturn function), so it is looked
 * up by its last call byte. A host call's return address is the entry of
 * ukrepl_call_return itself; that is found by the plain lookup.
 */
void crash_print_return_addr(unsigned long addr)
{
	unsigned long off;
	const char *name = uk_ksym_lookup(addr - 1, &off);

	if (name)
		printf("0x%016lx <%s+0x%lx>", addr, name, off + 1);
	else
		crash_print_addr(addr);
}

static void print_page_fault(unsigned long cr2, unsigned long err)
{
	printf("CR2: 0x%016lx (%s, %s, %s mode%s)\n", cr2,
	       err & PF_ERR_FETCH ? "instruction fetch" :
	       err & PF_ERR_WRITE ? "write" : "read",
	       err & PF_ERR_PROTECTION ? "protection violation"
				       : "page not present",
	       err & PF_ERR_USER ? "user" : "kernel",
	       err & PF_ERR_RESERVED_BIT ? ", reserved bit set" : "");
	mmu_explain_fault(cr2, err);
}

static void print_registers(const struct __regs *r)
{
	printf("RSP: 0x%016lx RBP: 0x%016lx RFLAGS: 0x%08lx\n",
	       r->rsp, r->rbp, r->eflags);
	printf("RAX: 0x%016lx RBX: 0x%016lx RCX: 0x%016lx\n",
	       r->rax, r->rbx, r->rcx);
	printf("RDX: 0x%016lx RSI: 0x%016lx RDI: 0x%016lx\n",
	       r->rdx, r->rsi, r->rdi);
	printf("R8:  0x%016lx R9:  0x%016lx R10: 0x%016lx\n",
	       r->r8, r->r9, r->r10);
	printf("R11: 0x%016lx R12: 0x%016lx R13: 0x%016lx\n",
	       r->r11, r->r12, r->r13);
	printf("R14: 0x%016lx R15: 0x%016lx\n", r->r14, r->r15);
	printf("CS: 0x%lx SS: 0x%lx CR0: 0x%lx CR3: 0x%lx CR4: 0x%lx\n",
	       r->cs, r->ss, read_cr0(), read_cr3(), read_cr4());
}

static void print_report(unsigned int cpu, int vector,
			 const struct __regs *r, unsigned long cr2)
{
	int software = vector == UKREPL_CRASH_SOFTWARE;

	printf("RIP: ");
	/* a software crash's rip is where the crash function returns to */
	crash_print_code_addr(r->rip, software);
	printf("\n");
	ukrepl_crash_notes(cpu);
	if (vector == TRAP_PAGE_FAULT)
		print_page_fault(cr2, r->orig_rax);
	if (vector == TRAP_DOUBLE_FAULT)
		mmu_explain_double_fault(cr2, r->rsp);
	if (software)
		printf("RSP: 0x%016lx RBP: 0x%016lx\n", r->rsp, r->rbp);
	else
		print_registers(r);
	crash_print_stack(r->rsp);
	crash_print_backtrace(r->rip, r->rbp, software);
}

static void print_first_line(unsigned int cpu, int vector, const char *what,
			     unsigned long err)
{
	if (vector == UKREPL_CRASH_SOFTWARE)
		printf("\n*** CRASH on CPU %u: %s (software crash)\n",
		       cpu, what);
	else
		printf("\n*** CRASH on CPU %u: %s (vector %d), "
		       "error code 0x%lx\n", cpu, what, vector, err);
}

int crash_in_progress(void)
{
	return UK_READ_ONCE(crash_cpu) != NO_CPU;
}

int crash_stops_this_cpu(void)
{
	int reporter = UK_READ_ONCE(crash_cpu);

	return reporter != NO_CPU && reporter != (int)lcpu_current()->idx;
}

void __noreturn crash_stop_this_cpu(void)
{
	struct lcpu *l = lcpu_current();

	l->error_code = -ECANCELED;
	l->state = LCPU_STATE_HALTED;
	for (;;)
		__asm__ __volatile__("cli; hlt" ::: "memory");
}

/* Returns 1 if this CPU is the one to report. */
static int claim_report(const struct lcpu *l)
{
	return ukarch_compare_exchange_sync(&crash_cpu, NO_CPU,
					    (int)l->idx) == (int)l->idx;
}

static void stop_other_cpus(const struct lcpu *self)
{
	struct lcpu *l;
	__lcpuidx i;

	if (lapic_mode == LAPIC_MODE_NONE)
		return;
	for (i = 0; (l = lcpu_get(i)) != NULL; i++)
		if (l != self && lcpu_state_is_online(l->state))
			apic_send_nmi((__u32)l->id);
}

/*
 * Common tail of both crash kinds. `depth` counts the crashes this CPU is in
 * the middle of reporting. A crash while printing a report (depth 2) gets a
 * short report without symbol lookups; if even that fails (depth 3) only the
 * end line is written, since the host waits for it; beyond that, just park.
 */
static void __noreturn crash(int vector, const char *what,
			     const struct __regs *r, unsigned long cr2)
{
	static const char end_line[] = "\n*** end of crash report\n";
	struct lcpu *l = lcpu_current();
	unsigned int depth = ++l->crash_depth;
	unsigned long irqf;

	ukrepl_crash_count();
	if (depth == 1 && !claim_report(l))
		crash_stop_this_cpu();	/* another CPU reports */
	if (depth > 3)
		ukrepl_crashed();
	if (depth == 3) {
		ukplat_coutk(end_line, sizeof(end_line) - 1);
		ukrepl_crashed();
	}
	if (depth == 1)
		ukrepl_crash_record(l->idx, vector, r->orig_rax, cr2, r,
				    what);

	irqf = ukplat_console_lock_crash();
	if (depth == 1)
		stop_other_cpus(l);
	if (depth == 1) {
		print_first_line(l->idx, vector, what, r->orig_rax);
		print_report(l->idx, vector, r, cr2);
	} else {
		/* not a "*** CRASH" line: the report that failed stays the
		 * last one the host finds */
		printf("\n*** nested crash on CPU %u while reporting: %s, "
		       "RIP 0x%016lx\n", l->idx, what, r->rip);
	}
	printf("*** end of crash report\n");
	ukplat_console_unlock(irqf);
	ukrepl_crashed();
}

void __noreturn crash_report_trap(unsigned long vector, struct __regs *regs)
{
	/* a double fault leaves CR2 alone: it is the page fault before it */
	unsigned long cr2 = vector == TRAP_PAGE_FAULT ||
			    vector == TRAP_DOUBLE_FAULT ? read_cr2() : 0;

	crash((int)vector, trap_name(vector), regs, cr2);
}

/* A software crash has no trap frame: describe the caller instead. */
void __noreturn ukplat_crash_report(const char *reason)
{
	const unsigned long *fp = __frame_addr(0);
	struct __regs r;

	memset(&r, 0, sizeof(r));
	r.rip = (unsigned long)__return_addr(0);
	r.rbp = fp[0];
	r.rsp = (unsigned long)(fp + 2);
	r.eflags = read_rflags();
	crash(UKREPL_CRASH_SOFTWARE, reason, &r, 0);
}
