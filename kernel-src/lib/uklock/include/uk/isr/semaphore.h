/* Semaphores from interrupt context (Unikraft API uk/isr/semaphore.h). */
#ifndef __UK_ISR_SEMAPHORE_H__
#define __UK_ISR_SEMAPHORE_H__

#include <uk/semaphore.h>

#define uk_semaphore_down_try_isr(x)	uk_semaphore_down_try(x)

#endif /* __UK_ISR_SEMAPHORE_H__ */
