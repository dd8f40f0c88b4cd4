/* Mutexes from interrupt context (Unikraft API uk/isr/mutex.h): only the
 * attempt that never sleeps. */
#ifndef __UK_ISR_MUTEX_H__
#define __UK_ISR_MUTEX_H__

#include <uk/mutex.h>

#define uk_mutex_trylock_isr(x)		uk_mutex_trylock(x)

#endif /* __UK_ISR_MUTEX_H__ */
