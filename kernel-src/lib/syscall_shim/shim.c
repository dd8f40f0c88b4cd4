/*
 * The dispatcher: a table of handlers by number, filled from the linker
 * section uk_syscalltab (the kernel's entries at boot, a cell's when the
 * host loads it), and the counts the host reads for %syscalls.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/syscall.h>
#include <uk/plat/lcpu.h>
#include <ukrepl/host.h>

/* An empty entry keeps the section (and its __start/__stop) in being. */
static const struct uk_syscall_entry __used
	__section("uk_syscalltab") __align(8) no_syscall[0];
extern const struct uk_syscall_entry __start_uk_syscalltab[];
extern const struct uk_syscall_entry __stop_uk_syscalltab[];
extern const struct uk_syscall_hook __start_uk_syscall_hooks[];
extern const struct uk_syscall_hook __stop_uk_syscall_hooks[];
static const struct uk_syscall_hook __used
	__section("uk_syscall_hooks") __align(8) no_hook[0];

static uk_syscall_handler_t syscall_handlers[UK_SYSCALL_COUNT];
/* What boot registered: it serves again once a cell that replaced it is
 * forgotten by the host. */
static uk_syscall_handler_t syscall_boot_handlers[UK_SYSCALL_COUNT];
static int syscalls_booted;

struct uk_syscall_stat uk_syscall_stats[UK_SYSCALL_COUNT + 1];
/* per CPU: the number being served, -1 when none */
static long syscall_in_progress[CONFIG_UKPLAT_LCPU_MAXCOUNT] = {
	[0 ... CONFIG_UKPLAT_LCPU_MAXCOUNT - 1] = -1
};

int uk_syscall_register(const struct uk_syscall_entry *start,
			const struct uk_syscall_entry *end)
{
	const struct uk_syscall_entry *e;

	for (e = start; e < end; e++) {
		if (e->nr == UK_SYSCALL_NR_NONE)
			continue;	/* no number on this architecture */
		if (e->nr < 0 || e->nr >= UK_SYSCALL_COUNT) {
			uk_pr_err("syscall %s: number %ld is outside 0..%d\n",
				  e->name, e->nr, UK_SYSCALL_COUNT - 1);
			return -EINVAL;
		}
	}
	for (e = start; e < end; e++) {
		if (e->nr == UK_SYSCALL_NR_NONE)
			continue;
		syscall_handlers[e->nr] = e->handler;
		if (!syscalls_booted)
			syscall_boot_handlers[e->nr] = e->handler;
		uk_syscall_stats[e->nr].registered = 1;
	}
	return 0;
}

static int syscalls_init(void)
{
	long nr;

	for (nr = 0; nr <= UK_SYSCALL_COUNT; nr++)
		uk_syscall_stats[nr].nr = nr;
	uk_syscall_register(__start_uk_syscalltab, __stop_uk_syscalltab);
	syscalls_booted = 1;
	return 0;
}
/* first of all: a libc's start-up (lib/musl) makes system calls */
uk_early_initcall_prio(syscalls_init, 0);

/* UK_SYSCALL_R_DEFINE in a notebook cell: usable as soon as it is loaded. */
static int cell_syscalls(const void *start, const void *end)
{
	return uk_syscall_register(start, end);
}
UKREPL_CELL_SECTION_KIND("uk_syscalltab", cell_syscalls,
			 UKREPL_CELL_ORDER_TABLES);

/* The handler for nr now: a cell's only while the host still has it. */
static uk_syscall_handler_t handler_of(long nr)
{
	uk_syscall_handler_t h;

	if (nr < 0 || nr >= UK_SYSCALL_COUNT)
		return NULL;
	h = syscall_handlers[nr];
	if (h && (__u8 *)h >= ukrepl_cell_arena_start &&
	    (__u8 *)h < ukrepl_cell_arena_end &&
	    !ukrepl_cell_loaded((void *)h, (void *)h + 1)) {
		h = syscall_handlers[nr] = syscall_boot_handlers[nr];
		uk_syscall_stats[nr].registered = h != NULL;
	}
	return h;
}

long (*uk_syscall_r_fn(long nr))(void)
{
	/* through void (*)(void), the type C allows any function to pass */
	return (long (*)(void))(void (*)(void))handler_of(nr);
}

static struct uk_syscall_stat *count(long nr, const long args[6])
{
	struct uk_syscall_stat *s;
	int i;

