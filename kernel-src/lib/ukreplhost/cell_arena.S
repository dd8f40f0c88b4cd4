/* The cell arena: page-aligned memory that the ukrepl host fills with code
 * and data compiled from notebook cells (see <ukrepl/host.h>). */
#include <uk/config.h>
#include <uk/arch/limits.h>

/*
 * Part of the image (after .bss, see link.lds), so the heap never hands it
 * out. The bounds are object symbols: the host looks them up in the ELF
 * symbol table.
 *
 * The arena is only a range of addresses past an empty section, not a section
 * of its own: GDB attributes an address to the section that contains it, and
 * would then look for the symbols and line numbers of cell code in this file
 * instead of in the cell's own symbol file.
 */
#define ARENA_KIB	CONFIG_UKREPL_CELL_ARENA_SIZE
#define ARENA_PAGES	((ARENA_KIB * 1024 + __PAGE_SIZE - 1) / __PAGE_SIZE)
#define ARENA_BYTES	(ARENA_PAGES * __PAGE_SIZE)

	.section .cell_arena, "aw", @nobits
	.balign __PAGE_SIZE

	.globl ukrepl_cell_arena_start
	.type ukrepl_cell_arena_start, @object
	.size ukrepl_cell_arena_start, ARENA_BYTES
ukrepl_cell_arena_start:

	/* link.lds moves the end of the image here */
	.globl ukrepl_cell_arena_end
	.type ukrepl_cell_arena_end, @object
	.set ukrepl_cell_arena_end, ukrepl_cell_arena_start + ARENA_BYTES
	.size ukrepl_cell_arena_end, 0
