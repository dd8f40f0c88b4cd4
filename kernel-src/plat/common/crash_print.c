/* The parts of a crash report that read the same on every architecture:
 * addresses by symbol, the stack's words and the backtrace along the frame
 * records (uk/plat/common/crash.h). Everything read is checked first with
 * the architecture's crash_readable(), so the report cannot fault on a
 * wild stack or frame pointer. */
#include <stdio.h>
#include <uk/config.h>
#include <uk/essentials.h>
#include <uk/ksyms.h>
#include <uk/plat/common/crash.h>

#define STACK_WORDS_PER_LINE	4

void crash_print_addr(unsigned long addr)
{
	unsigned long off;
	const char *name = uk_ksym_lookup(addr, &off);

	if (name)
		printf("0x%016lx <%s+0x%lx>", addr, name, off);
	else
		printf("0x%016lx", addr);
}

void crash_print_code_addr(unsigned long addr, int is_return)
{
	if (is_return)
		crash_print_return_addr(addr);
	else
		crash_print_addr(addr);
}

void crash_print_stack(unsigned long sp)
{
	const unsigned long *p = (const unsigned long *)sp;
	unsigned int i;

	printf("Stack at 0x%016lx:", sp);
	if (!IS_ALIGNED(sp, 8) ||
	    !crash_readable(sp, CONFIG_LIBUKDEBUG_CRASH_STACK_WORDS * 8)) {
		printf(" (not readable)\n");
		return;
	}
	for (i = 0; i < CONFIG_LIBUKDEBUG_CRASH_STACK_WORDS; i++) {
		if (i % STACK_WORDS_PER_LINE == 0)
			printf("\n  0x%016lx:", sp + i * 8);
		printf(" 0x%016lx", p[i]);
	}
	printf("\n");
}

/* A frame that does not lie further up the stack ends the walk */
void crash_print_backtrace(unsigned long pc, unsigned long fp,
			   int pc_is_return)
{
	unsigned int depth;

	printf("Backtrace:\n  #0  ");
	crash_print_code_addr(pc, pc_is_return);
	printf("\n");
	for (depth = 1; depth < CONFIG_LIBUKDEBUG_BACKTRACE_DEPTH; depth++) {
		const unsigned long *frame = (const unsigned long *)fp;

		if (!IS_ALIGNED(fp, 8) || !crash_readable(fp, 16) ||
		    !frame[1])
			break;
		printf("  #%-2u ", depth);
		crash_print_return_addr(frame[1]);
		printf("\n");
		if (frame[0] <= fp)
			break;
		fp = frame[0];
	}
}
