/*
 * The contract between this kernel and the ukrepl host, which drives the boot
 * CPU through QEMU's GDB stub. The host finds everything here by symbol name
 * (ELF symbol table, types from DWARF), so these names must not change. The
 * host keeps a copy of some of it (the ukrepl Python package); lib/ukreplhost
 * implements it.
 */
#ifndef __UKREPL_HOST_H__
#define __UKREPL_HOST_H__

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/lcpu.h>

/* ---------------------------------------------------------------- parking */

/* Where CPU 0 parks: noinline `cli; hlt` loops (see park.c). A host call
 * returns to the stub ukrepl_call_return, which passes the value on to
 * ukrepl_call_returned. */
void __noreturn ukrepl_idle(void);
void ukrepl_call_return(void);
void __noreturn ukrepl_call_returned(long value, long high);
void __noreturn ukrepl_crashed(void);

/* Bumped by ukrepl_call_returned before it parks; the host may watch it
 * (park.c). Alone in its page. */
union ukrepl_call_count {
	volatile unsigned long returned;
	__u8 page[__PAGE_SIZE];
};

extern union ukrepl_call_count ukrepl_call_count;

/* ---------------------------------------------------------------- crashes */

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

/*
 * The hooks the architecture's crash path calls (crash_info.c): one count
 * per crash, nested ones included, and the record of the first one (the
 * CPU that reports it, before the "*** CRASH" line).
 */
void ukrepl_crash_count(void);
void ukrepl_crash_record(unsigned int cpu, int vector,
			 unsigned long error_code, unsigned long cr2,
			 const struct __regs *regs, const char *reason);

/*
 * Lines a library adds to a crash report, after the RIP line (lib/syscall_shim
 * names the system call the CPU was in): print(cpu) prints whole lines with
 * printf, or nothing. Declared with UKREPL_CRASH_NOTE() into the section
 * ukrepl_crash_notes (link.lds keeps it); the architecture's crash path calls
 * ukrepl_crash_notes(), which calls each.
 */
struct ukrepl_crash_note {
	void (*print)(unsigned int cpu);
};

#define UKREPL_CRASH_NOTE(_fn)						\
	static const struct ukrepl_crash_note __used			\
	__section("ukrepl_crash_notes") __align(8)			\
	__ukrepl_crash_note_##_fn = { .print = _fn }

void ukrepl_crash_notes(unsigned int cpu);

/* ---------------------------------------------------------------- arena */

/* The cell arena: page-aligned memory reserved in the image for code and data
 * the host loads from notebook cells (CONFIG_UKREPL_CELL_ARENA_SIZE KiB). */
extern __u8 ukrepl_cell_arena_start[];
extern __u8 ukrepl_cell_arena_end[];

/* The host keeps the arena's top bytes for the scratch data of one
 * evaluation (string literals, argument blocks) and loads cells below. */
enum ukrepl_arena_layout {
	UKREPL_ARENA_SCRATCH_SIZE = 64 * 1024,
};

/*
 * The host also links a symbol table for each loaded cell into
 * uk_ksym_loaded (<uk/ksyms.h>), so crash reports name cell functions.
 * Returns 1 when [start, end) lies in a cell loaded now (one of those
 * tables covers it): a cell forgotten by a reset of the host's cells no
 * longer counts, even if the addresses are in use again.
 */
int ukrepl_cell_loaded(const void *start, const void *end);

/*
 * W^X in the cell arena: it is data (rw-, not executable) until the host,
 * having written a cell, makes the cell's code pages r-x. prot is
 * PAGE_ATTR_PROT_READ | PAGE_ATTR_PROT_EXEC (code) or PAGE_ATTR_PROT_RW
 * (data: a page reused after the host forgot its cells); [start, start +
 * len) whole pages of the arena below its scratch part. 0, -EINVAL, or
 * the paging API's error. Without CONFIG_ENFORCE_W_XOR_X everything stays
 * rwx and this does nothing. lib/ukreplhost/cell_protect.c.
 */
int ukrepl_cell_protect(const void *start, unsigned long len,
			unsigned long prot);

/*
 * ukrepl_cell_protect(start, len, prot), then, if it returned 0,
 * entry(a0, a1) (a cell's statement runner, or its main with argc, argv):
 * a new cell's first two host calls in one. status is the protection's
 * result, value the entry's (0 when it did not run).
 */
struct ukrepl_cell_ran {
	long status;
	long value;
};

struct ukrepl_cell_ran ukrepl_cell_run(const void *start, unsigned long len,
				       unsigned long prot,
				       long (*entry)(long, long),
				       long a0, long a1);

