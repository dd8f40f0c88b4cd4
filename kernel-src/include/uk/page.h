/* Rounding addresses to pages (Unikraft API uk/page.h). */
#ifndef __UK_PAGE_H__
#define __UK_PAGE_H__

#include <uk/arch/limits.h>

#define round_pgup(a)	(((a) + __PAGE_SIZE - 1) & __PAGE_MASK)
#define round_pgdown(a)	((a) & __PAGE_MASK)

#endif /* __UK_PAGE_H__ */
