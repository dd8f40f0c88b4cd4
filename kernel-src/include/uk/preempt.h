/* Preemption control (Unikraft API uk/preempt.h). Our scheduler is
 * cooperative: a thread is never preempted, so there is nothing to turn off
 * and these only keep the compiler from moving memory accesses across. */
#ifndef __UK_PREEMPT_H__
#define __UK_PREEMPT_H__

#include <uk/essentials.h>

#define uk_preempt_disable()	barrier()
#define uk_preempt_enable()	barrier()

#endif /* __UK_PREEMPT_H__ */
