/* A test-and-test-and-set spinlock. Good enough for a handful of CPUs and short
 * critical sections; it also lets a crash path take a lock over by force. */
#ifndef __UK_SPINLOCK_H__
#define __UK_SPINLOCK_H__

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>

typedef struct {
	volatile int locked;
} __spinlock;

#define UK_SPINLOCK_INITIALIZER()	{ .locked = 0 }

static inline void uk_spin_init(__spinlock *l)
{
	l->locked = 0;
}

static inline int uk_spin_trylock(__spinlock *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void uk_spin_lock(__spinlock *l)
{
	while (!uk_spin_trylock(l)) {
		/* spin on plain reads: no cache-line ping-pong */
		while (l->locked)
			ukarch_spinwait();
	}
}

static inline void uk_spin_unlock(__spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline int uk_spin_is_locked(__spinlock *l)
{
	return l->locked;
}

#endif /* __UK_SPINLOCK_H__ */
