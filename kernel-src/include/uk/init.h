/* The init table: functions libraries register to run at boot, by class
 * and priority (Unikraft API uk/init.h). */

/*
 * Each entry is a pointer in a section .uk_inittab<class><prio>; the linker
 * script sorts those sections by name between uk_inittab_start and
 * uk_inittab_end, and boot runs them in that order.
 */
#ifndef __UK_INIT_H__
#define __UK_INIT_H__
#define _UK_INIT_H	/* 0.10's guard name */

#include <uk/essentials.h>
#include <uk/prio.h>

typedef int (*uk_init_func_t)(void);

#define UK_INIT_CLASS_EARLY	1
#define UK_INIT_CLASS_PLAT	2
#define UK_INIT_CLASS_LIB	3
#define UK_INIT_CLASS_ROOTFS	4
#define UK_INIT_CLASS_SYS	5
#define UK_INIT_CLASS_LATE	6

/* Class and priority must expand to single digits: they become part of the
 * section name, which is how the entries get sorted. */
#define _UK_INITTAB(fn, base, prio)					\
	static const uk_init_func_t __used				\
	__section(".uk_inittab" STRINGIFY(base) STRINGIFY(prio))	\
	UK_CONCAT(__uk_inittab_, fn) = (fn)
#define uk_initcall_class_prio(fn, class, prio)				\
	_UK_INITTAB(fn, class, prio)

#define uk_early_initcall_prio(fn, prio)				\
	uk_initcall_class_prio(fn, UK_INIT_CLASS_EARLY, prio)
#define uk_plat_initcall_prio(fn, prio)					\
	uk_initcall_class_prio(fn, UK_INIT_CLASS_PLAT, prio)
#define uk_lib_initcall_prio(fn, prio)					\
	uk_initcall_class_prio(fn, UK_INIT_CLASS_LIB, prio)
#define uk_rootfs_initcall_prio(fn, prio)				\
	uk_initcall_class_prio(fn, UK_INIT_CLASS_ROOTFS, prio)
#define uk_sys_initcall_prio(fn, prio)					\
	uk_initcall_class_prio(fn, UK_INIT_CLASS_SYS, prio)
#define uk_late_initcall_prio(fn, prio)					\
	uk_initcall_class_prio(fn, UK_INIT_CLASS_LATE, prio)

#define uk_early_initcall(fn)	uk_early_initcall_prio(fn, UK_PRIO_LATEST)
#define uk_plat_initcall(fn)	uk_plat_initcall_prio(fn, UK_PRIO_LATEST)
#define uk_lib_initcall(fn)	uk_lib_initcall_prio(fn, UK_PRIO_LATEST)
#define uk_rootfs_initcall(fn)	uk_rootfs_initcall_prio(fn, UK_PRIO_LATEST)
#define uk_sys_initcall(fn)	uk_sys_initcall_prio(fn, UK_PRIO_LATEST)
#define uk_late_initcall(fn)	uk_late_initcall_prio(fn, UK_PRIO_LATEST)

extern const uk_init_func_t uk_inittab_start[];
extern const uk_init_func_t uk_inittab_end[];

#define uk_inittab_foreach(itr, start, end)				\
	for ((itr) = (start); (itr) < (end); (itr)++)

#endif /* __UK_INIT_H__ */