	s = &uk_syscall_stats[nr >= 0 && nr < UK_SYSCALL_COUNT ?
			      nr : UK_SYSCALL_COUNT];
	__atomic_fetch_add(&s->count, 1, __ATOMIC_RELAXED);
	s->nr = nr;
	for (i = 0; i < 6; i++)
		s->args[i] = args[i];
	return s;
}

long uk_syscall_current(unsigned int cpu)
{
	return cpu < CONFIG_UKPLAT_LCPU_MAXCOUNT ? syscall_in_progress[cpu] : -1;
}

/* A crash inside a call names it, and the arguments it got. */
static void crash_note(unsigned int cpu)
{
	long nr = uk_syscall_current(cpu);
	const long *a;

	if (nr < 0)
		return;
	a = uk_syscall_stats[nr < UK_SYSCALL_COUNT ? nr : UK_SYSCALL_COUNT].args;
	printf("Syscall: %s (%ld), arguments 0x%lx 0x%lx 0x%lx 0x%lx 0x%lx "
	       "0x%lx\n", uk_syscall_name_p(nr), nr, a[0], a[1], a[2], a[3],
	       a[4], a[5]);
}
UKREPL_CRASH_NOTE(crash_note);

void uk_syscall_stats_reset(void)
{
	long nr;

	for (nr = 0; nr <= UK_SYSCALL_COUNT; nr++) {
		uk_syscall_stats[nr].count = 0;
		uk_syscall_stats[nr].ret = 0;
		memset(uk_syscall_stats[nr].args, 0,
		       sizeof(uk_syscall_stats[nr].args));
	}
	uk_syscall_stats[UK_SYSCALL_COUNT].nr = UK_SYSCALL_COUNT;
}

long uk_syscall6_r(long nr, long arg1, long arg2, long arg3, long arg4,
		   long arg5, long arg6)
{
	const long args[6] = { arg1, arg2, arg3, arg4, arg5, arg6 };
	uk_syscall_handler_t h = handler_of(nr);
	struct uk_syscall_stat *s = count(nr, args);
	unsigned int cpu = ukplat_lcpu_idx();
	long outer = syscall_in_progress[cpu], ret;

	syscall_in_progress[cpu] = nr;
	ret = h ? h(arg1, arg2, arg3, arg4, arg5, arg6) : -ENOSYS;
	/* a handler may switch threads, but not CPUs */
	syscall_in_progress[cpu] = outer;
	s->ret = ret;
	uk_syscall_return_work();
	return ret;
}

/* ------------------------------------------------ after each call */

int uk_syscall_interrupted(void)
{
	const struct uk_syscall_hook *h;

	for (h = __start_uk_syscall_hooks; h < __stop_uk_syscall_hooks; h++)
		if (h->pending())
			return 1;
	return 0;
}

void uk_syscall_return_work(void)
{
	const struct uk_syscall_hook *h;

	for (h = __start_uk_syscall_hooks; h < __stop_uk_syscall_hooks; h++)
		if (h->pending())
			h->run();
}

/* ------------------------------------------------ the other spellings */

long uk_vsyscall_r(long nr, va_list arg)
{
	long a[6];
	int i;

	/* always six, in order: the caller's unused ones are don't-cares */
	for (i = 0; i < 6; i++)
		a[i] = va_arg(arg, long);
	return uk_syscall6_r(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

long uk_syscall_r(long nr, ...)
{
	va_list ap;
	long ret;

	va_start(ap, nr);
	ret = uk_vsyscall_r(nr, ap);
	va_end(ap);
	return ret;
}

long uk_syscall6(long nr, long arg1, long arg2, long arg3, long arg4,
		 long arg5, long arg6)
{
	return uk_syscall_errno(uk_syscall6_r(nr, arg1, arg2, arg3, arg4,
					      arg5, arg6));
}

long uk_vsyscall(long nr, va_list arg)
{
	return uk_syscall_errno(uk_vsyscall_r(nr, arg));
}

long uk_syscall(long nr, ...)
{
	va_list ap;
	long ret;

	va_start(ap, nr);
	ret = uk_vsyscall(nr, ap);
	va_end(ap);
	return ret;
}

#if UK_LIBC_SYSCALLS
/* The libc's way to make any call by number (<unistd.h>): uk_syscall. */
long syscall(long number, ...) __attribute__((alias("uk_syscall")));
#endif
