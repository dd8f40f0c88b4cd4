/* Stack size of the platform's threads (Unikraft API uk/plat/config.h). */
#ifndef __UK_PLAT_CONFIG_H__
#define __UK_PLAT_CONFIG_H__

#include <uk/arch/limits.h>

#define STACK_SIZE_PAGE_ORDER	__STACK_SIZE_PAGE_ORDER
#define STACK_SIZE		__STACK_SIZE

#endif /* __UK_PLAT_CONFIG_H__ */
