/* memcpy, memmove and memset against byte-at-a-time references, at every
 * length around the word and burst boundaries, aligned or not, for memmove
 * overlapping both ways, and in both of the ways string.c can move bulk data
 * (whichever copy_choice.c picked for this machine is put back after). */
#include <string.h>
#include <uk/test.h>

#define AREA	600

extern int nolibc_copy_by_loop;

static unsigned char got[AREA], want[AREA];

static void pattern(unsigned char *p, unsigned int seed)
{
	unsigned int i;

	for (i = 0; i < AREA; i++)
		p[i] = (unsigned char)(i * 7 + seed);
}

/* what memmove must leave: the source read whole before anything is written */
static void reference_move(unsigned char *area, size_t to, size_t from, size_t n)
{
	static unsigned char copy[AREA];
	size_t i;

	for (i = 0; i < n; i++)
		copy[i] = area[from + i];
	for (i = 0; i < n; i++)
		area[to + i] = copy[i];
}

static int moved_right(size_t to, size_t from, size_t n)
{
	pattern(got, 1);
	pattern(want, 1);
	memmove(got + to, got + from, n);
	reference_move(want, to, from, n);
	return memcmp(got, want, AREA) == 0;
}

static int move_errors(void)
{
	int bad = 0;
	size_t n, shift;

	for (n = 0; n < 300; n += 1 + n / 16)
		for (shift = 1; shift < 20; shift += 3) {
			bad += !moved_right(shift, 0, n);	/* dst above src */
			bad += !moved_right(0, shift, n);	/* dst below src */
			bad += !moved_right(shift + 3, 5, n);	/* unaligned both */
		}
	return bad;
}

static int copy_and_fill_errors(void)
{
	int bad = 0;
	size_t n, off, i;

	for (n = 0; n < 290; n += 1 + n / 32)	/* the loop takes over at 256 */
		for (off = 0; off < 9; off += 4) {
			pattern(got, 2);
			pattern(want, 2);
			memcpy(got + 4 + off, got + 304 + off / 2, n);
			reference_move(want, 4 + off, 304 + off / 2, n);
			memset(got + 3 + off, 0xa5, n);
			for (i = 0; i < n; i++)
				want[3 + off + i] = 0xa5;
			bad += memcmp(got, want, AREA) != 0;
		}
	return bad;
}

/* errors of `check` in both ways of moving bulk data */
static int errors_both_ways(int (*check)(void))
{
	int chosen = nolibc_copy_by_loop, bad = 0;

	for (nolibc_copy_by_loop = 0; nolibc_copy_by_loop < 2; nolibc_copy_by_loop++)
		bad += check();
	nolibc_copy_by_loop = chosen;
	return bad;
}

UK_TESTCASE(nolibc, memmove_overlapping_both_ways)
{
	UK_TEST_EXPECT_ZERO(errors_both_ways(move_errors));
}

UK_TESTCASE(nolibc, memcpy_and_memset_at_every_offset_and_length)
{
	UK_TEST_EXPECT_ZERO(errors_both_ways(copy_and_fill_errors));
}
