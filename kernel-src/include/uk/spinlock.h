/* A test-and-test-and-set spinlock. Good enough for a handful of CPUs and short
 * critical sections; it also lets a crash path take a lock over by force. */
#ifndef __UK_SPINLOCK_H__
#define __UK_SPINLOCK_H__

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/lcpu.h>

typedef struct __spinlock {
	volatile int locked;
} __spinlock;

#define uk_spinlock	__spinlock

#define UK_SPINLOCK_INITIALIZER()	{ .locked = 0 }

static inline void uk_spin_init(__spinlock *l)
{
	l->locked = 0;
}

/* A compare-and-swap, not an exchange: a failed attempt must not overwrite
 * the holder's mark (see uk_spin_lock_noted). */
static inline int uk_spin_trylock_as(__spinlock *l, int mark)
{
	int free = 0;

	return __atomic_compare_exchange_n(&l->locked, &free, mark, 0,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline int uk_spin_trylock(__spinlock *l)
{
	return uk_spin_trylock_as(l, 1);
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

/*
 * The irqsave variants also keep interrupt handlers of this CPU out of the
 * critical section. With the scheduler (lib/uksched) they are "noted" on
 * CPU 0: if the host abandons a call there (Jupyter's interrupt),
 * ukrepl_call_abandoned() lets go of the locks it held instead of leaving
 * them locked for ever. The host stops CPU 0 at any instruction, so the note
 * is made before the lock is taken and dropped after it is let go, and CPU 0
 * marks a lock it holds with UK_SPIN_CPU0: only a noted lock that bears the
 * mark is released.
 */
#define UK_SPIN_CPU0	2

#ifdef CONFIG_LIBUKSCHED
void uk_spin_lock_noted(__spinlock *l);
void uk_spin_unlock_noted(__spinlock *l);
#else
#define uk_spin_lock_noted(l)		uk_spin_lock(l)
#define uk_spin_unlock_noted(l)		uk_spin_unlock(l)
#endif

#define uk_spin_lock_irqsave(l, flags)					\
	do {								\
		(flags) = ukplat_lcpu_save_irqf();			\
		uk_spin_lock_noted(l);					\
	} while (0)

#define uk_spin_unlock_irqrestore(l, flags)				\
	do {								\
		uk_spin_unlock_noted(l);				\
		ukplat_lcpu_restore_irqf(flags);			\
	} while (0)

#endif /* __UK_SPINLOCK_H__ */
