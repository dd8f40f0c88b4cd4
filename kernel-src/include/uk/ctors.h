/* Constructors: functions run once before main and before a cell's
 * statements (Unikraft API uk/ctors.h). */
#ifndef __UK_CTORS_H__
#define __UK_CTORS_H__

#include <uk/essentials.h>
#include <uk/prio.h>

typedef void (*uk_ctor_func_t)(void);

/*
 * An entry is a pointer in an .init_array.<n> section, the place the
 * toolchain's own constructors use, so boot (and ukrepl_cell_register for
 * a cell) runs them with no table of their own; <n> orders them by `prio`
 * (a single digit, UK_PRIO_EARLIEST 0 .. UK_PRIO_LATEST 9), after the
 * compiler's reserved priorities.
 */
#define _UK_CTORTAB(fn, prio)						\
	static const uk_ctor_func_t __used				\
	__section(".init_array.0200" STRINGIFY(prio))			\
	UK_CONCAT(__uk_ctortab_, fn) = (fn)
#define UK_CTOR_PRIO(fn, prio)		_UK_CTORTAB(fn, prio)
#define UK_CTOR(fn)			UK_CTOR_PRIO(fn, UK_PRIO_LATEST)
/* The older spelling: level first. */
#define UK_CTOR_FUNC(lvl, ctorf)	UK_CTOR_PRIO(ctorf, lvl)

#define uk_ctortab_foreach(itr, ctortab_start, ctortab_end)		\
	for ((itr) = (ctortab_start); (itr) < (ctortab_end); (itr)++)

#endif /* __UK_CTORS_H__ */
