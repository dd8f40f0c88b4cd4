/* Internals shared by the files of lib/afunix. */
#ifndef __AFUNIX_IMPL_H__
#define __AFUNIX_IMPL_H__

#include <sys/socket.h>
#include <uk/afunix.h>
#include <uk/socket.h>

#define RING_SIZE	CONFIG_LIBAFUNIX_BUFFER_SIZE
#define DGRAM_HDR	sizeof(__u32)

/* ring.c */
int ring_init(struct afunix_ring *r, unsigned long size);
void ring_fini(struct afunix_ring *r);
/* Either side may ask: each counter is read as its owner last published
 * it (acquire: the bytes it covers are there, or gone). */
static inline unsigned long ring_used(const struct afunix_ring *r)
{
	return __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
}
static inline unsigned long ring_free(const struct afunix_ring *r)
{
	return r->size - ring_used(r);
}
/* Copy in/out at most n bytes, as many as fit / are there. */
unsigned long ring_put(struct afunix_ring *r, const void *src,
		       unsigned long n);
unsigned long ring_get(struct afunix_ring *r, void *dst, unsigned long n,
		       int peek);
/* The same from/to an iovec array, starting `skip` bytes into it. */
unsigned long ring_put_iov(struct afunix_ring *r, const struct iovec *iov,
			   int iovcnt, unsigned long skip, unsigned long n);
unsigned long ring_get_iov(struct afunix_ring *r, const struct iovec *iov,
			   int iovcnt, unsigned long skip, unsigned long n,
			   int peek);
void ring_drop(struct afunix_ring *r, unsigned long n);

/* handoff.c: a reader waiting on an empty ring lends its buffer */
int loan_open(const struct afunix_sock *s);
/* Reader's lock held, nothing in rx: the buffer, for writers to fill. */
void loan_offer(struct afunix_sock *s, const struct iovec *iov, size_t len);
/* A writer (peer's wlock held): the bytes it put in p's reader's buffer,
 * at most n from `skip` bytes into iov; 0 if not lent, full, or the ring
 * has bytes that must come first. */
size_t loan_fill(struct afunix_sock *p, const struct iovec *iov,
		 size_t skip, size_t n);
size_t loan_filled(const struct afunix_sock *s);
/* The reader ends the loan: the bytes it got. */
size_t loan_take_back(struct afunix_sock *s);
/* A writer about to copy n bytes into p's empty ring: if p's reader took
 * the last bytes from a writer's hands or just emptied the ring (the
 * writer says so: loan_expect), a moment for it to lend. */
void loan_expect(struct afunix_sock *p);
void loan_await(struct afunix_sock *p, size_t n);

/* sock.c */
struct afunix_sock *sock_new(int type);
void sock_get(struct afunix_sock *s);
void sock_put(struct afunix_sock *s);
/* Links two sockets as each other's peer. */
void sock_pair(struct afunix_sock *a, struct afunix_sock *b);
/* Its fd is gone (or its listener's, for a pending one). */
void sock_close(struct afunix_sock *s);
unsigned int sock_revents(struct afunix_sock *s);
/* After a change: wake s's waiters, tell its watchers. No lock held. */
void sock_changed(struct afunix_sock *s);
/* The call waits unless the socket or the call says not to. */
static inline int sock_nonblock(const struct afunix_sock *s, int flags)
{
	return s->nonblock || (flags & MSG_DONTWAIT);
}
void sock_fill_addr(const struct sockaddr_un *src, socklen_t src_len,
		    struct sockaddr *addr, socklen_t *addr_len);

/* name.c */
int name_parse(const struct sockaddr *addr, socklen_t len,
	       struct sockaddr_un *out, socklen_t *out_len);
int name_bind(struct afunix_sock *s, const struct sockaddr *addr,
	      socklen_t len);
void name_unbind(struct afunix_sock *s);
/* The socket bound to addr, with a reference; NULL if none. */
struct afunix_sock *name_lookup(const struct sockaddr *addr, socklen_t len,
				int *err);

/* stream.c */
int stream_listen(struct afunix_sock *s, int backlog);
int stream_connect(struct afunix_sock *s, const struct sockaddr *addr,
		   socklen_t len);
struct afunix_sock *stream_accept(struct afunix_sock *s, int flags,
				  int *err);
ssize_t stream_send(struct afunix_sock *s, const struct iovec *iov,
		    int iovcnt, int flags);
ssize_t stream_recv(struct afunix_sock *s, const struct iovec *iov,
		    int iovcnt, int flags);

/* dgram.c */
int dgram_connect(struct afunix_sock *s, const struct sockaddr *addr,
		  socklen_t len);
ssize_t dgram_send(struct afunix_sock *s, const struct iovec *iov,
		   int iovcnt, int flags, const struct sockaddr *to,
		   socklen_t tolen);
ssize_t dgram_recv(struct afunix_sock *s, const struct iovec *iov,
		   int iovcnt, int flags, int *truncated);

#endif /* __AFUNIX_IMPL_H__ */
