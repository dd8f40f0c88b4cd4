/*
 * System calls (Unikraft API uk/syscall.h): how a library defines one, and
 * how anybody calls one by number.
 *
 * A library writes
 *
 *	UK_SYSCALL_R_DEFINE(int, getpid)
 *	{
 *		return 1;
 *	}
 *
 * and gets, for a call named `name` with the number __NR_name (Linux's
 * number on the architecture built for, <uk/bits/syscall_nrs.h>):
 *
 *   uk_syscall_r_name(long...)	its body: a result or a negative errno
 *   uk_syscall_e_name(long...)	the same errno-style: -1 and errno set
 *   name(typed args...)		the libc function (unless the libc brings
 *				its own wrappers: UK_LIBC_SYSCALLS 0), which
 *				goes through the shim like a `syscall`
 *				instruction does, so it is counted too
 *   an entry {number, name, handler} in the linker section uk_syscalltab,
 *   which the shim turns into its dispatch table at boot; a notebook cell's
 *   section of that name is registered when the cell is loaded.
 *
 * UK_SYSCALL_DEFINE takes an errno-style body instead (-1 and errno);
 * the _LL variants define no libc function (the libc has its own, e.g. a
 * variadic open()). A new call needs its number first: `#define __NR_hello
 * 500` (Linux leaves 463-511 free on both architectures; the table has
 * UK_SYSCALL_COUNT). Calls x86_64 numbers and arm64 does not (open, stat,
 * pipe ...) have the functions but no table entry on arm64.
 *
 * uk_syscall_r(nr, ...) and friends dispatch by number: unknown numbers
 * give -ENOSYS. Every dispatch is counted per number with its last
 * arguments (struct uk_syscall_stat), for the host's %syscalls.
 */
#ifndef __UK_SYSCALL_H__
#define __UK_SYSCALL_H__

#include <stdarg.h>
#include <errno.h>
#include <uk/essentials.h>
#include <uk/bits/syscall_nrs.h>

/* The libc functions come from here, unless the libc brings its own (musl:
 * compile with -DUK_LIBC_SYSCALLS=0). */
#ifndef UK_LIBC_SYSCALLS
#define UK_LIBC_SYSCALLS 1
#endif

typedef long uk_syscall_arg_t;

/* Numbers 0 .. UK_SYSCALL_COUNT - 1 can have a handler. */
#define UK_SYSCALL_COUNT	512

long uk_syscall(long nr, ...);
long uk_vsyscall(long nr, va_list arg);
long uk_syscall6(long nr, long arg1, long arg2, long arg3, long arg4,
		 long arg5, long arg6);
long uk_syscall_r(long nr, ...);
long uk_vsyscall_r(long nr, va_list arg);
long uk_syscall6_r(long nr, long arg1, long arg2, long arg3, long arg4,
		   long arg5, long arg6);
/* The Linux name of nr ("read"), or NULL; _p never NULL. */
const char *uk_syscall_name(long nr);
const char *uk_syscall_name_p(long nr);
/* The handler registered for nr (called with six longs), or NULL. */
long (*uk_syscall_r_fn(long nr))(void);

