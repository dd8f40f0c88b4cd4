/* Hex dumps of memory (Unikraft API uk/hexdump.h): to the kernel log, to a
 * FILE or into a string. A line shows an address, groups of bytes in hex,
 * and optionally the bytes as characters. */
#ifndef __UK_HEXDUMP_H__
#define __UK_HEXDUMP_H__

#include <stdint.h>
#include <stdio.h>
#include <uk/print.h>

#define UK_HXDF_ADDR		1	/* the address in front of each line */
#define UK_HXDF_ASCIISEC	2	/* the bytes as characters after it */
#define UK_HXDF_GRPBYTE		4	/* groups of 1, 2, 4 or 8 bytes */
#define UK_HXDF_GRPWORD		8
#define UK_HXDF_GRPDWORD	16
#define UK_HXDF_GRPQWORD	32
#define UK_HXDF_COMPRESS	64	/* "*" for repeats of the line above */

/* Each returns the number of characters it wrote (snprintf: that it would
 * have written), or a negative errno. addr0 is the address shown for the
 * first byte. */
int uk_hexdumpf(FILE *fp, const void *data, size_t len, size_t addr0,
		int flags, unsigned int grps_per_line, const char *line_prefix);
int uk_hexdumpsn(char *str, size_t size, const void *data, size_t len,
		 size_t addr0, int flags, unsigned int grps_per_line,
		 const char *line_prefix);
void _uk_hexdumpd(const char *libname, const char *srcname,
		  unsigned int srcline, const void *data, size_t len,
		  size_t addr0, int flags, unsigned int grps_per_line,
		  const char *line_prefix);
void _uk_hexdumpk(int lvl, const char *libname, const char *srcname,
		  unsigned int srcline, const void *data, size_t len,
		  size_t addr0, int flags, unsigned int grps_per_line,
		  const char *line_prefix);

#define uk_hexdumps(str, data, len, addr0, flags, grps_per_line, line_prefix) \
	uk_hexdumpsn((str), SIZE_MAX, (data), (len), (addr0), (flags),	\
		     (grps_per_line), (line_prefix))
#define uk_hexdump(data, len, addr0, flags, grps_per_line, line_prefix)	\
	uk_hexdumpf(stdout, (data), (len), (addr0), (flags),		\
		    (grps_per_line), (line_prefix))

/* To the kernel log, with the place in the source as printd/printk do;
 * the address shown is the data's own. */
#if defined(UK_DEBUG) || defined(CONFIG_LIBUKDEBUG_PRINTD)
#define uk_hexdumpd(data, len, flags, grps_per_line)			\
	_uk_hexdumpd(__STR_LIBNAME__, __STR_BASENAME__, __LINE__,	\
		     (data), (len), (size_t)(data), (flags),		\
		     (grps_per_line), STRINGIFY(data) ": ")
#else
#define uk_hexdumpd(data, len, flags, grps_per_line)			\
	do { (void)(data); (void)(len); } while (0)
#endif
#ifdef CONFIG_LIBUKDEBUG_PRINTK
#define uk_hexdumpk(lvl, data, len, flags, grps_per_line)		\
	do {								\
		if ((lvl) <= KLVL_MAX)					\
			_uk_hexdumpk((lvl), __STR_LIBNAME__,		\
				     __STR_BASENAME__, __LINE__,	\
				     (data), (len), (size_t)(data),	\
				     (flags), (grps_per_line),		\
				     STRINGIFY(data) ": ");		\
	} while (0)
#else
static inline void uk_hexdumpk(int lvl __unused, const void *data __unused,
			       size_t len __unused, int flags __unused,
			       unsigned int grps_per_line __unused)
{
}
#endif

/* The canonical "hexdump -C" layout */
#define __UK_HXDF_C	(UK_HXDF_ADDR | UK_HXDF_ASCIISEC | UK_HXDF_GRPQWORD | \
			 UK_HXDF_COMPRESS)
#define uk_hexdumpCd(data, len)	uk_hexdumpd((data), (len), __UK_HXDF_C, 2)
#define uk_hexdumpCk(lvl, data, len)					\
	uk_hexdumpk((lvl), (data), (len), __UK_HXDF_C, 2)
#define uk_hexdumpCf(fp, data, len)					\
	uk_hexdumpf((fp), (data), (len), 0, __UK_HXDF_C, 2, NULL)
#define uk_hexdumpCsn(str, size, data, len)				\
	uk_hexdumpsn((str), (size), (data), (len), 0, __UK_HXDF_C, 2, NULL)
#define uk_hexdumpCs(str, data, len)					\
	uk_hexdumps((str), (data), (len), 0, __UK_HXDF_C, 2, NULL)
#define uk_hexdumpC(data, len)						\
	uk_hexdump((data), (len), 0, __UK_HXDF_C, 2, NULL)

#endif /* __UK_HEXDUMP_H__ */