/* ---------------------------------------------------------------- CPUs */

#ifdef CONFIG_HAVE_SMP
/*
 * Secondary CPUs stay OFFLINE after boot, as in Unikraft 0.10, until a
 * program calls ukplat_lcpu_start(). For the host (%lcpu start) and for
 * tests that want idle CPUs: starts those of lcpuidx[0..num) (NULL: every
 * other CPU) that are OFFLINE with the default entry (idle, serving
 * ukplat_lcpu_run) on heap stacks of the boot stack's size, each with a
 * guard page, and waits until they are idle. 0 or a negative errno
 * (-EINVAL: no such CPU, -ENOMEM). plat/common/lcpu.c.
 */
int ukrepl_lcpu_start_idle(const __lcpuidx lcpuidx[], unsigned int num);
#endif

/* ---------------------------------------------------------------- cells */

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
 * does for the kernel's own: kind by kind in their order (init table, then
 * constructors, then the libraries' tables), and within a kind in the order
 * given (the host sorts by section name, which sorts init classes and
 * priorities). Returns 0, the first negative value a kind's function
 * returned, or -ENOENT if a section is of no known kind (then nothing ran).
 */
int ukrepl_cell_register(const struct ukrepl_cell_section *sections,
			 unsigned int count);

/* When each kind of registration section runs, lowest first. */
enum ukrepl_cell_order {
	UKREPL_CELL_ORDER_INIT = 10,	/* init-table entries */
	UKREPL_CELL_ORDER_CTORS = 20,	/* constructors */
	UKREPL_CELL_ORDER_TABLES = 30,	/* the libraries' tables */
};

/*
 * A kind of registration section: the section names it takes (a prefix),
 * the function that takes one such section's bytes [start, end) and returns
 * 0 or a negative errno, and when it runs (enum ukrepl_cell_order). A
 * library declares its kinds with UKREPL_CELL_SECTION_KIND(); they land in
 * the linker section ukrepl_cell_kinds, which link.lds keeps.
 */
struct ukrepl_cell_section_kind {
	const char *prefix;
	int (*run)(const void *start, const void *end);
	int order;
};

#define UKREPL_CELL_SECTION_KIND(_prefix, _run, _order)			\
	static const struct ukrepl_cell_section_kind __used		\
	__section("ukrepl_cell_kinds") __align(8)			\
	__ukrepl_cell_kind_##_run = {					\
		.prefix = _prefix,					\
		.run = _run,						\
		.order = _order,					\
	}

/* ---------------------------------------------------------------- abandon */

/*
 * The host calls this (on CPU 0) after it stopped a call with an interrupt
 * and put CPU 0's registers back: it releases the locks the call held,
 * unlinks its wait-queue entry, runs its cleanup records (temporary
 * eventpolls of poll/select) and marks a CPU 0 thread that was running then
 * as exited. Each of those is a step some library registered with
 * UKREPL_ABANDON_STEP(); this runs them in their order. Harmless when
 * nothing was pending.
 */
void ukrepl_call_abandoned(void);

/* When each step of ukrepl_call_abandoned runs, lowest first. */
enum ukrepl_abandon_order {
	UKREPL_ABANDON_LOCKS = 10,	/* let go of CPU 0's locks first */
	UKREPL_ABANDON_STATE = 20,	/* then undo what the call linked */
	UKREPL_ABANDON_CLEANUP = 30,	/* then run its cleanup records */
};

struct ukrepl_abandon_step {
	void (*fn)(void);
	int order;
};

#define UKREPL_ABANDON_STEP(_fn, _order)				\
	static const struct ukrepl_abandon_step __used			\
	__section("ukrepl_abandon_steps") __align(8)			\
	__ukrepl_abandon_##_fn = {					\
		.fn = _fn,						\
		.order = _order,					\
	}

/* ---------------------------------------------------------------- DWARF */

/*
 * Anchors for the host's contract test. DWARF carries no #define, and GCC
 * leaves out types that no emitted object uses, so each library whose
 * constants or record layouts the host mirrors defines one object with
 * UKREPL_CONTRACT(name, type): it exists only to put the type (an enum with
 * its enumerators, a struct with its members) into ukrepl.elf's debug
 * info, where the host's test compares them with its own copies. The object
 * is named ukrepl_contract_<name>. lib/ukreplhost's own is
 * ukrepl_contract_host (struct ukrepl_host_contract, contract.c).
 */
#define UKREPL_CONTRACT(_name, _type)					\
	const _type ukrepl_contract_##_name __used

#endif /* __UKREPL_HOST_H__ */
