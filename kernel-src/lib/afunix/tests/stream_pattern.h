/* What the AF_UNIX stream tests write and check: a byte pattern with no run
 * that repeats within a ring, written in writes of changing sizes. */
#ifndef __AFUNIX_TESTS_STREAM_PATTERN_H__
#define __AFUNIX_TESTS_STREAM_PATTERN_H__

#include <unistd.h>
#include <uk/essentials.h>

/* The byte at stream offset i */
static inline unsigned char pattern(unsigned long i)
{
	return (unsigned char)(i ^ (i >> 9) ^ (i >> 18));
}

/*
 * Writes the pattern to fd until at least `total` bytes went, in writes of
 * sizes[] in turn (each at most block_size, block being the buffer to fill);
 * returns the bytes written, or -1 after a short or failed write.
 */
static inline long write_pattern(int fd, const unsigned long *sizes,
				 unsigned int nsizes, unsigned char *block,
				 unsigned long block_size, unsigned long total)
{
	unsigned long sent = 0, n, i, k;

	for (k = 0; sent < total; k++) {
		n = MIN(sizes[k % nsizes], block_size);
		for (i = 0; i < n; i++)
			block[i] = pattern(sent + i);
		if (write(fd, block, n) != (ssize_t)n)
			return -1;
		sent += n;
	}
	return (long)sent;
}

#endif /* __AFUNIX_TESTS_STREAM_PATTERN_H__ */
