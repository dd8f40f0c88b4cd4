/* Assertions and deliberate crashes. A failure becomes a crash report on the
 * console (and in ukrepl_crash_info); the CPU then parks for the host. */
#ifndef __UK_ASSERT_H__
#define __UK_ASSERT_H__

#include <uk/essentials.h>
#include <uk/print.h>

void __noreturn _uk_crash(const char *libname, const char *srcname,
			  unsigned int srcline, const char *fmt, ...)
	__printf(4, 5);

#define UK_CRASH(fmt, ...)						\
	_uk_crash(__STR_LIBNAME__, __STR_BASENAME__, __LINE__,		\
		  fmt, ##__VA_ARGS__)

#ifdef CONFIG_LIBUKDEBUG_ENABLE_ASSERT
#define UK_ASSERT_ENABLED	1	/* for code that says whether it checks */
#define UK_ASSERT(x)							\
	do {								\
		if (unlikely(!(x)))					\
			UK_CRASH("Assertion failure: %s", #x);		\
	} while (0)
#define UK_WARNIF(x)							\
	do {								\
		if (unlikely(x))					\
			uk_pr_warn("Condition warning: %s\n", #x);	\
	} while (0)
#else
#define UK_ASSERT_ENABLED	0
/* Not evaluated, but still compiled, so it cannot rot. */
#define UK_ASSERT(x)	do { if (0) (void)(x); } while (0)
#define UK_WARNIF(x)	do { if (0) (void)(x); } while (0)
#endif

#define UK_BUGON(x)	UK_ASSERT(!(x))
#define UK_BUG()	UK_CRASH("BUG")

#endif /* __UK_ASSERT_H__ */
