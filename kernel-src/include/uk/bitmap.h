/* Bitmaps of unsigned longs (Unikraft API uk/bitmap.h); the bit layout is
 * <uk/bitops.h>'s. None of these is atomic. */
#ifndef __UK_BITMAP_H__
#define __UK_BITMAP_H__

#include <string.h>
#include <uk/bitops.h>

#define _LINUX_BITMAP_H_	/* 0.10's guard name */

static inline void uk_bitmap_zero(unsigned long *addr, const unsigned int size)
{
	memset(addr, 0, UK_BITS_TO_LONGS(size) * sizeof(long));
}

static inline void uk_bitmap_fill(unsigned long *addr, const unsigned int size)
{
	unsigned int words = UK_BITS_TO_LONGS(size);

	memset(addr, 0xff, words * sizeof(long));
	if (size % UK_BITS_PER_LONG)
		addr[words - 1] = UK_BITMAP_LAST_WORD_MASK(size);
}

static inline int uk_bitmap_full(unsigned long *addr, const unsigned int size)
{
	return uk_find_first_zero_bit(addr, size) >= size;
}

static inline int uk_bitmap_empty(unsigned long *addr, const unsigned int size)
{
	return uk_find_first_bit(addr, size) >= size;
}

static inline void uk_bitmap_set(unsigned long *map, unsigned int start, int nr)
{
	while (nr-- > 0)
		__uk_set_bit(start++, map);
}

static inline void uk_bitmap_clear(unsigned long *map, unsigned int start,
				   int nr)
{
	while (nr-- > 0)
		__uk_clear_bit(start++, map);
}

/*
 * The first run of nr clear bits at or after start whose index, plus
 * align_offset, is a multiple of align_mask + 1; size (or more) if none.
 */
static inline unsigned int
uk_bitmap_find_next_zero_area_off(const unsigned long *map,
				  const unsigned int size, unsigned int start,
				  unsigned int nr, unsigned int align_mask,
				  unsigned int align_offset)
{
	unsigned int index, end, i;

	for (;;) {
		index = uk_find_next_zero_bit(map, size, start);
		index = ((index + align_offset + align_mask) & ~align_mask) -
			align_offset;
		end = index + nr;
		if (end > size)
			return end;
		i = uk_find_next_bit(map, end, index);
		if (i >= end)
			return index;
		start = i + 1;
	}
}

static inline unsigned int
uk_bitmap_find_next_zero_area(const unsigned long *map,
			      const unsigned int size, unsigned int start,
			      unsigned int nr, unsigned int align_mask)
{
	return uk_bitmap_find_next_zero_area_off(map, size, start, nr,
						 align_mask, 0);
}

/* Allocates a free aligned region of 2^order bits: its position, or
 * -ENOMEM. */
static inline int uk_bitmap_find_free_region(unsigned long *bitmap, int bits,
					     int order)
{
	int pos;

	for (pos = 0; pos + (1 << order) <= bits; pos += 1 << order) {
		if (__uk_bitopts_reg_op(bitmap, pos, order, REG_OP_ISFREE)) {
			__uk_bitopts_reg_op(bitmap, pos, order, REG_OP_ALLOC);
			return pos;
		}
	}
	return -12;	/* -ENOMEM */
}

/* Allocates the region at pos: 0, or -EBUSY if part of it is in use. */
static inline int uk_bitmap_allocate_region(unsigned long *bitmap, int pos,
					    int order)
{
	if (!__uk_bitopts_reg_op(bitmap, pos, order, REG_OP_ISFREE))
		return -16;	/* -EBUSY */
	__uk_bitopts_reg_op(bitmap, pos, order, REG_OP_ALLOC);
	return 0;
}

static inline void uk_bitmap_release_region(unsigned long *bitmap, int pos,
					    int order)
{
	__uk_bitopts_reg_op(bitmap, pos, order, REG_OP_RELEASE);
}

static inline unsigned int uk_bitmap_weight(unsigned long *addr,
					   const unsigned int size)
{
	unsigned int i, n = 0, full = size / UK_BITS_PER_LONG;

	for (i = 0; i < full; i++)
		n += uk_bitcountl(addr[i]);
	if (size % UK_BITS_PER_LONG)
		n += uk_bitcountl(addr[i] & UK_BITMAP_LAST_WORD_MASK(size));
	return n;
}

static inline int uk_bitmap_equal(const unsigned long *pa,
				  const unsigned long *pb, unsigned int size)
{
	unsigned int i, full = size / UK_BITS_PER_LONG;

	for (i = 0; i < full; i++) {
		if (pa[i] != pb[i])
			return 0;
	}
	return !(size % UK_BITS_PER_LONG) ||
	       !((pa[i] ^ pb[i]) & UK_BITMAP_LAST_WORD_MASK(size));
}

#define __UK_BITMAP_WORDWISE(dst, size, expr)				\
	do {								\
		unsigned int __i;					\
									\
		for (__i = 0; __i < UK_BITS_TO_LONGS(size); __i++)	\
			(dst)[__i] = (expr);				\
	} while (0)

static inline void uk_bitmap_complement(unsigned long *dst,
					const unsigned long *src,
					const unsigned int size)
{
	__UK_BITMAP_WORDWISE(dst, size, ~src[__i]);
}

static inline void uk_bitmap_or(unsigned long *dst, const unsigned long *src1,
				const unsigned long *src2,
				const unsigned int size)
{
	__UK_BITMAP_WORDWISE(dst, size, src1[__i] | src2[__i]);
}

static inline void uk_bitmap_and(unsigned long *dst, const unsigned long *src1,
				 const unsigned long *src2,
				 const unsigned int size)
{
	__UK_BITMAP_WORDWISE(dst, size, src1[__i] & src2[__i]);
}

static inline void uk_bitmap_xor(unsigned long *dst, const unsigned long *src1,
				 const unsigned long *src2,
				 const unsigned int size)
{
	__UK_BITMAP_WORDWISE(dst, size, src1[__i] ^ src2[__i]);
}

#endif /* __UK_BITMAP_H__ */
