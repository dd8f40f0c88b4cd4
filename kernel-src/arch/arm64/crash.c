/*
 * Crash reports on arm64, in the format the host reads on x86_64: a
 * "*** CRASH on CPU n: ..." line, the facts, a stack dump and a frame-pointer
 * backtrace, "*** end of crash report"; the same facts in
 * ukrepl_crash_info (vector = the exception class, error_code = ESR_EL1,
 * rip = ELR_EL1, cr2 = FAR_EL1, rsp = sp), then ukrepl_crashed().
 * Arm ARM (DDI 0487) D17.2.37 (ESR_EL1), D17.2.40 (FAR_EL1); AAPCS64 §6.2.3
 * (frame records: [fp] = caller's fp, [fp + 8] = return address).
 *
 * The first CPU to crash reports; it stops the others with an SGI (they
 * take it only with interrupts on: a CPU spinning with them off goes on
 * spinning, but prints nothing, as the reporter holds the console).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/ksyms.h>
#include <uk/arch/atomic.h>
#include <uk/plat/console.h>
#include <uk/plat/crash.h>
#include <uk/plat/common/crash.h>
#include <uk/plat/memory.h>
#include <ukrepl/host.h>
#include "lcpu.h"
#include "platform.h"

#define NO_CPU			(-1)

#define ESR_EC(esr)		(((esr) >> 26) & 0x3f)
#define ESR_ISS(esr)		((esr) & 0x1ffffff)
#define EC_IABT_EL1		0x21
#define EC_DABT_EL1		0x25
#define EC_IABT_EL0		0x20
#define EC_DABT_EL0		0x24
#define ISS_WNR			(1 << 6)	/* data abort: a write */
#define ISS_FNV			(1 << 10)	/* FAR not valid */

static int crash_cpu = NO_CPU;

#ifndef CONFIG_PAGING
/* Without the paging code: the boot tables map RAM, which is all that is
 * read here (the memory regions say where it is) */
int paging_readable(unsigned long addr, unsigned long len)
{
	struct ukplat_memregion_desc r;
	int i;

	for (i = 0; ukplat_memregion_get(i, &r) == 0; i++)
		if (addr >= (__uptr)r.base && addr + len > addr &&
		    addr + len <= (__uptr)r.base + r.len)
			return 1;
	return 0;
}

void paging_explain_fault(unsigned long far __unused,
			  unsigned long esr __unused)
{
}
#endif

static const char *const kind_names[4] = {
	"Synchronous exception", "IRQ", "FIQ", "SError",
};
static const char *const origin_names[4] = {
	"EL1", "EL1 on its exception stack", "EL0 (AArch64)", "EL0 (AArch32)",
};

/*
 * A return address is looked up by the call instruction before it, except
 * one that is a function's first instruction: no call put it in lr, the
 * host did (its calls return to ukrepl_call_return itself).
 */
void crash_print_return_addr(unsigned long addr)
{
	unsigned long off;
	const char *name = uk_ksym_lookup(addr, &off);

	if (name && off == 0) {
		printf("0x%016lx <%s+0x0>", addr, name);
		return;
	}
	name = uk_ksym_lookup(addr - 4, &off);
	if (name)
		printf("0x%016lx <%s+0x%lx>", addr, name, off + 4);
	else
		crash_print_addr(addr);
}

/* Fault status codes of instruction and data aborts (ISS[5:0]) */
static const char *fault_status(unsigned int dfsc)
{
	switch (dfsc & 0x3c) {
	case 0x04:
		return "translation fault";
	case 0x08:
		return "access flag fault";
	case 0x0c:
		return "permission fault";
	case 0x00:
		return "address size fault";
	}
	if (dfsc == 0x21)
		return "alignment fault";
	if (dfsc == 0x10)
		return "synchronous external abort";
	return "other fault";
}

int crash_readable(unsigned long addr, unsigned long len)
{
	return paging_readable(addr, len);
}

static void print_abort(unsigned long esr, unsigned long far)
{
	unsigned int ec = ESR_EC(esr), iss = ESR_ISS(esr);
	int fetch = ec == EC_IABT_EL1 || ec == EC_IABT_EL0;

	printf("FAR: 0x%016lx (%s, %s at level %u%s)\n", far,
	       fetch ? "instruction fetch" : iss & ISS_WNR ? "write" : "read",
	       fault_status(iss & 0x3f), iss & 0x3,
	       iss & ISS_FNV ? ", FAR not valid" : "");
	paging_explain_fault(far, esr);
}

