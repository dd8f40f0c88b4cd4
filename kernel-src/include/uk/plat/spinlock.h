/* Spinlocks that also keep this CPU's interrupts out (Unikraft API
 * uk/plat/spinlock.h). */
#ifndef __UK_PLAT_SPINLOCK_H__
#define __UK_PLAT_SPINLOCK_H__

#include <uk/spinlock.h>

#define ukplat_spin_lock_irq(lock)					\
	do {								\
		ukplat_lcpu_disable_irq();				\
		uk_spin_lock(lock);					\
	} while (0)
#define ukplat_spin_unlock_irq(lock)					\
	do {								\
		uk_spin_unlock(lock);					\
		ukplat_lcpu_enable_irq();				\
	} while (0)
#define ukplat_spin_lock_irqsave(lock, flags)				\
	uk_spin_lock_irqsave(lock, flags)
#define ukplat_spin_unlock_irqrestore(lock, flags)			\
	uk_spin_unlock_irqrestore(lock, flags)

#endif /* __UK_PLAT_SPINLOCK_H__ */
