/*
 * The contract between this kernel and the ukrepl host, which drives the boot
 * CPU through QEMU's GDB stub. The host finds everything here by symbol name
 * (ELF symbol table, types from DWARF), so these names must not change.
 */
#ifndef __UKREPL_HOST_H__
#define __UKREPL_HOST_H__

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>

/* Where CPU 0 parks: noinline `cli; hlt` loops (see lib/ukboot/park.c). */
void __noreturn ukrepl_idle(void);
void ukrepl_call_return(void);
void __noreturn ukrepl_crashed(void);

/* vector of a crash that was not an exception */
#define UKREPL_CRASH_SOFTWARE	(-1)

/* Facts about the first crash, for the host to read through GDB. */
struct ukrepl_crash {
	unsigned long count;	/* crashes so far, nested ones included */
	unsigned int cpu;	/* index of the CPU that crashed */
	int vector;		/* exception vector, or UKREPL_CRASH_SOFTWARE */
	unsigned long error_code;
	unsigned long rip;
	unsigned long cr2;	/* faulting address (page faults only) */
	unsigned long rsp;	/* stack pointer at the time of the fault */
	struct __regs regs;	/* every register of the interrupted context */
	char reason[96];	/* vector name, or software crash message */
};

extern struct ukrepl_crash ukrepl_crash_info;

/* The cell arena: page-aligned memory reserved in the image for code and data
 * the host loads from notebook cells (CONFIG_UKREPL_CELL_ARENA_SIZE KiB). */
extern __u8 ukrepl_cell_arena_start[];
extern __u8 ukrepl_cell_arena_end[];

/*
 * The host also links a symbol table for each loaded cell into
 * uk_ksym_loaded (<uk/ksyms.h>), so crash reports name cell functions.
 */

/*
 * A section of a loaded cell that registers things with the kernel (entries
 * of the init table .uk_inittab<class><prio>, constructors .init_array...),
 * as the cell's own linked image holds it: the output section's name and its
 * bytes in the arena.
 */
struct ukrepl_cell_section {
	const char *name;
	const void *start;
	const void *end;
};

/*
 * Runs the registration entries of a cell the host has just loaded, as boot
 * does for the kernel's own: kind by kind in boot order (init table, then
 * constructors), and within a kind in the order given (the host sorts by
 * section name, which sorts init classes and priorities). Returns 0, the
 * first negative value an init function returned, or -ENOENT if a section
 * is of no known kind (then nothing ran).
 */
int ukrepl_cell_register(const struct ukrepl_cell_section *sections,
			 unsigned int count);

/*
 * The host calls this (on CPU 0) after it stopped a call with an interrupt
 * and put CPU 0's registers back: it releases the locks the call held,
 * unlinks its wait-queue entry, runs its cleanup records (temporary
 * eventpolls of poll/select) and marks a CPU 0 thread that was running then
 * as exited (lib/uksched/abandon.c). Harmless when nothing was pending.
 */
void ukrepl_call_abandoned(void);

#endif /* __UKREPL_HOST_H__ */
