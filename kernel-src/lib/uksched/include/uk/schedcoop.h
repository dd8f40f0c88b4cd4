/* The cooperative scheduler (Unikraft API uk/schedcoop.h): ours is the
 * only one, and every CPU has one from boot. */
#ifndef __UK_SCHEDCOOP_H__
#define __UK_SCHEDCOOP_H__

#include <uk/sched.h>

/* The default scheduler (see uk_sched_get_default). */
struct uk_sched *uk_schedcoop_init(struct uk_alloc *a);

#endif /* __UK_SCHEDCOOP_H__ */
