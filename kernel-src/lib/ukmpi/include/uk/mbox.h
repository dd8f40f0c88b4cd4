/* Mailboxes (Unikraft API uk/mbox.h): a bounded FIFO of message pointers.
 * Posting waits while it is full, receiving while it is empty. */
#ifndef __UK_MBOX_H__
#define __UK_MBOX_H__

#include <stddef.h>
#include <uk/alloc.h>
#include <uk/arch/time.h>

struct uk_mbox;

/* Room for `size` messages: NULL (errno ENOMEM) on failure. */
struct uk_mbox *uk_mbox_create(struct uk_alloc *a, size_t size);
void uk_mbox_free(struct uk_alloc *a, struct uk_mbox *m);

void uk_mbox_post(struct uk_mbox *m, void *msg);
/* 0, or -ENOBUFS when full. */
int uk_mbox_post_try(struct uk_mbox *m, void *msg);
/* Waits at most timeout ns (0: for ever): the time it waited, or
 * __NSEC_MAX when it gave up. */
__nsec uk_mbox_post_to(struct uk_mbox *m, void *msg, __nsec timeout);

void uk_mbox_recv(struct uk_mbox *m, void **msg);
/* 0, or -EAGAIN when empty. */
int uk_mbox_recv_try(struct uk_mbox *m, void **msg);
__nsec uk_mbox_recv_to(struct uk_mbox *m, void **msg, __nsec timeout);

#endif /* __UK_MBOX_H__ */
