/* Kernel log messages by severity, filtered at compile time by the level
 * chosen in Kconfig (CONFIG_LIBUKDEBUG_PRINTK_*). Each line is prefixed with
 * its severity and the library that printed it. */
#ifndef __UK_PRINT_H__
#define __UK_PRINT_H__

#include <stdarg.h>
#include <uk/essentials.h>

#define KLVL_CRIT	0
#define KLVL_ERR	1
#define KLVL_WARN	2
#define KLVL_INFO	3

#if defined(CONFIG_LIBUKDEBUG_PRINTK_INFO)
#define KLVL_MAX	KLVL_INFO
#elif defined(CONFIG_LIBUKDEBUG_PRINTK_WARN)
#define KLVL_MAX	KLVL_WARN
#elif defined(CONFIG_LIBUKDEBUG_PRINTK_ERR)
#define KLVL_MAX	KLVL_ERR
#else
#define KLVL_MAX	KLVL_CRIT
#endif

/* The build defines these per file; code compiled elsewhere (notebook
 * cells) gets neutral names. */
#ifndef __STR_LIBNAME__
#define __STR_LIBNAME__		""
#endif
#ifndef __STR_BASENAME__
#define __STR_BASENAME__	__FILE__
#endif

void _uk_vprintk(int lvl, const char *libname, const char *srcname,
		 unsigned int srcline, const char *fmt, va_list ap);
void _uk_printk(int lvl, const char *libname, const char *srcname,
		unsigned int srcline, const char *fmt, ...) __printf(5, 6);
void _uk_vprintd(const char *libname, const char *srcname,
		 unsigned int srcline, const char *fmt, va_list ap);
void _uk_printd(const char *libname, const char *srcname,
		unsigned int srcline, const char *fmt, ...) __printf(4, 5);

/* Compiled out, but the format is still checked against the arguments. */
static inline void __printf(1, 2) __uk_print_nothing(const char *fmt, ...)
{
	(void)fmt;
}

static inline void __uk_vprint_nothing(const char *fmt, va_list ap)
{
	(void)fmt;
	(void)ap;
}

#ifdef CONFIG_LIBUKDEBUG_PRINTK
#define uk_vprintk(lvl, fmt, ap)					\
	do {								\
		if ((lvl) <= KLVL_MAX)					\
			_uk_vprintk(lvl, __STR_LIBNAME__,		\
				    __STR_BASENAME__, __LINE__, fmt, ap); \
	} while (0)
#define uk_printk(lvl, fmt, ...)					\
	do {								\
		if ((lvl) <= KLVL_MAX)					\
			_uk_printk(lvl, __STR_LIBNAME__,		\
				   __STR_BASENAME__, __LINE__,		\
				   fmt, ##__VA_ARGS__);			\
		else							\
			__uk_print_nothing(fmt, ##__VA_ARGS__);		\
	} while (0)
#else
#define uk_vprintk(lvl, fmt, ap)	__uk_vprint_nothing(fmt, ap)
#define uk_printk(lvl, fmt, ...)	__uk_print_nothing(fmt, ##__VA_ARGS__)
#endif

#if defined(UK_DEBUG) || defined(CONFIG_LIBUKDEBUG_PRINTD)
#define uk_vprintd(fmt, ap)						\
	_uk_vprintd(__STR_LIBNAME__, __STR_BASENAME__, __LINE__, fmt, ap)
#define uk_printd(fmt, ...)						\
	_uk_printd(__STR_LIBNAME__, __STR_BASENAME__, __LINE__,		\
		   fmt, ##__VA_ARGS__)
#else
#define uk_vprintd(fmt, ap)	__uk_vprint_nothing(fmt, ap)
#define uk_printd(fmt, ...)	__uk_print_nothing(fmt, ##__VA_ARGS__)
#endif

#define uk_pr_crit(fmt, ...)	uk_printk(KLVL_CRIT, fmt, ##__VA_ARGS__)
#define uk_pr_err(fmt, ...)	uk_printk(KLVL_ERR, fmt, ##__VA_ARGS__)
#define uk_pr_warn(fmt, ...)	uk_printk(KLVL_WARN, fmt, ##__VA_ARGS__)
#define uk_pr_info(fmt, ...)	uk_printk(KLVL_INFO, fmt, ##__VA_ARGS__)
#define uk_pr_debug(fmt, ...)	uk_printd(fmt, ##__VA_ARGS__)

/* Print only the first time this line is reached. */
#define __uk_once(stmt)							\
	do {								\
		static int __uk_done;					\
		if (!__uk_done) {					\
			__uk_done = 1;					\
			stmt;						\
		}							\
	} while (0)
#define uk_printk_once(lvl, f, ...)					\
	__uk_once(uk_printk(lvl, f, ##__VA_ARGS__))
#define uk_vprintk_once(lvl, f, ap)	__uk_once(uk_vprintk(lvl, f, ap))
#define uk_printd_once(f, ...)	__uk_once(uk_printd(f, ##__VA_ARGS__))
#define uk_vprintd_once(f, ap)	__uk_once(uk_vprintd(f, ap))
#define uk_pr_crit_once(f, ...)	__uk_once(uk_pr_crit(f, ##__VA_ARGS__))
#define uk_pr_err_once(f, ...)	__uk_once(uk_pr_err(f, ##__VA_ARGS__))
#define uk_pr_warn_once(f, ...)	__uk_once(uk_pr_warn(f, ##__VA_ARGS__))
#define uk_pr_info_once(f, ...)	__uk_once(uk_pr_info(f, ##__VA_ARGS__))
#define uk_pr_debug_once(f, ...)	__uk_once(uk_pr_debug(f, ##__VA_ARGS__))

#define UK_WARN_STUBBED()	uk_pr_warn_once("%s() stubbed\n", __func__)
#define WARN_STUBBED()		UK_WARN_STUBBED()

#endif /* __UK_PRINT_H__ */
