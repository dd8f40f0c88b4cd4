/* Byte rings: a power-of-two buffer with free-running head and tail. */
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
	r->head += n;
	return n;
}

unsigned long ring_get(struct afunix_ring *r, void *dst, unsigned long n,
		       int peek)
{
	n = MIN(n, ring_used(r));
	ring_copy(r, r->tail, dst, n, 0);
	if (!peek)
		r->tail += n;
	return n;
}

void ring_drop(struct afunix_ring *r, unsigned long n)
{
	r->tail += MIN(n, ring_used(r));
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

unsigned long ring_get_iov(struct afunix_ring *r, const struct iovec *iov,
			   int iovcnt, unsigned long n, int peek)
{
	unsigned long start = r->tail, done = 0, got;
	int i;

	for (i = 0; i < iovcnt && done < n; i++) {
		got = ring_get(r, iov[i].iov_base,
			       MIN(iov[i].iov_len, n - done), 0);
		done += got;
		if (got < iov[i].iov_len)
			break;
	}
	if (peek)
		r->tail = start;
	return done;
}
