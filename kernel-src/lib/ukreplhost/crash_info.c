/* The record of the first crash, which the host reads through GDB when a CPU
 * parks in ukrepl_crashed(). The architecture's crash path fills it through
 * these two hooks, so the record's layout belongs to the contract alone. */
#include <string.h>
#include <uk/arch/atomic.h>
#include <uk/arch/lcpu.h>
#include <ukrepl/host.h>

/* The record keeps x86_64's names for the pc and sp; the architecture says
 * where they are (UKARCH_REGS_PC and _SP of <uk/asm/lcpu.h>). */

struct ukrepl_crash ukrepl_crash_info;

void ukrepl_crash_count(void)
{
	ukarch_inc(&ukrepl_crash_info.count);
}

void ukrepl_crash_record(unsigned int cpu, int vector,
			 unsigned long error_code, unsigned long cr2,
			 const struct __regs *regs, const char *reason)
{
	struct ukrepl_crash *c = &ukrepl_crash_info;

	c->cpu = cpu;
	c->vector = vector;
	c->error_code = error_code;
	c->rip = UKARCH_REGS_PC(regs);
	c->cr2 = cr2;
	c->rsp = UKARCH_REGS_SP(regs);
	c->regs = *regs;
	strncpy(c->reason, reason, sizeof(c->reason) - 1);
	c->reason[sizeof(c->reason) - 1] = '\0';
}

extern const struct ukrepl_crash_note __start_ukrepl_crash_notes[];
extern const struct ukrepl_crash_note __stop_ukrepl_crash_notes[];

void ukrepl_crash_notes(unsigned int cpu)
{
	const struct ukrepl_crash_note *n;

	for (n = __start_ukrepl_crash_notes; n < __stop_ukrepl_crash_notes; n++)
		n->print(cpu);
}
