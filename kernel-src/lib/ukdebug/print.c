/* Output of kernel log messages: one console-locked line per message, as
 * "<severity> [<library>] <message>". */
#include <stdarg.h>
#include <stdio.h>
#include <uk/print.h>
#include <uk/plat/console.h>

static const char *const level_tags[] = {
	[KLVL_CRIT] = "CRIT: ",
	[KLVL_ERR] = "ERR:  ",
	[KLVL_WARN] = "Warn: ",
	[KLVL_INFO] = "Info: ",
};

static void print_prefix(const char *tag, const char *libname)
{
	printf("%s", tag);
	if (libname[0])
		printf("[%s] ", libname);
}

void _uk_vprintk(int lvl, const char *libname, const char *srcname __unused,
		 unsigned int srcline __unused, const char *fmt, va_list ap)
{
	unsigned long irqf = ukplat_console_lock();

	if (lvl < KLVL_CRIT || lvl > KLVL_INFO)
		lvl = KLVL_CRIT;
	print_prefix(level_tags[lvl], libname);
	vprintf(fmt, ap);
	ukplat_console_unlock(irqf);
}

void _uk_vprintd(const char *libname, const char *srcname,
		 unsigned int srcline, const char *fmt, va_list ap)
{
	unsigned long irqf = ukplat_console_lock();

	print_prefix("dbg:  ", libname);
	printf("<%s @ %4u> ", srcname, srcline);
	vprintf(fmt, ap);
	ukplat_console_unlock(irqf);
}
