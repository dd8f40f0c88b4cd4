/* Bit operations on words and on bitmaps of unsigned longs (Unikraft API
 * uk/bitops.h). Bit n of a bitmap is bit n % 64 of word n / 64. The plain
 * names are atomic; the __ names are not (for maps nobody else touches). */
#ifndef __UK_BITOPS_H__
#define __UK_BITOPS_H__

#include <uk/essentials.h>
#include <uk/bitcount.h>

#define _LINUX_BITOPS_H_	/* 0.10's guard name */

#define UK_BIT(nr)		(1UL << (nr))
#define UK_BIT_ULL(nr)		(1ULL << (nr))
#define UK_BITS_PER_LONG	64
#define UK_BITS_PER_LONG_LONG	64
#define BITS_PER_BYTE		8

/* Masks of the bits of a map's first word from `start` on, and of its last
 * word up to bit n - 1. */
#define UK_BITMAP_FIRST_WORD_MASK(start)				\
	(~0UL << ((start) % UK_BITS_PER_LONG))
#define UK_BITMAP_LAST_WORD_MASK(n)					\
	(~0UL >> (-(n) & (UK_BITS_PER_LONG - 1)))
#define UK_BITS_TO_LONGS(n)	DIV_ROUND_UP((n), UK_BITS_PER_LONG)
#define UK_BIT_MASK(nr)		(1UL << ((nr) & (UK_BITS_PER_LONG - 1)))
#define UK_BIT_WORD(nr)		((nr) / UK_BITS_PER_LONG)
/* Bits l..h set */
#define UK_GENMASK(h, l)						\
	((~0UL >> (UK_BITS_PER_LONG - 1 - (h))) & (~0UL << (l)))
#define UK_GENMASK_ULL(h, l)						\
	((~0ULL >> (UK_BITS_PER_LONG_LONG - 1 - (h))) & (~0ULL << (l)))

#define uk_hweight8(x)		uk_bitcount16((__u8)(x))
#define uk_hweight16(x)		uk_bitcount16(x)
#define uk_hweight32(x)		uk_bitcount32(x)
#define uk_hweight64(x)		uk_bitcount64(x)
#define uk_hweight_long(x)	uk_bitcountl(x)

static inline __u32 uk_ror32(__u32 word, unsigned int shift)
{
	return (word >> (shift & 31)) | (word << ((-shift) & 31));
}

/* The order of the smallest power of two >= count. */
static inline int uk_get_count_order(unsigned int count)
{
	if (count <= 1)
		return 0;
	return 32 - __builtin_clz(count - 1);
}

/* Sign-extends value from bit `index` up. */
static inline __u64 uk_sign_extend64(__u64 value, int index)
{
	int shift = 63 - index;

	return (__u64)((__s64)(value << shift) >> shift);
}

/* ---------------------------------------------------------------- search */

/* The first bit at or after offset whose value is `want`, else size. */
static inline unsigned long __uk_find_bit(const unsigned long *addr,
					  unsigned long size,
					  unsigned long offset, int want)
{
	unsigned long word, i;

	for (i = offset; i < size; i = (i | (UK_BITS_PER_LONG - 1)) + 1) {
		word = addr[UK_BIT_WORD(i)];
		if (!want)
			word = ~word;
		word &= UK_BITMAP_FIRST_WORD_MASK(i);
		if (word) {
			i = (i & ~(unsigned long)(UK_BITS_PER_LONG - 1)) +
			    __builtin_ctzl(word);
			return i < size ? i : size;
		}
	}
	return size;
}

static inline unsigned long uk_find_first_bit(const unsigned long *addr,
					      unsigned long size)
{
	return __uk_find_bit(addr, size, 0, 1);
}

static inline unsigned long uk_find_first_zero_bit(const unsigned long *addr,
						   unsigned long size)
{
	return __uk_find_bit(addr, size, 0, 0);
}

static inline unsigned long uk_find_next_bit(const unsigned long *addr,
					     unsigned long size,
					     unsigned long offset)
{
	return __uk_find_bit(addr, size, offset, 1);
}

static inline unsigned long uk_find_next_zero_bit(const unsigned long *addr,
						  unsigned long size,
						  unsigned long offset)
{
	return __uk_find_bit(addr, size, offset, 0);
}

