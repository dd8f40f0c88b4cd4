/* Machine code dumps (<uk/asmdump.h>) as hex dumps: see the header. */
#include <uk/asmdump.h>
#include <uk/hexdump.h>

#define X86_INSTR_MAX	15

#define ASM_FLAGS	(UK_HXDF_ADDR | UK_HXDF_GRPBYTE)

void _uk_asmndumpk(int lvl, const char *libname, const char *srcname,
		   unsigned int srcline, const void *instr, size_t len)
{
	_uk_hexdumpk(lvl, libname, srcname, srcline, instr, len,
		     (size_t)instr, ASM_FLAGS, 16, NULL);
}

void _uk_asmdumpk(int lvl, const char *libname, const char *srcname,
		  unsigned int srcline, const void *instr,
		  unsigned int instr_count)
{
	_uk_asmndumpk(lvl, libname, srcname, srcline, instr,
		      (size_t)instr_count * X86_INSTR_MAX);
}

void _uk_asmndumpd(const char *libname, const char *srcname,
		   unsigned int srcline, const void *instr, size_t len)
{
	_uk_hexdumpd(libname, srcname, srcline, instr, len, (size_t)instr,
		     ASM_FLAGS, 16, NULL);
}

void _uk_asmdumpd(const char *libname, const char *srcname,
		  unsigned int srcline, const void *instr,
		  unsigned int instr_count)
{
	_uk_asmndumpd(libname, srcname, srcline, instr,
		      (size_t)instr_count * X86_INSTR_MAX);
}
