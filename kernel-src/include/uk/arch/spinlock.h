/* The architecture's spinlock (Unikraft API uk/arch/spinlock.h): ours is
 * <uk/spinlock.h>'s, under the ukarch_ names too. */
#ifndef __UK_ARCH_SPINLOCK_H__
#define __UK_ARCH_SPINLOCK_H__

#include <uk/spinlock.h>

static inline void ukarch_spin_init(__spinlock *lock)
{
	uk_spin_init(lock);
}

static inline void ukarch_spin_lock(__spinlock *lock)
{
	uk_spin_lock(lock);
}

static inline void ukarch_spin_unlock(__spinlock *lock)
{
	uk_spin_unlock(lock);
}

static inline int ukarch_spin_trylock(__spinlock *lock)
{
	return uk_spin_trylock(lock);
}

static inline int ukarch_spin_is_locked(__spinlock *lock)
{
	return uk_spin_is_locked(lock);
}

#endif /* __UK_ARCH_SPINLOCK_H__ */
