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
/* thread.c: an exited thread's stack is no longer in use: tell joiners
 * (or queue a detached one to be freed). */
void sched_release_exited(struct uk_thread *t);
void __noreturn sched_exit_current(void);
void sched_exit_if_killed(void);
int sched_kill(struct uk_thread *t);
void sched_block_current(__nsec deadline);
/* sched_api.c: the 0.10 members of a CPU's struct uk_sched. */
void sched_ops_init(struct uk_sched *s);

/* Set by sched_kill() on a thread running on another CPU. */
#define UK_THREAD_KILLED	0x4

#endif /* __UKSCHED_IMPL_H__ */
