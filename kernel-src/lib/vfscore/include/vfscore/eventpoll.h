/* The eventpoll API (Unikraft 0.10, vfscore/eventpoll.h): files tell
 * watchers about readiness through callbacks, epoll/poll/select wait. */
#ifndef __VFSCORE_EVENTPOLL_H__
#define __VFSCORE_EVENTPOLL_H__
#define _VFSCORE_EVENTPOLL_H_	/* 0.10's guard name */

#include <sys/epoll.h>
#include <uk/alloc.h>
#include <uk/arch/time.h>
#include <uk/list.h>
#include <uk/wait.h>
#include <vfscore/file.h>

/*
 * Locking: one lock, eventpoll_lock, guards every eventpoll (its lists),
 * every file's f_ep list and every file's list of callbacks. Watching code
 * holds it when it calls a file's poll operation (so poll must not block
 * nor signal), and when it calls an ecb's unregister. A file signals with
 * eventpoll_signal() or eventpoll_signal_list(), which take it: so a file
 * must not hold its own lock then, if its poll operation takes that lock.
 */

/* The file's handle of one watcher. On the first poll with a given ecb the
 * file links cb_link into its list of callbacks and sets unregister. */
struct eventpoll_cb {
	void (*unregister)(struct eventpoll_cb *ecb);
	void *data;
	struct uk_list_head cb_link;
};

struct eventpoll;

/* One watched fd of an eventpoll (an epoll interest-list entry). */
struct eventpoll_fd {
	struct eventpoll_cb cb;
	struct eventpoll *ep;
	struct vfscore_file *vfs_file;
	int fd;
	struct epoll_event event;	/* events asked for, user data */
	unsigned int revents;		/* last reported */
	int disarmed;			/* EPOLLONESHOT fired; MOD re-arms */
	struct uk_list_head fd_link;	/* ep->fd_list */
	struct uk_list_head tr_link;	/* ep->tr_list while triggered */
	struct uk_list_head f_link;	/* vfs_file->f_ep */
};

struct eventpoll {
	struct uk_list_head fd_list;	/* watched */
	struct uk_list_head tr_list;	/* triggered: to be polled again */
	struct uk_waitq wq;
	struct uk_alloc *a;
	int nr_fds;
};

extern __spinlock eventpoll_lock;

static inline void eventpoll_init(struct eventpoll *ep, struct uk_alloc *a)
{
	UK_INIT_LIST_HEAD(&ep->fd_list);
	UK_INIT_LIST_HEAD(&ep->tr_list);
	uk_waitq_init(&ep->wq);
	ep->a = a;
	ep->nr_fds = 0;
}

static inline void eventpoll_fd_init(struct eventpoll_fd *efd,
				     struct vfscore_file *fp, int fd,
				     const struct epoll_event *event)
{
	efd->cb.unregister = NULL;
	efd->cb.data = NULL;
	UK_INIT_LIST_HEAD(&efd->cb.cb_link);
	efd->ep = NULL;
	efd->vfs_file = fp;
	efd->fd = fd;
	efd->event = *event;
	efd->revents = 0;
	efd->disarmed = 0;
	UK_INIT_LIST_HEAD(&efd->fd_link);
	UK_INIT_LIST_HEAD(&efd->tr_link);
	UK_INIT_LIST_HEAD(&efd->f_link);
}

/* Stops watching everything (unregisters, frees the entries). */
void eventpoll_fini(struct eventpoll *ep);

/* epoll_ctl: 0 or -EEXIST / -ENOENT / -ENOMEM / -EPERM (no poll op). */
int eventpoll_add(struct eventpoll *ep, int fd, struct vfscore_file *fp,
		  const struct epoll_event *event);
int eventpoll_mod(struct eventpoll *ep, int fd,
		  const struct epoll_event *event);
int eventpoll_del(struct eventpoll *ep, int fd);
/* Adds an entry the caller made (several may watch one fd; poll() uses
 * this); the ep frees it with ep->a. Lock not held. */
void eventpoll_add_unsafe(struct eventpoll *ep, struct eventpoll_fd *efd);
void eventpoll_del_unsafe(struct eventpoll_fd *efd);

/* Up to maxevents ready entries; waits up to *timeout ns (NULL: for ever).
 * Returns how many, 0 on timeout. */
int eventpoll_wait(struct eventpoll *ep, struct epoll_event *events,
		   int maxevents, const __nsec *timeout);

/* A file's state changed: revents are its current EPOLL* bits. */
void eventpoll_signal(struct eventpoll_cb *ecb, unsigned int revents);
/* Signals every callback linked in `cbs` (a file's list). */
void eventpoll_signal_list(struct uk_list_head *cbs, unsigned int revents);
/* The usual registration for a file that keeps its callbacks in `cbs`:
 * links ecb there once; its unregister unlinks it. No-op for NULL. */
void eventpoll_register(struct uk_list_head *cbs, struct eventpoll_cb *ecb);

/* vfscore calls this when fp's last reference goes. */
void eventpoll_notify_close(struct vfscore_file *fp);

#endif /* __VFSCORE_EVENTPOLL_H__ */
