/* Datagram sockets: each message goes whole into the receiver's ring,
 * after a __u32 length; a read takes one message (the rest of a message
 * longer than the buffer is dropped, as MSG_TRUNC says). */
#include <errno.h>
#include <uk/wait.h>
#include <vfscore/file.h>
#include "afunix_impl.h"

int dgram_connect(struct afunix_sock *s, const struct sockaddr *addr,
		  socklen_t len)
{
	struct afunix_sock *t;
	int rc;

	t = name_lookup(addr, len, &rc);
	if (!t)
		return rc;
	if (t->type != SOCK_DGRAM) {
		sock_put(t);
		return -EPROTOTYPE;
	}
	if (s->peer)
		sock_put(s->peer);
	s->peer = t;		/* keeps the lookup's reference */
	s->state = AFUNIX_CONNECTED;
	return 0;
}

/* Puts one message into t if it fits; returns whether it did. */
static int put_msg(struct afunix_sock *t, const struct iovec *iov,
		   int iovcnt, __u32 len)
{
	unsigned long irqf;
	int ok;

	uk_spin_lock_irqsave(&t->lock, irqf);
	ok = ring_free(&t->rx) >= len + DGRAM_HDR;
	if (ok) {
		ring_put(&t->rx, &len, DGRAM_HDR);
		ring_put_iov(&t->rx, iov, iovcnt, 0, len);
		t->rx_msgs++;
	}
	uk_spin_unlock_irqrestore(&t->lock, irqf);
	return ok;
}

static ssize_t send_to(struct afunix_sock *s, struct afunix_sock *t,
		       const struct iovec *iov, int iovcnt, int flags)
{
	size_t len = vfscore_iov_total(iov, iovcnt);

	if (len + DGRAM_HDR > t->rx.size)
		return -EMSGSIZE;
	for (;;) {
		if (t->closed || (t->shut & AFUNIX_SHUT_RD))
			return -ECONNREFUSED;
		if (put_msg(t, iov, iovcnt, (__u32)len))
			break;
		if (sock_nonblock(s, flags))
			return -EAGAIN;
		uk_waitq_wait_event(&t->wq, ring_free(&t->rx) >= len + DGRAM_HDR
					    || t->closed);
	}
	s->bytes_sent += len;
	sock_changed(t);
	return (ssize_t)len;
}

ssize_t dgram_send(struct afunix_sock *s, const struct iovec *iov,
		   int iovcnt, int flags, const struct sockaddr *to,
		   socklen_t tolen)
{
	struct afunix_sock *t;
	ssize_t rc;
	int err;

	if (s->shut & AFUNIX_SHUT_WR)
		return -EPIPE;
	if (to) {
		t = name_lookup(to, tolen, &err);
		if (!t)
			return err;
	} else if (s->peer) {
		t = s->peer;
		sock_get(t);
	} else {
		return -ENOTCONN;
	}
	rc = t->type == SOCK_DGRAM ? send_to(s, t, iov, iovcnt, flags)
				   : -EPROTOTYPE;
	sock_put(t);
	return rc;
}

/* Takes (or with MSG_PEEK copies) the next message; lock held. */
static ssize_t get_msg(struct afunix_sock *s, const struct iovec *iov,
		       int iovcnt, int flags, int *truncated)
{
	unsigned long start = s->rx.tail, n;
	size_t room = vfscore_iov_total(iov, iovcnt);
	__u32 len;

	ring_get(&s->rx, &len, DGRAM_HDR, 0);
	n = ring_get_iov(&s->rx, iov, iovcnt, 0, MIN((size_t)len, room),
			 0);
	*truncated = len > room;
	if (flags & MSG_PEEK) {
		s->rx.tail = start;
	} else {
		ring_drop(&s->rx, len - n);
		s->rx_msgs--;
		s->bytes_received += len;
	}
	return (flags & MSG_TRUNC) ? (ssize_t)len : (ssize_t)n;
}

ssize_t dgram_recv(struct afunix_sock *s, const struct iovec *iov,
		   int iovcnt, int flags, int *truncated)
{
	unsigned long irqf;
	ssize_t rc;

	for (;;) {
		uk_spin_lock_irqsave(&s->lock, irqf);
		rc = s->rx_msgs ? get_msg(s, iov, iovcnt, flags, truncated)
				: -EAGAIN;
		uk_spin_unlock_irqrestore(&s->lock, irqf);
		if (rc >= 0) {
			if (!(flags & MSG_PEEK))
				sock_changed(s);	/* senders: room */
			return rc;
		}
		if (s->shut & AFUNIX_SHUT_RD)
			return 0;
		if (sock_nonblock(s, flags))
			return -EAGAIN;
		uk_waitq_wait_event(&s->wq, s->rx_msgs ||
					    (s->shut & AFUNIX_SHUT_RD));
	}
}