/* -errno results (-4095 .. -1) as errno and -1, the libc convention. */
static inline long uk_syscall_errno(long ret)
{
	if (ret < 0 && ret > -4096) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

/* ------------------------------------------------ the table */

typedef long (*uk_syscall_handler_t)(long, long, long, long, long, long);

struct uk_syscall_entry {
	long nr;
	const char *name;
	uk_syscall_handler_t handler;
};

/* Registers the entries [start, end) (the kernel's at boot, a cell's when
 * loaded): a later entry for a number replaces an earlier one. 0, or
 * -EINVAL for a number outside the table (nothing registered then). */
int uk_syscall_register(const struct uk_syscall_entry *start,
			const struct uk_syscall_entry *end);

/* What the host reads: per number, dispatches and the last arguments;
 * slot UK_SYSCALL_COUNT counts the numbers beyond the table. */
struct uk_syscall_stat {
	unsigned long count;
	long nr;		/* the number (for the last slot: the last one) */
	long args[6];
	long ret;		/* result of the last call */
	long registered;	/* 1: has a handler */
};
extern struct uk_syscall_stat uk_syscall_stats[UK_SYSCALL_COUNT + 1];
/* Zeroes the counts, arguments and results (the host's reset button). */
void uk_syscall_stats_reset(void);
/* The name of each number (NULL: none), for the host to read at once. */
extern const char *const uk_syscall_names[UK_SYSCALL_COUNT];
/* The number each CPU is serving now, -1 if none (crash reports). */
long uk_syscall_current(unsigned int cpu);
/* The registers of the system-call instruction (`syscall`, `svc #0`) the
 * running thread is in, or NULL when it called through C (clone resumes a
 * copy). */
struct __regs;
struct __regs *uk_syscall_frame(void);

/* ------------------------------------------------ after each call */

/*
 * Work a library wants done when a call through the shim returns to its
 * caller (uksignal runs handlers of pending signals there), and the test
 * whether such work is waiting (sleeping calls end early with -EINTR then).
 * Registered with UK_SYSCALL_RETURN_HOOK in section uk_syscall_hooks.
 */
struct uk_syscall_hook {
	int (*pending)(void);	/* 1: the running thread has work waiting */
	void (*run)(void);	/* does it */
};
#define UK_SYSCALL_RETURN_HOOK(_pending, _run)				\
	static const struct uk_syscall_hook __used			\
	__section("uk_syscall_hooks") __align(8)			\
	__uk_syscall_hook_##_run = { .pending = _pending, .run = _run }
/* Whether a hook has work for the running thread (nanosleep, pause ...). */
int uk_syscall_interrupted(void);
/* Runs the hooks' work now (the shim does it after every call). */
void uk_syscall_return_work(void);

/* ------------------------------------------------ argument maps */

/* m(type, arg) for each pair, separated by commas (MAP) or nothing (EMAP) */
#define UK_ARG_MAP0(...)
#define UK_ARG_MAP1(m, type, arg) m(type, arg)
#define UK_ARG_MAP2(m, type, arg, ...) m(type, arg), UK_ARG_MAP1(m, __VA_ARGS__)
#define UK_ARG_MAP3(m, type, arg, ...) m(type, arg), UK_ARG_MAP2(m, __VA_ARGS__)
#define UK_ARG_MAP4(m, type, arg, ...) m(type, arg), UK_ARG_MAP3(m, __VA_ARGS__)
#define UK_ARG_MAP5(m, type, arg, ...) m(type, arg), UK_ARG_MAP4(m, __VA_ARGS__)
#define UK_ARG_MAP6(m, type, arg, ...) m(type, arg), UK_ARG_MAP5(m, __VA_ARGS__)
#define UK_ARG_MAP7(m, type, arg, ...) m(type, arg), UK_ARG_MAP6(m, __VA_ARGS__)
#define UK_ARG_MAPx(nr_args, ...) UK_CONCAT(UK_ARG_MAP, nr_args)(__VA_ARGS__)

#define UK_ARG_EMAP0(...)
#define UK_ARG_EMAP1(m, type, arg) m(type, arg)
#define UK_ARG_EMAP2(m, type, arg, ...) m(type, arg) UK_ARG_EMAP1(m, __VA_ARGS__)
#define UK_ARG_EMAP3(m, type, arg, ...) m(type, arg) UK_ARG_EMAP2(m, __VA_ARGS__)
#define UK_ARG_EMAP4(m, type, arg, ...) m(type, arg) UK_ARG_EMAP3(m, __VA_ARGS__)
#define UK_ARG_EMAP5(m, type, arg, ...) m(type, arg) UK_ARG_EMAP4(m, __VA_ARGS__)
#define UK_ARG_EMAP6(m, type, arg, ...) m(type, arg) UK_ARG_EMAP5(m, __VA_ARGS__)
#define UK_ARG_EMAP7(m, type, arg, ...) m(type, arg) UK_ARG_EMAP6(m, __VA_ARGS__)
#define UK_ARG_EMAPx(nr_args, ...) UK_CONCAT(UK_ARG_EMAP, nr_args)(__VA_ARGS__)

/* what each pair becomes: a long or typed parameter, a cast argument */
#define UK_S_ARG_LONG(type, arg) long arg
#define UK_S_ARG_ACTUAL(type, arg) type arg
#define UK_S_ARG_LONG_MAYBE_UNUSED(type, arg) long arg __maybe_unused
#define UK_S_ARG_ACTUAL_MAYBE_UNUSED(type, arg) type arg __maybe_unused
#define UK_S_ARG_CAST_LONG(type, arg) (long)(arg)
#define UK_S_ARG_CAST_ACTUAL(type, arg) (type)(arg)

/* a format for printing the arguments: " %ld" or " 0x%lx" each */
#define UK_ARG_FMT_MAP0(...)
#define UK_ARG_FMT_MAP1(m, type, arg) m(type, arg)
#define UK_ARG_FMT_MAP2(m, type, arg, ...) m(type, arg) UK_ARG_FMT_MAP1(m, __VA_ARGS__)
#define UK_ARG_FMT_MAP3(m, type, arg, ...) m(type, arg) UK_ARG_FMT_MAP2(m, __VA_ARGS__)
#define UK_ARG_FMT_MAP4(m, type, arg, ...) m(type, arg) UK_ARG_FMT_MAP3(m, __VA_ARGS__)
#define UK_ARG_FMT_MAP5(m, type, arg, ...) m(type, arg) UK_ARG_FMT_MAP4(m, __VA_ARGS__)
#define UK_ARG_FMT_MAP6(m, type, arg, ...) m(type, arg) UK_ARG_FMT_MAP5(m, __VA_ARGS__)
#define UK_ARG_FMT_MAP7(m, type, arg, ...) m(type, arg) UK_ARG_FMT_MAP6(m, __VA_ARGS__)
#define UK_ARG_FMT_MAPx(nr_args, ...) UK_CONCAT(UK_ARG_FMT_MAP, nr_args)(__VA_ARGS__)
#define UK_S_ARG_FMT_LONG(type, arg) " %ld"
#define UK_S_ARG_FMT_LONGX(type, arg) " 0x%lx"

/* ------------------------------------------------ defining calls */

/* The number of (type, arg) pairs, 0 to 6. */
#define __UK_SYSCALL_NARGS_X(a, b, c, d, e, f, g, h, i, j, k, l, m, n, N, ...) N
#define __UK_SYSCALL_NARGS(...)						\
	__UK_SYSCALL_NARGS_X(, ##__VA_ARGS__, X, 6, X, 5, X, 4, X, 3, X, 2, \
			     X, 1, X, 0)

/* a parameter list: `void` when there are none */
#define __UK_SYSCALL_PARAMS0(m) void
#define __UK_SYSCALL_PARAMS1 UK_ARG_MAP1
#define __UK_SYSCALL_PARAMS2 UK_ARG_MAP2
#define __UK_SYSCALL_PARAMS3 UK_ARG_MAP3
#define __UK_SYSCALL_PARAMS4 UK_ARG_MAP4
#define __UK_SYSCALL_PARAMS5 UK_ARG_MAP5
#define __UK_SYSCALL_PARAMS6 UK_ARG_MAP6
#define __UK_SYSCALL_PARAMS(n, m, ...)					\
	UK_CONCAT(__UK_SYSCALL_PARAMS, n)(m, ##__VA_ARGS__)

/* the first n of six longs a1..a6, and zeros for the rest of six */
#define __UK_SYSCALL_FIRST0
#define __UK_SYSCALL_FIRST1 a1
#define __UK_SYSCALL_FIRST2 a1, a2
#define __UK_SYSCALL_FIRST3 a1, a2, a3
#define __UK_SYSCALL_FIRST4 a1, a2, a3, a4
#define __UK_SYSCALL_FIRST5 a1, a2, a3, a4, a5
#define __UK_SYSCALL_FIRST6 a1, a2, a3, a4, a5, a6
#define __UK_SYSCALL_ZEROS0 , 0, 0, 0, 0, 0, 0
#define __UK_SYSCALL_ZEROS1 , 0, 0, 0, 0, 0
#define __UK_SYSCALL_ZEROS2 , 0, 0, 0, 0
#define __UK_SYSCALL_ZEROS3 , 0, 0, 0
#define __UK_SYSCALL_ZEROS4 , 0, 0
#define __UK_SYSCALL_ZEROS5 , 0
#define __UK_SYSCALL_ZEROS6
#define __UK_S_ARG_NAME(type, arg) arg
#define __UK_S_ARG_COMMA_LONG(type, arg) , (long)(arg)

#define UK_SYSCALL_E_PROTO(args_nr, syscall_name)			\
	long uk_syscall_e_##syscall_name(				\
		__UK_SYSCALL_PROTO_LONGS##args_nr)
#define UK_SYSCALL_R_PROTO(args_nr, syscall_name)			\
	long uk_syscall_r_##syscall_name(				\
		__UK_SYSCALL_PROTO_LONGS##args_nr)
#define __UK_SYSCALL_PROTO_LONGS0 void
#define __UK_SYSCALL_PROTO_LONGS1 long
#define __UK_SYSCALL_PROTO_LONGS2 long, long
#define __UK_SYSCALL_PROTO_LONGS3 long, long, long
#define __UK_SYSCALL_PROTO_LONGS4 long, long, long, long
#define __UK_SYSCALL_PROTO_LONGS5 long, long, long, long, long
#define __UK_SYSCALL_PROTO_LONGS6 long, long, long, long, long, long

/* The dispatch-table entry: a handler of six longs, and {nr, name, it}. */
#define __UK_SYSCALL_ENTRY(n, name)					\
	static long __uk_syscall6_##name(				\
		long a1 __maybe_unused, long a2 __maybe_unused,		\
		long a3 __maybe_unused, long a4 __maybe_unused,		\
		long a5 __maybe_unused, long a6 __maybe_unused)		\
	{								\
		return uk_syscall_r_##name(__UK_SYSCALL_FIRST##n);	\
	}								\
	static const struct uk_syscall_entry __used			\
	__section("uk_syscalltab") __align(8)				\
	__uk_syscall_entry_##name = {					\
		__NR_##name, #name, __uk_syscall6_##name		\
	}

