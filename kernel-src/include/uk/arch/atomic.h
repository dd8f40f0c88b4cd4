/* Atomic operations on naturally aligned words, as GCC's __atomic builtins.
 * GCC manual §6.55; Intel SDM Vol. 3A §9.2 (x86 memory ordering). */
#ifndef __UK_ARCH_ATOMIC_H__
#define __UK_ARCH_ATOMIC_H__

#define UK_ACCESS_ONCE(x)	(*(volatile __typeof__(x) *)&(x))
#define UK_READ_ONCE(x)		UK_ACCESS_ONCE(x)
#define UK_WRITE_ONCE(x, v)	(UK_ACCESS_ONCE(x) = (v))

#define ukarch_load_n(p)	__atomic_load_n(p, __ATOMIC_SEQ_CST)
#define ukarch_store_n(p, v)	__atomic_store_n(p, v, __ATOMIC_SEQ_CST)
#define ukarch_fetch_add(p, v)	__atomic_fetch_add(p, v, __ATOMIC_SEQ_CST)
/* ukarch_inc and ukarch_dec return the old value */
#define ukarch_inc(p)		ukarch_fetch_add(p, 1)
#define ukarch_dec(p)		__atomic_fetch_sub(p, 1, __ATOMIC_SEQ_CST)
/* Stores *src into *dst and returns the old *dst (both pointers). */
#define ukarch_exchange(dst, src)	__atomic_exchange_n(dst, *(src), __ATOMIC_SEQ_CST)
#define ukarch_exchange_n(p, v)	__atomic_exchange_n(p, v, __ATOMIC_SEQ_CST)

/* Evaluates to `new` if *p held `old` (and now holds `new`), else to `old`.
 * (The comma drops a volatile from the type of the local copy.) */
#define ukarch_compare_exchange_sync(p, old, new)			\
	({								\
		__typeof__(((void)0, *(p))) __expect = (old);		\
		__atomic_compare_exchange_n(p, &__expect, new, 0,	\
					    __ATOMIC_SEQ_CST,		\
					    __ATOMIC_SEQ_CST)		\
			? (new) : (old);				\
	})

#endif /* __UK_ARCH_ATOMIC_H__ */
