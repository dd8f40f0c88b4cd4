/* The registration sections boot itself runs for the kernel: init-table
 * entries first, then constructors. A cell's are run the same way, as kinds
 * of ukrepl_cell_register (cell.c). */
#include <uk/essentials.h>
#include <uk/init.h>
#include <ukrepl/host.h>

typedef void (*ctor_func_t)(void);

/* Init functions stop at the first failure, like boot (which crashes). */
static int run_init_functions(const void *start, const void *end)
{
	const uk_init_func_t *fn;
	int rc;

	uk_inittab_foreach(fn, (const uk_init_func_t *)start,
			   (const uk_init_func_t *)end) {
		rc = (*fn)();
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int run_constructors(const void *start, const void *end)
{
	const ctor_func_t *fn;

	for (fn = start; fn < (const ctor_func_t *)end; fn++)
		(*fn)();
	return 0;
}

UKREPL_CELL_SECTION_KIND(".uk_inittab", run_init_functions,
			 UKREPL_CELL_ORDER_INIT);
UKREPL_CELL_SECTION_KIND(".init_array", run_constructors,
			 UKREPL_CELL_ORDER_CTORS);
