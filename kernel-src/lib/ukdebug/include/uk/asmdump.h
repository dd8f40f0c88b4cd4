/* Dumps of machine code (Unikraft API uk/asmdump.h). 0.10 disassembles
 * with a library we do not have; here each instruction range is shown as
 * bytes (a hex dump), which objdump or the notebook's %disassemble read. */
#ifndef __UK_ASMDUMP_H__
#define __UK_ASMDUMP_H__

#include <stddef.h>
#include <uk/print.h>

/* instr_count: how many instructions 0.10 would show; without a decoder
 * we show that many times the longest x86 instruction (15 bytes), or up
 * to len bytes for the n variants. */
void _uk_asmdumpd(const char *libname, const char *srcname,
		  unsigned int srcline, const void *instr,
		  unsigned int instr_count);
void _uk_asmndumpd(const char *libname, const char *srcname,
		   unsigned int srcline, const void *instr, size_t len);
void _uk_asmdumpk(int lvl, const char *libname, const char *srcname,
		  unsigned int srcline, const void *instr,
		  unsigned int instr_count);
void _uk_asmndumpk(int lvl, const char *libname, const char *srcname,
		   unsigned int srcline, const void *instr, size_t len);

#if defined(UK_DEBUG) || defined(CONFIG_LIBUKDEBUG_PRINTD)
#define uk_asmdumpd(instr, instr_count)					\
	_uk_asmdumpd(__STR_LIBNAME__, __STR_BASENAME__, __LINE__,	\
		     (instr), (instr_count))
#define uk_asmndumpd(instr, len)					\
	_uk_asmndumpd(__STR_LIBNAME__, __STR_BASENAME__, __LINE__,	\
		      (instr), (len))
#else
#define uk_asmdumpd(instr, instr_count)	do { (void)(instr); } while (0)
#define uk_asmndumpd(instr, len)	do { (void)(instr); } while (0)
#endif

#ifdef CONFIG_LIBUKDEBUG_PRINTK
#define uk_asmdumpk(lvl, instr, instr_count)				\
	do {								\
		if ((lvl) <= KLVL_MAX)					\
			_uk_asmdumpk((lvl), __STR_LIBNAME__,		\
				     __STR_BASENAME__, __LINE__,	\
				     (instr), (instr_count));		\
	} while (0)
#define uk_asmndumpk(lvl, instr, len)					\
	do {								\
		if ((lvl) <= KLVL_MAX)					\
			_uk_asmndumpk((lvl), __STR_LIBNAME__,		\
				      __STR_BASENAME__, __LINE__,	\
				      (instr), (len));			\
	} while (0)
#else
static inline void uk_asmdumpk(int lvl __unused, const void *instr __unused,
			       unsigned int instr_count __unused)
{
}

static inline void uk_asmndumpk(int lvl __unused, const void *instr __unused,
				size_t len __unused)
{
}
#endif

#endif /* __UK_ASMDUMP_H__ */
