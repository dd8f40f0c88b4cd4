/* The table of per-thread init/fini functions (<uk/thread.h>'s
 * UK_THREAD_INIT), run by thread.c; see thread_api.c. */
#ifndef __UKSCHED_THREAD_INITTAB_H__
#define __UKSCHED_THREAD_INITTAB_H__

#include <uk/thread.h>

/* 0, or the first negative return of an init function (the ones before it
 * are undone with their fini). */
int thread_run_init(struct uk_thread *t);
void thread_run_fini(struct uk_thread *t);

/* thread.c, for sched_api.c */
int sched_thread_start_on(struct uk_thread *t, __lcpuidx cpu);
void sched_thread_destroy(struct uk_thread *t);

#endif /* __UKSCHED_THREAD_INITTAB_H__ */
