/* The failure path of assert() (C11 §7.2.1.1): a software crash report. */
#include <assert.h>
#include <stdio.h>
#include <uk/plat/crash.h>

void __assert_fail(const char *expr, const char *file, int line,
		   const char *func)
{
	char reason[160];

	snprintf(reason, sizeof(reason),
		 "assertion \"%s\" failed in %s() at %s:%d", expr,
		 func, file, line);
	ukplat_crash_report(reason);
}
