/* The platform's crash path for software-detected failures (assertions,
 * UK_CRASH, abort): the same report and parking as a CPU exception. */
#ifndef __UK_PLAT_CRASH_H__
#define __UK_PLAT_CRASH_H__

#include <uk/essentials.h>

void __noreturn ukplat_crash_report(const char *reason);

#endif /* __UK_PLAT_CRASH_H__ */
