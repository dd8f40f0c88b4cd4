/* UK_CRASH and failed UK_ASSERTs: format the reason, then take the
 * platform's crash path (report on the console, park for the host). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <uk/assert.h>
#include <uk/plat/crash.h>

void _uk_crash(const char *libname, const char *srcname, unsigned int srcline,
	       const char *fmt, ...)
{
	char reason[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(reason))
		n = sizeof(reason) - 1;
	while (n > 0 && reason[n - 1] == '\n')	/* UK_CRASH("...\n") */
		reason[--n] = '\0';
	snprintf(reason + n, sizeof(reason) - n, " [%s%s%s:%u]", libname,
		 libname[0] ? " " : "", srcname, srcline);
	ukplat_crash_report(reason);
}
