/* Stream sockets: listen, connect, accept, and bytes through the peer's
 * ring. Each end reads its own ring and writes into its peer's. */
#include <errno.h>
#include <uk/wait.h>
#include <uk/plat/time.h>
#include <vfscore/file.h>
#include "afunix_impl.h"

int stream_listen(struct afunix_sock *s, int backlog)
{
	if (s->state == AFUNIX_CONNECTED)
		return -EINVAL;
	if (!s->bound)
		return -EINVAL;		/* no name to connect to */
	s->backlog = MIN(MAX(backlog, 1), SOMAXCONN);
	s->state = AFUNIX_LISTENING;
	return 0;
}

/* Queues a new server end on listener l; waits for room in the backlog. */
static int enqueue(struct afunix_sock *l, struct afunix_sock *server,
		   int nonblock)
{
	unsigned long irqf;

	for (;;) {
		if (l->closed || l->state != AFUNIX_LISTENING)
			return -ECONNREFUSED;
		uk_spin_lock_irqsave(&l->lock, irqf);
		if (l->npending < l->backlog && !l->closed) {
			uk_list_add_tail(&server->pending_link, &l->pending);
			l->npending++;
			uk_spin_unlock_irqrestore(&l->lock, irqf);
			return 0;
		}
		uk_spin_unlock_irqrestore(&l->lock, irqf);
		if (nonblock)
			return -EAGAIN;
		uk_waitq_wait_event(&l->wq, l->npending < l->backlog ||
					    l->closed);
	}
}

int stream_connect(struct afunix_sock *s, const struct sockaddr *addr,
		   socklen_t len)
{
	struct afunix_sock *l, *server;
	int rc;

	if (s->state == AFUNIX_CONNECTED)
		return -EISCONN;
	if (s->state == AFUNIX_LISTENING)
		return -EINVAL;
	l = name_lookup(addr, len, &rc);
	if (!l)
		return rc;
	rc = -ECONNREFUSED;
	if (l->type != SOCK_STREAM || l->state != AFUNIX_LISTENING)
		goto out;
	rc = -ENOMEM;
	server = sock_new(SOCK_STREAM);
	if (!server)
		goto out;
	server->addr = l->addr;
	server->addr_len = l->addr_len;
	sock_pair(s, server);
	rc = enqueue(l, server, s->nonblock);
	if (rc) {
		s->state = AFUNIX_UNCONNECTED;
		sock_close(server);	/* drops s's link too */
		sock_put(s->peer);
		s->peer = NULL;
	} else {
		sock_changed(l);	/* acceptors */
	}
out:
	sock_put(l);
	return rc;
}

static struct afunix_sock *dequeue(struct afunix_sock *l)
{
	struct afunix_sock *server = NULL;
	unsigned long irqf;

	uk_spin_lock_irqsave(&l->lock, irqf);
	if (!uk_list_empty(&l->pending)) {
		server = uk_list_first_entry(&l->pending, struct afunix_sock,
					     pending_link);
		uk_list_del_init(&server->pending_link);
		l->npending--;
	}
	uk_spin_unlock_irqrestore(&l->lock, irqf);
	return server;
}

struct afunix_sock *stream_accept(struct afunix_sock *l, int flags,
				  int *err)
{
	struct afunix_sock *server;

	if (l->type != SOCK_STREAM) {
		*err = -EOPNOTSUPP;
		return NULL;
	}
	if (l->state != AFUNIX_LISTENING) {
		*err = -EINVAL;
		return NULL;
	}
	while (!(server = dequeue(l))) {
		if (sock_nonblock(l, 0)) {
			*err = -EAGAIN;
			return NULL;
		}
		uk_waitq_wait_event(&l->wq, l->npending > 0);
	}
	server->nonblock = !!(flags & SOCK_NONBLOCK);
	sock_changed(l);	/* room for a connector */
	return server;
}

static int cannot_send(const struct afunix_sock *s)
{
	const struct afunix_sock *p = s->peer;

	return (s->shut & AFUNIX_SHUT_WR) || p->closed ||
	       (p->shut & AFUNIX_SHUT_RD);
}

/*
 * The most one copy moves before it is published: the reader (on another
 * CPU, say) starts on the first piece while the writer copies the next,
 * and the other way round for room.
 */
#define PIECE	(RING_SIZE / 4UL)
/* The most a writer copies into a reader's buffer at once: a ring's
 * worth, as much as the ring would have given that reader (interrupts
 * are off while the writers' lock is held). */
#define LOAN_MAX	((size_t)RING_SIZE)

/* Writers' lock held: straight into a waiting reader's buffer when there
 * is one, else piece after piece into the ring while there is room, each
 * published and announced before the next. Each copy is timed: how long
 * a writer may wait for a loan (handoff.c) follows the speed of copies. */
