/* Operations on a sigset_t as statements and expressions (Unikraft API
 * uk/bits/sigset.h): signal n is bit n - 1 of the 64-bit set. */
#ifndef __UK_BITS_SIGSET_H__
#define __UK_BITS_SIGSET_H__

#include <signal.h>

#define __uk_sigbit(signo)	(1UL << ((signo) - 1))
#define uk_sigemptyset(ptr)	((ptr)->__bits[0] = 0)
#define uk_sigfillset(ptr)	((ptr)->__bits[0] = ~0UL)
#define uk_sigaddset(ptr, signo) ((ptr)->__bits[0] |= __uk_sigbit(signo))
#define uk_sigdelset(ptr, signo) ((ptr)->__bits[0] &= ~__uk_sigbit(signo))
#define uk_sigcopyset(ptr1, ptr2) ((ptr1)->__bits[0] = (ptr2)->__bits[0])
#define uk_sigandset(ptr1, ptr2) ((ptr1)->__bits[0] &= (ptr2)->__bits[0])
#define uk_sigorset(ptr1, ptr2)	((ptr1)->__bits[0] |= (ptr2)->__bits[0])
#define uk_sigreverseset(ptr)	((ptr)->__bits[0] = ~(ptr)->__bits[0])
#define uk_sigismember(ptr, signo) \
	(((ptr)->__bits[0] & __uk_sigbit(signo)) != 0)
#define uk_sigisempty(ptr)	((ptr)->__bits[0] == 0)

#endif /* __UK_BITS_SIGSET_H__ */
