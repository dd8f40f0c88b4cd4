/* Reference counters (Unikraft API uk/refcount.h) on __atomic. */
#ifndef __UK_REFCOUNT_H__
#define __UK_REFCOUNT_H__

#include <uk/arch/types.h>
#include <uk/arch/atomic.h>
#include <uk/assert.h>

static inline void uk_refcount_init(__atomic *ref, __u32 value)
{
	__atomic_store_n(&ref->counter, value, __ATOMIC_RELAXED);
}

static inline void uk_refcount_acquire(__atomic *ref)
{
	__u32 old = __atomic_fetch_add(&ref->counter, 1, __ATOMIC_RELAXED);

	UK_ASSERT(old != ~0U);
}

/* 1 when this was the last reference (the caller frees the object). The
 * release ordering makes the other holders' writes visible to it. */
static inline int uk_refcount_release(__atomic *ref)
{
	__u32 old = __atomic_fetch_sub(&ref->counter, 1, __ATOMIC_ACQ_REL);

	UK_ASSERT(old > 0);
	return old == 1;
}

static inline __u32 uk_refcount_read(const __atomic *ref)
{
	return __atomic_load_n(&ref->counter, __ATOMIC_RELAXED);
}

/* Takes a reference unless the count already reached 0: 1 if taken. */
static inline int uk_refcount_acquire_if_not_zero(__atomic *ref)
{
	__u32 old = uk_refcount_read(ref);

	while (old != 0) {
		if (__atomic_compare_exchange_n(&ref->counter, &old, old + 1,
						0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return 1;
	}
	return 0;
}

/* Drops a reference unless it is the last one: 1 if dropped. */
static inline int uk_refcount_release_if_not_last(__atomic *ref)
{
	__u32 old = uk_refcount_read(ref);

	while (old > 1) {
		if (__atomic_compare_exchange_n(&ref->counter, &old, old - 1,
						0, __ATOMIC_RELEASE,
						__ATOMIC_RELAXED))
			return 1;
	}
	return 0;
}

#endif /* __UK_REFCOUNT_H__ */
