/* The host's copy of this kernel's contract is checked against the kernel's
 * debug info. This object anchors the types of the contract that belong to
 * no other library's anchor (see UKREPL_CONTRACT in <ukrepl/host.h>): being
 * emitted, it makes GCC describe each of them in DWARF. */
#include <uk/ksyms.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/common/lcpu.h>
#include <ukrepl/host.h>

struct ukrepl_host_contract {
	enum ukrepl_arena_layout arena;		/* the host's scratch size */
	enum ukrepl_cell_order cell_order;
	enum ukrepl_abandon_order abandon_order;
	enum lcpu_state lcpu_state;		/* lcpus[i].state */
	struct ukrepl_cell_section cell_section;
	struct ukrepl_cell_section_kind cell_section_kind;
	struct uk_ksym ksym;
	const struct uk_ksym_table *ksym_table;
	const struct ukplat_lcpu_func *lcpu_func; /* none without SMP */
	const struct ukrepl_crash *crash;
};

UKREPL_CONTRACT(host, struct ukrepl_host_contract) = {
	.arena = UKREPL_ARENA_SCRATCH_SIZE,
	.lcpu_state = LCPU_STATE_BUSY0,
	.crash = &ukrepl_crash_info,
};