/* The libc function of a call this architecture does not number
 * (UK_SYSCALL_NR_NONE, bits/syscall_nrs.h) runs its body directly: the
 * work the shim does after each call follows it here. */
static inline long __uk_syscall_unnumbered(long ret)
{
	uk_syscall_return_work();
	return ret;
}

/* The libc function: through the shim (or straight to the body when the
 * call has no number here), errno-style. */
#if UK_LIBC_SYSCALLS
#define __UK_SYSCALL_LIBC(n, rtype, name, ...)				\
	UK_SYSCALL_R_PROTO(n, name);					\
	rtype name(__UK_SYSCALL_PARAMS(n, UK_S_ARG_ACTUAL, ##__VA_ARGS__)) \
	{								\
		return (rtype)uk_syscall_errno(				\
			__NR_##name == UK_SYSCALL_NR_NONE ?		\
			__uk_syscall_unnumbered(uk_syscall_r_##name(	\
				UK_ARG_MAPx(n, UK_S_ARG_CAST_LONG,	\
					    ##__VA_ARGS__))) :		\
			uk_syscall6_r(__NR_##name			\
				UK_ARG_EMAPx(n, __UK_S_ARG_COMMA_LONG,	\
					     ##__VA_ARGS__)		\
				__UK_SYSCALL_ZEROS##n));		\
	}
#else
#define __UK_SYSCALL_LIBC(n, rtype, name, ...)
#endif

/* -1 and errno as a result or -errno */
static inline long __uk_syscall_errno_to_r(long ret)
{
	return ret == -1 ? -errno : ret;
}

/*
 * The two functions of a call, of long arguments: uk_syscall_<body>_name is
 * the body, called with its own types (r: returns a result or -errno, e:
 * -1 with errno set), uk_syscall_<other>_name the same through `convert`;
 * then the table entry, and the head of the body's definition, which the
 * user's braces complete.
 */
#define __UK_SYSCALL_FNS(n, rtype, name, body, other, convert, ...)	\
	static inline rtype __uk_syscall_body_##name(			\
		__UK_SYSCALL_PARAMS(n, UK_S_ARG_ACTUAL_MAYBE_UNUSED,	\
				    ##__VA_ARGS__));			\
	long uk_syscall_##body##_##name(				\
		__UK_SYSCALL_PARAMS(n, UK_S_ARG_LONG_MAYBE_UNUSED,	\
				    ##__VA_ARGS__))			\
	{								\
		return (long)__uk_syscall_body_##name(			\
			UK_ARG_MAPx(n, UK_S_ARG_CAST_ACTUAL, ##__VA_ARGS__)); \
	}								\
	long uk_syscall_##other##_##name(				\
		__UK_SYSCALL_PARAMS(n, UK_S_ARG_LONG_MAYBE_UNUSED,	\
				    ##__VA_ARGS__))			\
	{								\
		return convert(uk_syscall_##body##_##name(		\
			UK_ARG_MAPx(n, __UK_S_ARG_NAME, ##__VA_ARGS__))); \
	}								\
	__UK_SYSCALL_ENTRY(n, name);					\
	static inline rtype __uk_syscall_body_##name(			\
		__UK_SYSCALL_PARAMS(n, UK_S_ARG_ACTUAL_MAYBE_UNUSED,	\
				    ##__VA_ARGS__))

/* body returns a result or -errno */
#define _UK_LLSYSCALL_R_DEFINE(n, rtype, name, ...)			\
	__UK_SYSCALL_FNS(n, rtype, name, r, e, uk_syscall_errno,	\
			 ##__VA_ARGS__)
/* body returns -1 with errno set on failure */
#define _UK_LLSYSCALL_DEFINE(n, rtype, name, ...)			\
	__UK_SYSCALL_FNS(n, rtype, name, e, r, __uk_syscall_errno_to_r,	\
			 ##__VA_ARGS__)

#define _UK_SYSCALL_R_DEFINE(n, rtype, name, ...)			\
	__UK_SYSCALL_LIBC(n, rtype, name, ##__VA_ARGS__)		\
	_UK_LLSYSCALL_R_DEFINE(n, rtype, name, ##__VA_ARGS__)
#define _UK_SYSCALL_DEFINE(n, rtype, name, ...)				\
	__UK_SYSCALL_LIBC(n, rtype, name, ##__VA_ARGS__)		\
	_UK_LLSYSCALL_DEFINE(n, rtype, name, ##__VA_ARGS__)

#define UK_LLSYSCALL_R_DEFINE(rtype, name, ...)				\
	_UK_LLSYSCALL_R_DEFINE(__UK_SYSCALL_NARGS(__VA_ARGS__), rtype, name, \
			       ##__VA_ARGS__)
#define UK_LLSYSCALL_DEFINE(rtype, name, ...)				\
	_UK_LLSYSCALL_DEFINE(__UK_SYSCALL_NARGS(__VA_ARGS__), rtype, name, \
			     ##__VA_ARGS__)
#define UK_SYSCALL_R_DEFINE(rtype, name, ...)				\
	_UK_SYSCALL_R_DEFINE(__UK_SYSCALL_NARGS(__VA_ARGS__), rtype, name, \
			     ##__VA_ARGS__)
#define UK_SYSCALL_DEFINE(rtype, name, ...)				\
	_UK_SYSCALL_DEFINE(__UK_SYSCALL_NARGS(__VA_ARGS__), rtype, name, \
			   ##__VA_ARGS__)

/* Calls a library's call directly, without the shim (not counted). */
#define uk_syscall_static(syscall_name, ...)				\
	uk_syscall_e_##syscall_name(__VA_ARGS__)
#define uk_syscall_r_static(syscall_name, ...)				\
	uk_syscall_r_##syscall_name(__VA_ARGS__)
/* A call that exists by name but has no implementation: -ENOSYS. */
#define uk_syscall_r_stub(syscall_name)					\
	long uk_syscall_r_##syscall_name(void) { return -ENOSYS; }
#define uk_syscall_e_stub(syscall_name)					\
	long uk_syscall_e_##syscall_name(void)				\
	{								\
		return uk_syscall_errno(-ENOSYS);			\
	}

#endif /* __UK_SYSCALL_H__ */
