/* A test-and-test-and-set spinlock. Good enough for a handful of CPUs and short
 * critical sections; it also lets a crash path take a lock over by force. */
#ifndef __UK_SPINLOCK_H__
#define __UK_SPINLOCK_H__

#include <uk/essentials.h>
#include <uk/arch/lcpu.h>
#include <uk/plat/lcpu.h>

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

/*
 * The irqsave variants also keep interrupt handlers of this CPU out of the
 * critical section. With the scheduler (lib/uksched) they note the locks
 * a host call holds on CPU 0: if the host abandons the call (Jupyter's
 * interrupt), ukrepl_call_abandoned() lets them go instead of leaving them
 * locked for ever.
 */
#ifdef CONFIG_LIBUKSCHED
void uk_spin_note_locked(__spinlock *l);
void uk_spin_note_unlocked(__spinlock *l);
#else
#define uk_spin_note_locked(l)		((void)(l))
#define uk_spin_note_unlocked(l)	((void)(l))
#endif

#define uk_spin_lock_irqsave(l, flags)					\
	do {								\
		(flags) = ukplat_lcpu_save_irqf();			\
		uk_spin_lock(l);					\
		uk_spin_note_locked(l);					\
	} while (0)

#define uk_spin_unlock_irqrestore(l, flags)				\
	do {								\
		uk_spin_note_unlocked(l);				\
		uk_spin_unlock(l);					\
		ukplat_lcpu_restore_irqf(flags);			\
	} while (0)

#endif /* __UK_SPINLOCK_H__ */
