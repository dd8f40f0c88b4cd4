/* The eventpoll API: interest lists, the triggered list and waiting. See
 * include/vfscore/eventpoll.h for the locking rule. */
#include <errno.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/wait.h>
#include <uk/plat/time.h>
#include <vfscore/eventpoll.h>

__spinlock eventpoll_lock = UK_SPINLOCK_INITIALIZER();

/* Conditions always reported, whether asked for or not (as epoll(7)). */
#define ALWAYS		(EPOLLERR | EPOLLHUP | EPOLLNVAL)
/* The flags of epoll_event.events that are not conditions. */
#define MODIFIERS	(EPOLLET | EPOLLONESHOT | EPOLLEXCLUSIVE | EPOLLWAKEUP)

static unsigned int wanted(const struct eventpoll_fd *efd)
{
	return (efd->event.events & ~MODIFIERS) | ALWAYS;
}

/* Default for files without a poll operation: always ready. */
#define NOPOLL_MASK	(EPOLLIN | EPOLLRDNORM | EPOLLOUT | EPOLLWRNORM)

/* Lock held. The file's current conditions; registers the entry's cb. */
static unsigned int poll_file(struct eventpoll_fd *efd)
{
	struct vfscore_file *fp = efd->vfs_file;
	unsigned int revents = 0;

	if (!fp->f_op->poll)
		return NOPOLL_MASK;
	if (fp->f_op->poll(fp, &revents, &efd->cb))
		return EPOLLERR;
	return revents;
}

/* Lock held. */
static void trigger(struct eventpoll_fd *efd)
{
	if (efd->disarmed || !uk_list_empty(&efd->tr_link))
		return;
	uk_list_add_tail(&efd->tr_link, &efd->ep->tr_list);
	uk_waitq_wake_up(&efd->ep->wq);
}

/* Lock held: links an entry and looks at the file once. */
static void link_efd(struct eventpoll *ep, struct eventpoll_fd *efd)
{
	efd->ep = ep;
	uk_list_add_tail(&efd->fd_link, &ep->fd_list);
	uk_list_add_tail(&efd->f_link, &efd->vfs_file->f_ep);
	ep->nr_fds++;
	if (poll_file(efd) & wanted(efd))
		trigger(efd);
}

/* Lock held: unlinks an entry from everything and frees it. */
static void unlink_efd(struct eventpoll_fd *efd)
{
	if (efd->cb.unregister)
		efd->cb.unregister(&efd->cb);
	uk_list_del_init(&efd->fd_link);
	uk_list_del_init(&efd->tr_link);
	uk_list_del_init(&efd->f_link);
	efd->ep->nr_fds--;
	uk_free(efd->ep->a, efd);
}

static struct eventpoll_fd *find(struct eventpoll *ep, int fd)
{
	struct eventpoll_fd *efd;

	uk_list_for_each_entry(efd, &ep->fd_list, fd_link) {
		if (efd->fd == fd)
			return efd;
	}
	return NULL;
}

void eventpoll_add_unsafe(struct eventpoll *ep, struct eventpoll_fd *efd)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&eventpoll_lock, irqf);
	link_efd(ep, efd);
	uk_spin_unlock_irqrestore(&eventpoll_lock, irqf);
}

void eventpoll_del_unsafe(struct eventpoll_fd *efd)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&eventpoll_lock, irqf);
	unlink_efd(efd);
	uk_spin_unlock_irqrestore(&eventpoll_lock, irqf);
}

int eventpoll_add(struct eventpoll *ep, int fd, struct vfscore_file *fp,
		  const struct epoll_event *event)
{
	struct eventpoll_fd *efd;
	unsigned long irqf;
	int rc = 0;

	if (!fp->f_op->poll)
		return -EPERM;
	efd = uk_malloc(ep->a, sizeof(*efd));
	if (!efd)
		return -ENOMEM;
	eventpoll_fd_init(efd, fp, fd, event);
	uk_spin_lock_irqsave(&eventpoll_lock, irqf);
	if (find(ep, fd))
		rc = -EEXIST;
	else
		link_efd(ep, efd);
	uk_spin_unlock_irqrestore(&eventpoll_lock, irqf);
	if (rc)
		uk_free(ep->a, efd);
	return rc;
}

/* New events re-arm a oneshot entry; a ready file triggers at once. */
int eventpoll_mod(struct eventpoll *ep, int fd,
		  const struct epoll_event *event)
{
	struct eventpoll_fd *efd;
	unsigned long irqf;
	int rc = 0;

	uk_spin_lock_irqsave(&eventpoll_lock, irqf);
	efd = find(ep, fd);
	if (!efd) {
		rc = -ENOENT;
	} else {
		efd->event = *event;
		efd->disarmed = 0;
		uk_list_del_init(&efd->tr_link);
		if (poll_file(efd) & wanted(efd))
			trigger(efd);
	}
	uk_spin_unlock_irqrestore(&eventpoll_lock, irqf);
	return rc;
}