static size_t put_pieces(struct afunix_sock *s, struct afunix_sock *p,
			 const struct iovec *iov, int iovcnt, size_t done,
			 size_t total)
{
	size_t start = done, n;
	__nsec t;

	while (done < total && !cannot_send(s)) {
		t = ukplat_monotonic_clock();
		n = loan_fill(p, iov, done, MIN(total - done, LOAN_MAX));
		if (!n)
			n = ring_put_iov(&p->rx, iov, iovcnt, done,
					 MIN(total - done, PIECE));
		if (!n)
			break;
		t = ukplat_monotonic_clock() - t;
		p->copy_page_ns = t * __PAGE_SIZE / n;
		done += n;
		s->bytes_sent += n;
		sock_changed(p);
	}
	return done - start;
}

ssize_t stream_send(struct afunix_sock *s, const struct iovec *iov,
		    int iovcnt, int flags)
{
	size_t total = vfscore_iov_total(iov, iovcnt), done = 0, n;
	struct afunix_sock *p = s->peer;
	unsigned long irqf;

	if (s->state != AFUNIX_CONNECTED)
		return -ENOTCONN;
	while (done < total || !total) {
		if (cannot_send(s))
			return done ? (ssize_t)done : -EPIPE;
		if (!total)
			return 0;
		if (total - done >= PIECE && !sock_nonblock(s, flags))
			loan_await(p, MIN(total - done, LOAN_MAX));
		uk_spin_lock_irqsave(&p->wlock, irqf);
		n = put_pieces(s, p, iov, iovcnt, done, total);
		uk_spin_unlock_irqrestore(&p->wlock, irqf);
		done += n;
		if (done == total)
			break;
		if (n)
			continue;
		if (sock_nonblock(s, flags))
			return done ? (ssize_t)done : -EAGAIN;
		/* for room for the rest (a ring's worth at most: then until
		 * the reader has emptied it), not for the first piece: a
		 * writer that tops a ring up keeps it full and every byte going
		 * through it, while a reader that drains it lends next */
		uk_waitq_wait_event(&p->wq, ring_free(&p->rx) >=
					    MIN(total - done, p->rx.size) ||
					    cannot_send(s));
		loan_expect(p);
	}
	return (ssize_t)done;
}

/* End of file: nothing more can come (checked before looking at rx). */
static int at_eof(const struct afunix_sock *s)
{
	const struct afunix_sock *p = s->peer;

	return (s->shut & AFUNIX_SHUT_RD) || p->closed ||
	       (p->shut & AFUNIX_SHUT_WR);
}

/* Reader's lock held: takes piece after piece while there are bytes and
 * room (a writer on another CPU keeps filling the room each piece frees);
 * a peek takes what is there at once. */
static size_t take_pieces(struct afunix_sock *s, const struct iovec *iov,
			  int iovcnt, size_t total, int peek)
{
	size_t done = 0, n;

	do {
		n = ring_get_iov(&s->rx, iov, iovcnt, done,
				 peek ? total : MIN(total - done, PIECE), peek);
		done += n;
		if (n && !peek) {
			s->bytes_received += n;
			sock_changed(s);	/* writers: room */
			sock_changed(s->peer);	/* its EPOLLOUT */
		}
	} while (n && !peek && done < total);
	return done;
}

/* Waits with its buffer lent (handoff.c): the bytes writers put there. */
static size_t wait_lent(struct afunix_sock *s)
{
	unsigned long irqf;
	size_t got;

	uk_waitq_wait_event(&s->wq, loan_filled(s) || ring_used(&s->rx) ||
				    at_eof(s));
	got = loan_take_back(s);
	uk_spin_lock_irqsave(&s->lock, irqf);	/* other readers count too */
	s->bytes_received += got;
	uk_spin_unlock_irqrestore(&s->lock, irqf);
	return got;
}

ssize_t stream_recv(struct afunix_sock *s, const struct iovec *iov,
		    int iovcnt, int flags)
{
	size_t total = vfscore_iov_total(iov, iovcnt), done;
	int peek = !!(flags & MSG_PEEK), eof, lend;
	unsigned long irqf;

	if (s->state != AFUNIX_CONNECTED)
		return -ENOTCONN;
	if (!total)
		return 0;
	for (;;) {
		eof = at_eof(s);
		uk_spin_lock_irqsave(&s->lock, irqf);
		done = take_pieces(s, iov, iovcnt, total, peek);
		/* about to wait for bytes: a writer may put them straight
		 * here (a peek must leave them in the ring) */
		lend = !done && !eof && !peek && !sock_nonblock(s, flags) &&
		       !loan_open(s);
		if (lend)
			loan_offer(s, iov, total);
		uk_spin_unlock_irqrestore(&s->lock, irqf);
		if (done)
			return (ssize_t)done;
		if (eof)
			return 0;
		if (sock_nonblock(s, flags))
			return -EAGAIN;
		if (lend && (done = wait_lent(s)))
			return (ssize_t)done;
		if (!lend)
			uk_waitq_wait_event(&s->wq, ring_used(&s->rx) ||
						    at_eof(s));
	}
}
