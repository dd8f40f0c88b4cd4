/* Population counts (Unikraft API uk/bitcount.h), by the CPU's or the
 * compiler's popcount. */
#ifndef __UK_BITCOUNT_H__
#define __UK_BITCOUNT_H__

#include <uk/arch/types.h>

static inline __u16 uk_bitcount16(__u16 _x)
{
	return (__u16)__builtin_popcount(_x);
}

static inline __u32 uk_bitcount32(__u32 _x)
{
	return (__u32)__builtin_popcount(_x);
}

static inline __u64 uk_bitcount64(__u64 _x)
{
	return (__u64)__builtin_popcountll(_x);
}

#define uk_bitcount16(x)	uk_bitcount16(x)
#define uk_bitcount32(x)	uk_bitcount32(x)
#define uk_bitcount64(x)	uk_bitcount64(x)
#define uk_bitcountl(x)		uk_bitcount64(x)	/* LP64 */
#define uk_bitcount(x)		uk_bitcount32(x)

#endif /* __UK_BITCOUNT_H__ */
