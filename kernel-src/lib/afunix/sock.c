/* AF_UNIX socket objects: life cycle, peers, readiness. */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <uk/alloc.h>
#include <uk/arch/atomic.h>
#include <vfscore/eventpoll.h>
#include <ukrepl/host.h>
#include "afunix_impl.h"

UK_LIST_HEAD(afunix_socks);

/* The host decodes state and shut by these values (<ukrepl/host.h>) */
UKREPL_CONTRACT(afunix_state, enum afunix_state) = AFUNIX_CONNECTED;
UKREPL_CONTRACT(afunix_shut, enum afunix_shut) = AFUNIX_SHUT_WR;
static __spinlock socks_lock = UK_SPINLOCK_INITIALIZER();

struct afunix_sock *sock_new(int type)
{
	struct afunix_sock *s = uk_zalloc(uk_alloc_get_default(), sizeof(*s));
	unsigned long irqf;

	if (!s)
		return NULL;
	if (ring_init(&s->rx, RING_SIZE)) {
		uk_free(uk_alloc_get_default(), s);
		return NULL;
	}
	uk_spin_init(&s->lock);
	uk_spin_init(&s->wlock);
	s->type = type;
	s->refs = 1;
	UK_INIT_LIST_HEAD(&s->pending);
	UK_INIT_LIST_HEAD(&s->pending_link);
	uk_waitq_init(&s->wq);
	UK_INIT_LIST_HEAD(&s->ecbs);
	uk_spin_lock_irqsave(&socks_lock, irqf);
	uk_list_add_tail(&s->all_link, &afunix_socks);
	uk_spin_unlock_irqrestore(&socks_lock, irqf);
	return s;
}

void sock_get(struct afunix_sock *s)
{
	ukarch_inc(&s->refs);
}

void sock_put(struct afunix_sock *s)
{
	unsigned long irqf;

	if (ukarch_dec(&s->refs) > 1)
		return;
	uk_spin_lock_irqsave(&socks_lock, irqf);
	uk_list_del_init(&s->all_link);
	uk_spin_unlock_irqrestore(&socks_lock, irqf);
	ring_fini(&s->rx);
	uk_free(uk_alloc_get_default(), s);
}

void sock_pair(struct afunix_sock *a, struct afunix_sock *b)
{
	sock_get(b);
	a->peer = b;
	sock_get(a);
	b->peer = a;
	a->state = AFUNIX_CONNECTED;
	b->state = AFUNIX_CONNECTED;
}

/*
 * The fd is gone. Connections still pending on a listener are closed as
 * if accepted and closed; the peer keeps this socket (it holds a
 * reference) and now sees end of file or EPIPE.
 */
void sock_close(struct afunix_sock *s)
{
	struct afunix_sock *p, *n;
	unsigned long irqf;
	UK_LIST_HEAD(pending);

	name_unbind(s);
	uk_spin_lock_irqsave(&s->lock, irqf);
	s->closed = 1;
	uk_list_for_each_entry_safe(p, n, &s->pending, pending_link) {
		uk_list_del_init(&p->pending_link);
		uk_list_add_tail(&p->pending_link, &pending);
	}
	s->npending = 0;
	uk_spin_unlock_irqrestore(&s->lock, irqf);
	uk_list_for_each_entry_safe(p, n, &pending, pending_link) {
		uk_list_del_init(&p->pending_link);
		sock_close(p);
	}
	sock_changed(s);	/* connectors waiting for room give up */
	if (s->peer) {
		sock_changed(s->peer);
		sock_put(s->peer);
	}
	sock_put(s);
}

static int peer_gone(const struct afunix_sock *s)
{
	const struct afunix_sock *p = s->peer;

	return p && (p->closed || (p->shut & AFUNIX_SHUT_WR));
}

static unsigned int stream_revents(struct afunix_sock *s)
{
	struct afunix_sock *p = s->peer;
	unsigned int ev = 0;

	if (s->state != AFUNIX_CONNECTED)
		return EPOLLHUP;
	if (ring_used(&s->rx))
		ev |= EPOLLIN | EPOLLRDNORM;
	if ((s->shut & AFUNIX_SHUT_RD) || peer_gone(s))
		ev |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	if (p->closed || (s->shut == (AFUNIX_SHUT_RD | AFUNIX_SHUT_WR)))
		ev |= EPOLLHUP;
	/* writable: a write would not wait (it may fail with EPIPE) */
	if (p->closed || (p->shut & AFUNIX_SHUT_RD) ||
	    (s->shut & AFUNIX_SHUT_WR) || ring_free(&p->rx))
		ev |= EPOLLOUT | EPOLLWRNORM;
	return ev;
}

static unsigned int dgram_revents(struct afunix_sock *s)
{
	struct afunix_sock *p = s->peer;
	unsigned int ev = 0;

	if (s->rx_msgs || (s->shut & AFUNIX_SHUT_RD))
		ev |= EPOLLIN | EPOLLRDNORM;
	if (!p || p->closed || ring_free(&p->rx) > DGRAM_HDR)
		ev |= EPOLLOUT | EPOLLWRNORM;
	return ev;
}

unsigned int sock_revents(struct afunix_sock *s)
{
	if (s->state == AFUNIX_LISTENING)
		return s->npending ? EPOLLIN | EPOLLRDNORM : 0;
	if (s->type == SOCK_DGRAM)
		return dgram_revents(s);
	return stream_revents(s);
}

void sock_changed(struct afunix_sock *s)
{
	uk_waitq_wake_up(&s->wq);
	if (!uk_list_empty(&s->ecbs))	/* before the work of revents */
		eventpoll_signal_list(&s->ecbs, sock_revents(s));
}

void sock_fill_addr(const struct sockaddr_un *src, socklen_t src_len,
		    struct sockaddr *addr, socklen_t *addr_len)
{
	struct sockaddr_un unnamed = { .sun_family = AF_UNIX };

	if (!addr || !addr_len)
		return;
	if (!src_len) {
		src = &unnamed;
		src_len = sizeof(sa_family_t);
	}
	memcpy(addr, src, MIN(*addr_len, src_len));
	*addr_len = src_len;
}
