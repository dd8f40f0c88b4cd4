/* Static Linux programs in an address space of their own, for the host's
 * %exec: it reads the ELF file, and places segments and the start-up stack
 * through these calls. */
#ifndef __UK_EXEC_H__
#define __UK_EXEC_H__

#include <uk/list.h>
#include <uk/plat/paging.h>

struct ukexec_program {
	struct uk_pagetable pt;		/* a clone of the kernel's tables */
	struct uk_list_head blocks;	/* the memory ukexec_map() mapped */
	unsigned long entry, sp;	/* where it starts */
};

/* A new, empty program (its tables cloned from the running ones), or NULL
 * (out of memory). */
struct ukexec_program *ukexec_new(void);
/*
 * Maps [vaddr, vaddr + len) (page-aligned) into the program's address
 * space with PROT_* rights, on fresh zeroed memory that is contiguous in
 * the kernel's direct map. Returns the kernel's address of the first
 * page, where the host writes what the pages hold; NULL if the range is
 * not page-aligned, hits the kernel (only the cell arena, unused while the
 * program runs, may be covered) or memory ran out.
 */
void *ukexec_map(struct ukexec_program *p, unsigned long vaddr,
		 unsigned long len, int prot);
/*
 * Runs the program from `entry` with the stack pointer `sp` (argc, argv,
 * envp, auxv there, as the System V ABI's process start) on a thread of
 * the calling CPU, which runs on the program's tables until the program
 * ends: waits for that and returns the exit status (0-255), or a negative
 * errno if it could not start. Then frees the program.
 */
int ukexec_run(struct ukexec_program *p, unsigned long entry,
	       unsigned long sp);
/* Frees a program that was never run. */
void ukexec_free(struct ukexec_program *p);

#endif /* __UK_EXEC_H__ */
