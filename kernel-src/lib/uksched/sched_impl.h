/* Internals shared by the files of lib/uksched. */
#ifndef __UKSCHED_IMPL_H__
#define __UKSCHED_IMPL_H__

#include <uk/sched.h>

/* switch.S: saves the callee-saved registers and the stack pointer in
 * *prev_sp, continues on next_sp where the other context saved them. */
void uk_sched_ctx_switch(unsigned long *prev_sp, unsigned long next_sp);
/* switch.S: the first code of a new thread (the thread in %r12). */
void uk_sched_thread_entry(void);

void sched_lock(struct uk_sched *s);
void sched_unlock(struct uk_sched *s);
void sched_after_switch(struct uk_sched *s);
void sched_thread_init(struct uk_thread *t, const char *name, __lcpuidx cpu);
/* thread.c: an exited thread's stack is no longer in use: tell joiners. */
void sched_release_exited(struct uk_thread *t);

#endif /* __UKSCHED_IMPL_H__ */
