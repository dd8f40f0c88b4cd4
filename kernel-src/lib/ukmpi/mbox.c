/* Mailboxes (<uk/mbox.h>): a ring of message slots between two
 * semaphores, one counting free slots and one counting messages. The slot
 * indices move under a spinlock: senders and receivers may be several. */
#include <errno.h>
#include <uk/mbox.h>
#include <uk/semaphore.h>
#include <uk/spinlock.h>
#include <uk/isr/mbox.h>

struct uk_mbox {
	size_t len;			/* slots */
	struct uk_semaphore free_slots;
	struct uk_semaphore messages;
	__spinlock lock;		/* readpos, writepos */
	size_t readpos, writepos;
	void *msgs[];
};

struct uk_mbox *uk_mbox_create(struct uk_alloc *a, size_t size)
{
	struct uk_mbox *m;

	if (!size) {
		errno = EINVAL;
		return NULL;
	}
	m = uk_malloc(a, sizeof(*m) + size * sizeof(void *));
	if (!m)
		return NULL;
	m->len = size;
	uk_semaphore_init(&m->free_slots, (long)size);
	uk_semaphore_init(&m->messages, 0);
	uk_spin_init(&m->lock);
	m->readpos = 0;
	m->writepos = 0;
	return m;
}

void uk_mbox_free(struct uk_alloc *a, struct uk_mbox *m)
{
	uk_free(a, m);
}

/* A slot was reserved (free_slots taken): fill it, count the message. */
static void put(struct uk_mbox *m, void *msg)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&m->lock, irqf);
	m->msgs[m->writepos] = msg;
	m->writepos = (m->writepos + 1) % m->len;
	uk_spin_unlock_irqrestore(&m->lock, irqf);
	uk_semaphore_up(&m->messages);
}

/* A message was reserved (messages taken): take it, free its slot. */
static void *get(struct uk_mbox *m)
{
	unsigned long irqf;
	void *msg;

	uk_spin_lock_irqsave(&m->lock, irqf);
	msg = m->msgs[m->readpos];
	m->readpos = (m->readpos + 1) % m->len;
	uk_spin_unlock_irqrestore(&m->lock, irqf);
	uk_semaphore_up(&m->free_slots);
	return msg;
}

void uk_mbox_post(struct uk_mbox *m, void *msg)
{
	uk_semaphore_down(&m->free_slots);
	put(m, msg);
}

int uk_mbox_post_try(struct uk_mbox *m, void *msg)
{
	if (!uk_semaphore_down_try(&m->free_slots))
		return -ENOBUFS;
	put(m, msg);
	return 0;
}

__nsec uk_mbox_post_to(struct uk_mbox *m, void *msg, __nsec timeout)
{
	__nsec waited = uk_semaphore_down_to(&m->free_slots, timeout);

	if (waited != __NSEC_MAX)
		put(m, msg);
	return waited;
}

void uk_mbox_recv(struct uk_mbox *m, void **msg)
{
	uk_semaphore_down(&m->messages);
	*msg = get(m);
}

int uk_mbox_recv_try(struct uk_mbox *m, void **msg)
{
	if (!uk_semaphore_down_try(&m->messages))
		return -EAGAIN;
	*msg = get(m);
	return 0;
}

__nsec uk_mbox_recv_to(struct uk_mbox *m, void **msg, __nsec timeout)
{
	__nsec waited = uk_semaphore_down_to(&m->messages, timeout);

	if (waited != __NSEC_MAX)
		*msg = get(m);
	return waited;
}

int uk_mbox_post_try_isr(struct uk_mbox *m, void *msg)
{
	return uk_mbox_post_try(m, msg);
}

int uk_mbox_recv_try_isr(struct uk_mbox *m, void **msg)
{
	return uk_mbox_recv_try(m, msg);
}