/* The last set bit below size, else size. */
static inline unsigned long uk_find_last_bit(const unsigned long *addr,
					     unsigned long size)
{
	unsigned long i = size;

	while (i-- > 0) {
		if (addr[UK_BIT_WORD(i)] & UK_BIT_MASK(i))
			return i;
	}
	return size;
}

#define uk_for_each_set_bit(bit, addr, size)				\
	for ((bit) = uk_find_first_bit((addr), (size)); (bit) < (size);	\
	     (bit) = uk_find_next_bit((addr), (size), (bit) + 1))
#define uk_for_each_clear_bit(bit, addr, size)				\
	for ((bit) = uk_find_first_zero_bit((addr), (size));		\
	     (bit) < (size);						\
	     (bit) = uk_find_next_zero_bit((addr), (size), (bit) + 1))

/* ---------------------------------------------------------------- single bits */

static inline void uk_set_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_or(&addr[UK_BIT_WORD(nr)], UK_BIT_MASK(nr),
			  __ATOMIC_SEQ_CST);
}

static inline void __uk_set_bit(long nr, volatile unsigned long *addr)
{
	addr[UK_BIT_WORD(nr)] |= UK_BIT_MASK(nr);
}

static inline void uk_clear_bit(long nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(&addr[UK_BIT_WORD(nr)], ~UK_BIT_MASK(nr),
			   __ATOMIC_SEQ_CST);
}

static inline void __uk_clear_bit(long nr, volatile unsigned long *addr)
{
	addr[UK_BIT_WORD(nr)] &= ~UK_BIT_MASK(nr);
}

static inline int uk_test_and_set_bit(long nr, volatile unsigned long *addr)
{
	return !!(__atomic_fetch_or(&addr[UK_BIT_WORD(nr)], UK_BIT_MASK(nr),
				    __ATOMIC_SEQ_CST) & UK_BIT_MASK(nr));
}

static inline int __uk_test_and_set_bit(long nr, volatile unsigned long *addr)
{
	int was = !!(addr[UK_BIT_WORD(nr)] & UK_BIT_MASK(nr));

	__uk_set_bit(nr, addr);
	return was;
}

static inline int uk_test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	return !!(__atomic_fetch_and(&addr[UK_BIT_WORD(nr)], ~UK_BIT_MASK(nr),
				     __ATOMIC_SEQ_CST) & UK_BIT_MASK(nr));
}

static inline int __uk_test_and_clear_bit(long nr,
					  volatile unsigned long *addr)
{
	int was = !!(addr[UK_BIT_WORD(nr)] & UK_BIT_MASK(nr));

	__uk_clear_bit(nr, addr);
	return was;
}

static inline int uk_test_bit(int nr, const volatile unsigned long *addr)
{
	return !!(addr[UK_BIT_WORD(nr)] & UK_BIT_MASK(nr));
}

/* ---------------------------------------------------------------- regions */

enum { REG_OP_ISFREE, REG_OP_ALLOC, REG_OP_RELEASE };

/*
 * One operation on the aligned region of 2^order bits at pos: test that
 * all are clear (REG_OP_ISFREE: 1 if so), set them (REG_OP_ALLOC) or clear
 * them (REG_OP_RELEASE). A region never crosses a word unless it is whole
 * words, since it is aligned to its size.
 */
static inline int __uk_bitopts_reg_op(unsigned long *bitmap, int pos,
				      int order, int reg_op)
{
	int nbits = 1 << order;
	int index = pos / UK_BITS_PER_LONG;
	int nwords = nbits <= UK_BITS_PER_LONG ? 1 : nbits / UK_BITS_PER_LONG;
	unsigned long mask;
	int i;

	mask = nbits >= UK_BITS_PER_LONG ? ~0UL : (UK_BIT(nbits) - 1);
	mask <<= nbits >= UK_BITS_PER_LONG ? 0 : pos % UK_BITS_PER_LONG;
	for (i = 0; i < nwords; i++) {
		switch (reg_op) {
		case REG_OP_ISFREE:
			if (bitmap[index + i] & mask)
				return 0;
			break;
		case REG_OP_ALLOC:
			bitmap[index + i] |= mask;
			break;
		default:
			bitmap[index + i] &= ~mask;
			break;
		}
	}
	return reg_op == REG_OP_ISFREE;
}

#endif /* __UK_BITOPS_H__ */
