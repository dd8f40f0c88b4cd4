/* Handoff: a stream reader that waits on an empty ring lends its buffer,
 * and writers copy straight into it.
 *
 * Through the ring every byte is copied twice, once in and once out; a
 * reader that already waits needs none of that: one copy, by the writer,
 * from its buffer to the reader's, while the reader's CPU only waits (no
 * second copy for it to keep up with). Writers keep appending to the loan
 * until the reader takes it back, so a reader that is slow to run again
 * collects many writes at once.
 *
 * The loan lives in the socket (s->loan), so a writer never touches a
 * reader's stack after the reader has left. Its state says who may touch
 * the buffer: OPEN, any writer may claim it (compare-and-swap to FILLING)
 * and copy; the reader takes it back with a compare-and-swap from OPEN to
 * NONE, and waits out a writer's copy to do so. Bytes stay in order: a
 * writer fills only while the ring is empty, and the ring cannot fill
 * behind its back (writers hold the peer's wlock). */
#include <string.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include "afunix_impl.h"

enum {
	LOAN_NONE,
	LOAN_OPEN,
	LOAN_FILLING,
};

/* Copies n bytes from the src iovecs (from `skip` bytes in) to the dst
 * iovecs (from `doff` bytes in); n fits both. */
static void copy_iov(const struct iovec *dst, size_t doff,
		     const struct iovec *src, size_t skip, size_t n)
{
	size_t k;

	while (skip >= src->iov_len) {
		skip -= src->iov_len;
		src++;
	}
	while (n) {
		while (doff >= dst->iov_len) {
			doff -= dst->iov_len;
			dst++;
		}
		k = MIN(MIN(n, src->iov_len - skip), dst->iov_len - doff);
		memcpy((__u8 *)dst->iov_base + doff,
		       (const __u8 *)src->iov_base + skip, k);
		n -= k;
		doff += k;
		skip += k;
		if (skip == src->iov_len) {
			src++;
			skip = 0;
		}
	}
}

static int loan_move(struct afunix_loan *loan, int from, int to)
{
	return __atomic_compare_exchange_n(&loan->state, &from, to, 0,
					   __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

int loan_open(const struct afunix_sock *s)
{
	return __atomic_load_n(&s->loan.state, __ATOMIC_ACQUIRE) != LOAN_NONE;
}

/* Open with room left (a racy look, for waiting on). */
static int loan_has_room(const struct afunix_sock *s)
{
	return loan_open(s) && s->loan.filled < s->loan.len;
}

void loan_offer(struct afunix_sock *s, const struct iovec *iov, size_t len)
{
	struct afunix_loan *loan = &s->loan;

	loan->iov = iov;
	loan->len = len;
	loan->filled = 0;
	loan->cpu = ukplat_lcpu_idx();
	/* release: a writer that sees it open sees it whole */
	__atomic_store_n(&loan->state, LOAN_OPEN, __ATOMIC_RELEASE);
}

size_t loan_fill(struct afunix_sock *p, const struct iovec *iov,
		 size_t skip, size_t n)
{
	struct afunix_loan *loan = &p->loan;

	if (ring_used(&p->rx) || !loan_move(loan, LOAN_OPEN, LOAN_FILLING))
		return 0;
	n = MIN(n, loan->len - loan->filled);
	if (!n) {			/* full: the rest waits in the ring */
		__atomic_store_n(&loan->state, LOAN_OPEN, __ATOMIC_RELEASE);
		return 0;
	}
	copy_iov(loan->iov, loan->filled, iov, skip, n);
	loan->filled += n;
	/* it will be back for more, most likely; on another CPU, it can */
	p->loan_expected = loan->cpu != ukplat_lcpu_idx();
	/* release: the reader that takes it back sees the bytes */
	__atomic_store_n(&loan->state, LOAN_OPEN, __ATOMIC_RELEASE);
	return n;
}

size_t loan_filled(const struct afunix_sock *s)
{
	return __atomic_load_n(&s->loan.filled, __ATOMIC_ACQUIRE);
}

size_t loan_take_back(struct afunix_sock *s)
{
	struct afunix_loan *loan = &s->loan;

	while (!loan_move(loan, LOAN_OPEN, LOAN_NONE)) {
		/* a writer is copying (at most LOAN_MAX bytes, on another
		 * CPU: it holds its lock with interrupts off): watch it end,
		 * with plain loads (see uksched's wait.c) */
		while (__atomic_load_n(&loan->state, __ATOMIC_ACQUIRE) ==
		       LOAN_FILLING)
			;
	}
	return loan->filled;
}

void loan_expect(struct afunix_sock *p)
{
	p->loan_expected = 1;
}

/*
 * A writer that would copy into the ring waits for the reader it filled
 * last, or that just emptied the ring, to lend (or to take back a full
 * loan and lend anew), since that reader is on its way (it returns with
 * the bytes and reads again) and a handoff saves a second copy of the
 * write. It waits at most as long as copying the write would take at the
 * speed of its last copy, what the ring would cost it: the bound follows
 * the accelerator's speed and the host's load. A reader that does not
 * come back in time stops the waiting until it lends again by itself.
 */
void loan_await(struct afunix_sock *p, size_t n)
{
	__nsec end;

	if (!p->loan_expected)
		return;
	end = ukplat_monotonic_clock() + p->copy_page_ns * n / __PAGE_SIZE;
	/* plain loads, no spin hint: see uksched's wait.c */
	while (!loan_has_room(p)) {
		if (ring_used(&p->rx) || ukplat_monotonic_clock() >= end) {
			p->loan_expected = 0;
			return;
		}
	}
}
