/* AF_UNIX handoff: a reader waiting in read lends its buffer and writers
 * copy straight into it (lib/afunix/handoff.c); the bytes must come out
 * the same as through the ring: all of them, in order, in the iovecs. */
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <uk/sched.h>
#include <uk/test.h>
#include <uk/thread.h>
#include "stream_pattern.h"

static int lender_fd;
static volatile unsigned long lender_got;
static unsigned long lender_bad;

static unsigned long check(const unsigned char *p, unsigned long n,
			   unsigned long at)
{
	unsigned long i, bad = 0;

	for (i = 0; i < n; i++)
		bad += p[i] != pattern(at + i);
	return bad;
}

/* Three iovecs, one empty and one larger than the ring (a loan can take
 * a whole write, and more writes after it). */
static void lending_reader(void *arg __unused)
{
	static unsigned char a[13], c[CONFIG_LIBAFUNIX_BUFFER_SIZE + 4099];
	struct iovec iov[3] = { { a, sizeof(a) }, { NULL, 0 },
				{ c, sizeof(c) } };
	unsigned long n, first;
	ssize_t got;

	while ((got = readv(lender_fd, iov, 3)) > 0) {
		n = (unsigned long)got;
		first = MIN(n, sizeof(a));
		lender_bad += check(a, first, lender_got);
		lender_bad += check(c, n - first, lender_got + first);
		lender_got += n;
	}
}

UK_TESTCASE(afunix_handoff, writes_land_in_a_waiting_readers_iovecs)
{
	static unsigned char block[2 * CONFIG_LIBAFUNIX_BUFFER_SIZE];
	const unsigned long sizes[] = { CONFIG_LIBAFUNIX_BUFFER_SIZE, 5,
					sizeof(block), 1, 4096, 40000 };
	struct uk_thread *t;
	long sent;
	int sv[2];

	UK_TEST_ASSERT_ZERO(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	lender_fd = sv[1];
	lender_got = 0;
	lender_bad = 0;
	/* on CPU 1 when there is one: it waits there while CPU 0 writes */
	t = uk_thread_create("lender", lending_reader, NULL);
	UK_TEST_ASSERT_NOT_NULL(t);
	sent = write_pattern(sv[0], sizes, ARRAY_SIZE(sizes), block,
			     sizeof(block), 16 * CONFIG_LIBAFUNIX_BUFFER_SIZE);
	UK_TEST_EXPECT_SNUM_GE(sent, 16 * CONFIG_LIBAFUNIX_BUFFER_SIZE);
	UK_TEST_EXPECT_ZERO(close(sv[0]));
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t));
	UK_TEST_EXPECT_SNUM_EQ(lender_got, sent);
	UK_TEST_EXPECT_SNUM_EQ(lender_bad, 0);
	UK_TEST_EXPECT_ZERO(close(sv[1]));
}

#define NOT_YET	(-2)
static volatile ssize_t first_read, eof_read;

static void eof_reader(void *arg __unused)
{
	char buf[4096];

	first_read = read(lender_fd, buf, sizeof(buf));
	eof_read = read(lender_fd, buf, sizeof(buf));	/* lends, waits */
}

UK_TESTCASE(afunix_handoff, a_lent_buffer_comes_back_empty_at_eof)
{
	struct uk_thread *t;
	int sv[2];

	UK_TEST_ASSERT_ZERO(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	lender_fd = sv[1];
	first_read = NOT_YET;
	eof_read = NOT_YET;
	t = uk_thread_create("eof_reader", eof_reader, NULL);
	UK_TEST_ASSERT_NOT_NULL(t);
	UK_TEST_EXPECT_SNUM_EQ(write(sv[0], "x", 1), 1);
	while (first_read == NOT_YET)	/* then it reads again, and waits */
		uk_sched_yield();
	UK_TEST_EXPECT_ZERO(close(sv[0]));
	UK_TEST_EXPECT_ZERO(uk_thread_wait(t));
	UK_TEST_EXPECT_SNUM_EQ(first_read, 1);
	UK_TEST_EXPECT_SNUM_EQ(eof_read, 0);
	UK_TEST_EXPECT_ZERO(close(sv[1]));
}

uk_testsuite_register(afunix_handoff, NULL);
