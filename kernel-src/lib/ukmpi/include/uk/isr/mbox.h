/* Mailboxes from interrupt context (Unikraft API uk/isr/mbox.h): the
 * attempts that never sleep. */
#ifndef __UK_ISR_MBOX_H__
#define __UK_ISR_MBOX_H__

#include <uk/mbox.h>

int uk_mbox_post_try_isr(struct uk_mbox *m, void *msg);
int uk_mbox_recv_try_isr(struct uk_mbox *m, void **msg);

#endif /* __UK_ISR_MBOX_H__ */
