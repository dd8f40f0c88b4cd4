/* Compiler attributes and small helper macros, under Unikraft's names.
 * GCC manual §6.33-6.35 (attributes); C11 §6.7.10 (static assertions). */
#ifndef __UK_ESSENTIALS_H__
#define __UK_ESSENTIALS_H__

#include <uk/config.h>
#include <uk/arch/types.h>
#include <uk/arch/limits.h>

#define __STRINGIFY(x)		#x
#define STRINGIFY(x)		__STRINGIFY(x)
#define __UK_CONCAT(a, b)	a##b
#define UK_CONCAT(a, b)		__UK_CONCAT(a, b)

#ifndef __ASSEMBLY__

#include <stddef.h>	/* NULL, size_t: GCC's freestanding header */

#define __packed		__attribute__((packed))
#define __noreturn		__attribute__((noreturn))
#define __weak			__attribute__((weak))
#define __used			__attribute__((used))
#define __unused		__attribute__((unused))
#define __maybe_unused		__attribute__((unused))
#define __section(s)		__attribute__((section(s)))
#define __nonnull		__attribute__((nonnull))
#define __printf(f, a)		__attribute__((format(printf, f, a)))
#define __scanf(f, a)		__attribute__((format(scanf, f, a)))
#define __align(n)		__attribute__((aligned(n)))
#define __unalign		__attribute__((aligned(1)))
#define __noinline		__attribute__((noinline))
#define __alias(old, new)	\
	extern __typeof__(old) new __attribute__((alias(#old)))
#define __weak_alias(old, new)	\
	extern __typeof__(old) new __attribute__((weak, alias(#old)))
#define __constructor		__attribute__((constructor))
#define __constructor_prio(l)	__attribute__((constructor(l)))

#define __align4		__align(4)
#define __align8		__align(8)
#define __align16		__align(16)
#define __align32		__align(32)
#define __align64		__align(64)
#define __align4k		__align(4096)

/* Branch hints (Unikraft keeps these in uk/arch/lcpu.h, which includes us). */
#ifndef likely
#define likely(x)		__builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x)		__builtin_expect(!!(x), 0)
#endif
/* The compiler may not cache memory across this, nor delete a loop with it */
#define barrier()		__asm__ __volatile__("" ::: "memory")

/* The typeof dance evaluates each argument exactly once. */
#define MIN(a, b)							\
	({								\
		__typeof__(a) __min_a = (a);				\
		__typeof__(b) __min_b = (b);				\
		__min_a < __min_b ? __min_a : __min_b;			\
	})
#define MAX(a, b)							\
	({								\
		__typeof__(a) __max_a = (a);				\
		__typeof__(b) __max_b = (b);				\
		__max_a > __max_b ? __max_a : __max_b;			\
	})
#define MIN3(a, b, c)		MIN(MIN(a, b), c)
#define MIN4(a, b, c, d)	MIN(MIN(a, b), MIN(c, d))
#define MAX3(a, b, c)		MAX(MAX(a, b), c)
#define MAX4(a, b, c, d)	MAX(MAX(a, b), MAX(c, d))

#define ARRAY_SIZE(x)		(sizeof(x) / sizeof((x)[0]))

#define POWER_OF_2(v)		((v) != 0 && (((v) & ((v) - 1)) == 0))
#define DIV_ROUND_UP(v, d)	(((v) + (d) - 1) / (d))
/* `a` must be a power of two in the next three */
#define ALIGN_UP(v, a)		(((v) + (a) - 1) & ~((__typeof__(v))(a) - 1))
#define ALIGN_DOWN(v, a)	((v) & ~((__typeof__(v))(a) - 1))
#define IS_ALIGNED(v, a)	(((v) & ((__typeof__(v))(a) - 1)) == 0)

#define IN_RANGE(val, base, len)					\
	(((val) >= (base)) && ((val) - (base) < (len)))
#define RANGE_ISEQUAL(b0, l0, b1, l1)	(((b0) == (b1)) && ((l0) == (l1)))
#define RANGE_CONTAIN(rbase, rlen, base, len)				\
	(((base) >= (rbase)) && ((base) + (len) <= (rbase) + (rlen)))
#define RANGE_OVERLAP(b0, l0, b1, l1)					\
	(((b0) < (b1) + (l1)) && ((b1) < (b0) + (l0)))

/* Casting away const or volatile on purpose, so it is greppable. */
#define DECONST(t, a)		((t)(__uptr)(const void *)(a))
#define DEQUALIFY(t, a)		((t)(__uptr)(const volatile void *)(a))

#define __offsetof(t, f)	__builtin_offsetof(t, f)
#define __containerof(ptr, type, member)				\
	((type *)((__uptr)(ptr) - __offsetof(type, member)))
#define __contains(type, member, ptr)	__containerof(ptr, type, member)

#define __return_addr(l)	__builtin_return_address(l)
#define __frame_addr(l)		__builtin_frame_address(l)

#define UK_CTASSERT(x)		_Static_assert(x, #x)
#define _UK_CTASSERT(x, y)	_Static_assert(x, y)

/* Number of arguments (up to 10) of a variadic macro. */
#define __UK_NARGS(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, n, ...) n
#define UK_NARGS(...)							\
	__UK_NARGS(, ##__VA_ARGS__, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)

#endif /* !__ASSEMBLY__ */
#endif /* __UK_ESSENTIALS_H__ */
