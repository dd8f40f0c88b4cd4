/* Counting semaphores (Unikraft API uk/semaphore.h). */
#ifndef __UK_SEMAPHORE_H__
#define __UK_SEMAPHORE_H__

#include <uk/essentials.h>
#include <uk/wait.h>
#include <uk/arch/time.h>

struct uk_semaphore {
	long count;
	struct uk_waitq wait;
};

void uk_semaphore_init(struct uk_semaphore *s, long count);
/* Takes one unit, sleeping until there is one. */
void uk_semaphore_down(struct uk_semaphore *s);
/* 1 if a unit was taken, 0 if there was none. */
int uk_semaphore_down_try(struct uk_semaphore *s);
/* Waits at most timeout ns: the time it waited, or __NSEC_MAX if none
 * came (0 timeout: for ever). */
__nsec uk_semaphore_down_to(struct uk_semaphore *s, __nsec timeout);
void uk_semaphore_up(struct uk_semaphore *s);

#endif /* __UK_SEMAPHORE_H__ */
