/* Byte rings: a power-of-two buffer with free-running head and tail.
 *
 * One writer and one reader at a time (the caller's locks see to that; a
 * stream's writers and its reader take different ones), so each side owns
 * its counter and only reads the other's. A side publishes its counter
 * after its copy (release) and reads the other's before it copies
 * (acquire): the reader never sees a head ahead of the bytes, the writer
 * never overwrites bytes the reader is still copying out. */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include "afunix_impl.h"

int ring_init(struct afunix_ring *r, unsigned long size)
{
	r->buf = uk_palloc(uk_alloc_get_default(),
			   DIV_ROUND_UP(size, __PAGE_SIZE));
	if (!r->buf)
		return -ENOMEM;
	r->size = size;
	r->head = 0;
	r->tail = 0;
	return 0;
}

void ring_fini(struct afunix_ring *r)
{
	uk_pfree(uk_alloc_get_default(), r->buf,
		 DIV_ROUND_UP(r->size, __PAGE_SIZE));
}

/* Copies n bytes at ring position pos (wrapping) to or from the buffer. */
static void ring_copy(struct afunix_ring *r, unsigned long pos, void *mem,
		      unsigned long n, int to_ring)
{
	unsigned long off = pos & (r->size - 1);
	unsigned long first = MIN(n, r->size - off);

	if (to_ring) {
		memcpy(r->buf + off, mem, first);
		memcpy(r->buf, (__u8 *)mem + first, n - first);
	} else {
		memcpy(mem, r->buf + off, first);
		memcpy((__u8 *)mem + first, r->buf, n - first);
	}
}

unsigned long ring_put(struct afunix_ring *r, const void *src,
		       unsigned long n)
{
	n = MIN(n, ring_free(r));
	ring_copy(r, r->head, (void *)src, n, 1);
	__atomic_store_n(&r->head, r->head + n, __ATOMIC_RELEASE);
	return n;
}

/* From ring position pos, which the caller has not published yet. */
static unsigned long get_at(struct afunix_ring *r, unsigned long pos,
			    void *dst, unsigned long n)
{
	n = MIN(n, __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) - pos);
	ring_copy(r, pos, dst, n, 0);
	return n;
}

static void publish_tail(struct afunix_ring *r, unsigned long tail)
{
	__atomic_store_n(&r->tail, tail, __ATOMIC_RELEASE);
}

unsigned long ring_get(struct afunix_ring *r, void *dst, unsigned long n,
		       int peek)
{
	n = get_at(r, r->tail, dst, n);
	if (!peek)
		publish_tail(r, r->tail + n);
	return n;
}

void ring_drop(struct afunix_ring *r, unsigned long n)
{
	publish_tail(r, r->tail + MIN(n, ring_used(r)));
}

unsigned long ring_put_iov(struct afunix_ring *r, const struct iovec *iov,
			   int iovcnt, unsigned long skip, unsigned long n)
{
	unsigned long done = 0, k, got;
	int i;

	for (i = 0; i < iovcnt && done < n; i++) {
		if (skip >= iov[i].iov_len) {
			skip -= iov[i].iov_len;
			continue;
		}
		k = MIN(iov[i].iov_len - skip, n - done);
		got = ring_put(r, (__u8 *)iov[i].iov_base + skip, k);
		done += got;
		skip = 0;
		if (got < k)
			break;
	}
	return done;
}

/* A peek copies without publishing: the bytes stay the writer's to keep
 * off, not to overwrite. */
unsigned long ring_get_iov(struct afunix_ring *r, const struct iovec *iov,
			   int iovcnt, unsigned long skip, unsigned long n,
			   int peek)
{
	unsigned long pos = r->tail, done = 0, k, got;
	int i;

	for (i = 0; i < iovcnt && done < n; i++) {
		if (skip >= iov[i].iov_len) {
			skip -= iov[i].iov_len;
			continue;
		}
		k = MIN(iov[i].iov_len - skip, n - done);
		got = get_at(r, pos, (__u8 *)iov[i].iov_base + skip, k);
		pos += got;
		done += got;
		skip = 0;
		if (got < k)
			break;
	}
	if (!peek)
		publish_tail(r, pos);
	return done;
}
