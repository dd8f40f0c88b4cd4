/* The variadic kernel log functions, built with SSE (Makefile.uk) so that
 * a cell's double arguments reach va_arg (see lib/nolibc/varargs.c). */
#include <stdarg.h>
#include <uk/print.h>

void _uk_printk(int lvl, const char *libname, const char *srcname,
		unsigned int srcline, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	_uk_vprintk(lvl, libname, srcname, srcline, fmt, ap);
	va_end(ap);
}

void _uk_printd(const char *libname, const char *srcname,
		unsigned int srcline, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	_uk_vprintd(libname, srcname, srcline, fmt, ap);
	va_end(ap);
}