int eventpoll_del(struct eventpoll *ep, int fd)
{
	struct eventpoll_fd *efd;
	unsigned long irqf;
	int rc = 0;

	uk_spin_lock_irqsave(&eventpoll_lock, irqf);
	efd = find(ep, fd);
	if (efd)
		unlink_efd(efd);
	else
		rc = -ENOENT;
	uk_spin_unlock_irqrestore(&eventpoll_lock, irqf);
	return rc;
}

void eventpoll_fini(struct eventpoll *ep)
{
	struct eventpoll_fd *efd, *n;
	unsigned long irqf;

	uk_spin_lock_irqsave(&eventpoll_lock, irqf);
	uk_list_for_each_entry_safe(efd, n, &ep->fd_list, fd_link)
		unlink_efd(efd);
	uk_spin_unlock_irqrestore(&eventpoll_lock, irqf);
}

void eventpoll_notify_close(struct vfscore_file *fp)
{
	struct eventpoll_fd *efd, *n;
	unsigned long irqf;

	if (uk_list_empty(&fp->f_ep))
		return;
	uk_spin_lock_irqsave(&eventpoll_lock, irqf);
	uk_list_for_each_entry_safe(efd, n, &fp->f_ep, f_link)
		unlink_efd(efd);
	uk_spin_unlock_irqrestore(&eventpoll_lock, irqf);
}

/* ------------------------------------------------ signalling */

/* Lock held. */
static void signal_locked(struct eventpoll_cb *ecb, unsigned int revents)
{
	struct eventpoll_fd *efd = __containerof(ecb, struct eventpoll_fd,
						 cb);

	if (revents & wanted(efd))
		trigger(efd);
}

void eventpoll_signal(struct eventpoll_cb *ecb, unsigned int revents)
{
	unsigned long irqf;

	uk_spin_lock_irqsave(&eventpoll_lock, irqf);
	signal_locked(ecb, revents);
	uk_spin_unlock_irqrestore(&eventpoll_lock, irqf);
}

void eventpoll_signal_list(struct uk_list_head *cbs, unsigned int revents)
{
	struct eventpoll_cb *ecb;
	unsigned long irqf;

	if (uk_list_empty(cbs))
		return;
	uk_spin_lock_irqsave(&eventpoll_lock, irqf);
	uk_list_for_each_entry(ecb, cbs, cb_link)
		signal_locked(ecb, revents);
	uk_spin_unlock_irqrestore(&eventpoll_lock, irqf);
}

static void unregister_unlink(struct eventpoll_cb *ecb)
{
	uk_list_del_init(&ecb->cb_link);
	ecb->unregister = NULL;
}

/* Called by poll operations, so with the lock held. */
void eventpoll_register(struct uk_list_head *cbs, struct eventpoll_cb *ecb)
{
	if (!ecb || ecb->unregister)
		return;
	uk_list_add_tail(&ecb->cb_link, cbs);
	ecb->unregister = unregister_unlink;
}

/* ------------------------------------------------ waiting */

/*
 * Lock held. Polls every triggered entry again and reports the ready ones.
 * Level-triggered entries stay triggered while ready (the next wait looks
 * again); edge-triggered and oneshot ones leave until the file signals
 * (oneshot: until EPOLL_CTL_MOD).
 */
static int collect(struct eventpoll *ep, struct epoll_event *events,
		   int maxevents)
{
	/* entries put back go behind `end`, so each is looked at once */
	struct uk_list_head *end = ep->tr_list.prev;
	int more = !uk_list_empty(&ep->tr_list), count = 0;
	struct eventpoll_fd *efd;
	unsigned int revents;

	while (more && count < maxevents) {
		efd = uk_list_first_entry(&ep->tr_list, struct eventpoll_fd,
					  tr_link);
		more = &efd->tr_link != end;
		uk_list_del_init(&efd->tr_link);
		revents = poll_file(efd) & wanted(efd);
		if (!revents)
			continue;
		efd->revents = revents;
		events[count].events = revents;
		events[count].data = efd->event.data;
		count++;
		if (efd->event.events & EPOLLONESHOT)
			efd->disarmed = 1;
		else if (!(efd->event.events & EPOLLET))
			uk_list_add_tail(&efd->tr_link, &ep->tr_list);
	}
	return count;
}

static int collect_locked(struct eventpoll *ep, struct epoll_event *events,
			  int maxevents)
{
	unsigned long irqf;
	int n;

	uk_spin_lock_irqsave(&eventpoll_lock, irqf);
	n = collect(ep, events, maxevents);
	uk_spin_unlock_irqrestore(&eventpoll_lock, irqf);
	return n;
}

int eventpoll_wait(struct eventpoll *ep, struct epoll_event *events,
		   int maxevents, const __nsec *timeout)
{
	__nsec deadline = 0;
	int n;

	if (timeout && *timeout)
		deadline = ukplat_monotonic_clock() + *timeout;
	for (;;) {
		n = collect_locked(ep, events, maxevents);
		if (n || (timeout && !*timeout))
			return n;
		if (uk_waitq_wait_event_deadline(&ep->wq,
						 !uk_list_empty(&ep->tr_list),
						 deadline))
			return collect_locked(ep, events, maxevents);
	}
}