static void print_registers(const struct __regs *r)
{
	unsigned long sctlr, tcr, ttbr0;
	int i;

	/* x29 is the frame pointer: named FP, as the AAPCS64 calls it */
	for (i = 0; i < 27; i += 3)
		printf("X%-2d: 0x%016lx X%-2d: 0x%016lx X%-2d: 0x%016lx\n",
		       i, r->x[i], i + 1, r->x[i + 1], i + 2, r->x[i + 2]);
	printf("X27: 0x%016lx X28: 0x%016lx FP:  0x%016lx\n",
	       r->x[27], r->x[28], r->x[29]);
	printf("LR:  0x%016lx SP:  0x%016lx SPSR: 0x%08lx\n",
	       r->lr, r->sp, r->spsr_el1);
	__asm__ __volatile__("mrs %0, sctlr_el1\n\tmrs %1, tcr_el1\n\t"
			     "mrs %2, ttbr0_el1"
			     : "=r"(sctlr), "=r"(tcr), "=r"(ttbr0));
	printf("SCTLR_EL1: 0x%lx TCR_EL1: 0x%lx TTBR0_EL1: 0x%lx\n",
	       sctlr, tcr, ttbr0);
}

int crash_in_progress(void)
{
	return UK_READ_ONCE(crash_cpu) != NO_CPU;
}

void __noreturn crash_stop_this_cpu(void)
{
	struct lcpu *l = lcpu_current();

	l->error_code = -ECANCELED;
	l->state = LCPU_STATE_HALTED;
	ukplat_lcpu_halt();
}

static void __noreturn crash(int vector, const char *what,
			     const struct __regs *r, unsigned long far,
			     int software)
{
	static const char end_line[] = "\n*** end of crash report\n";
	struct lcpu *l = lcpu_current();
	unsigned int depth = ++l->crash_depth;
	unsigned long irqf;
	int ec = (int)ESR_EC(r->esr_el1);

	ukrepl_crash_count();
	if (depth == 1 &&
	    ukarch_compare_exchange_sync(&crash_cpu, NO_CPU, (int)l->idx) !=
	    (int)l->idx)
		crash_stop_this_cpu();	/* another CPU reports */
	if (depth > 3)
		ukrepl_crashed();
	if (depth == 3) {
		ukplat_coutk(end_line, sizeof(end_line) - 1);
		ukrepl_crashed();
	}
	if (depth == 1)
		ukrepl_crash_record(l->idx, vector, r->esr_el1, far, r, what);

	irqf = ukplat_console_lock_crash();
	if (depth == 1) {
		gic_send_sgi_others(SGI_CRASH_STOP);
		if (software)
			printf("\n*** CRASH on CPU %u: %s (software crash)\n",
			       l->idx, what);
		else
			printf("\n*** CRASH on CPU %u: %s (EC 0x%02x), "
			       "ESR 0x%lx\n", l->idx, what, ec, r->esr_el1);
		printf("PC:  ");
		crash_print_code_addr(r->elr_el1, software);
		printf("\n");
		ukrepl_crash_notes(l->idx);	/* e.g. the system call */
		if (!software && (ec == EC_DABT_EL1 || ec == EC_IABT_EL1 ||
				  ec == EC_DABT_EL0 || ec == EC_IABT_EL0))
			print_abort(r->esr_el1, far);
		print_registers(r);
		crash_print_stack(r->sp);
		crash_print_backtrace(r->elr_el1, r->x[29], software);
	} else {
		printf("\n*** nested crash on CPU %u while reporting: %s, "
		       "PC 0x%016lx\n", l->idx, what, r->elr_el1);
	}
	printf("*** end of crash report\n");
	ukplat_console_unlock(irqf);
	ukrepl_crashed();
}

void __noreturn crash_report_trap(unsigned long kind, struct __regs *regs)
{
	static char what[96];
	unsigned long far;
	unsigned int ec = ESR_EC(regs->esr_el1);

	__asm__ __volatile__("mrs %0, far_el1" : "=r"(far));
	if ((kind & 3) == 0 && (kind >> 2) == 0)
		snprintf(what, sizeof(what), "%s", esr_class_name(ec));
	else
		snprintf(what, sizeof(what), "%s from %s", kind_names[kind & 3],
			 origin_names[(kind >> 2) & 3]);
	crash((int)ec, what, regs, far, 0);
}

void __noreturn ukplat_crash_report(const char *reason)
{
	const unsigned long *fp = __builtin_frame_address(0);
	struct __regs r;

	memset(&r, 0, sizeof(r));
	r.elr_el1 = (unsigned long)__builtin_return_address(0);
	r.x[29] = fp[0];
	r.sp = (unsigned long)(fp + 2);
	r.lr = r.elr_el1;
	crash(UKREPL_CRASH_SOFTWARE, reason, &r, 0, 1);
}
