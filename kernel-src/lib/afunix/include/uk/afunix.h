/* AF_UNIX sockets in memory: the objects, for the host to read through
 * GDB (every socket is on afunix_socks). */
#ifndef __UK_AFUNIX_H__
#define __UK_AFUNIX_H__

#include <sys/un.h>
#include <uk/list.h>
#include <uk/spinlock.h>
#include <uk/wait.h>

/* Bytes in flight: written at head, read at tail; the counters only grow
 * (mod 2^64), so used = head - tail. size is a power of two. */
struct afunix_ring {
	__u8 *buf;
	unsigned long size;
	volatile unsigned long head;
	volatile unsigned long tail;
};

/* A waiting reader's buffer, lent to writers (lib/afunix/handoff.c). */
struct afunix_loan {
	const struct iovec *iov;	/* the reader's, while it waits */
	unsigned long len;		/* bytes the iovecs hold */
	volatile unsigned long filled;	/* bytes writers put there */
	unsigned int cpu;		/* where the reader waits */
	volatile int state;		/* none, open, a writer filling */
};

enum afunix_state {
	AFUNIX_UNCONNECTED = 0,
	AFUNIX_LISTENING = 1,
	AFUNIX_CONNECTED = 2,
};

/* Bits of afunix_sock.shut */
enum afunix_shut {
	AFUNIX_SHUT_RD = 1,	/* shutdown(SHUT_RD) on this end */
	AFUNIX_SHUT_WR = 2,
};

struct afunix_sock {
	__spinlock lock;		/* rx: its reader (streams), both
					 * sides (datagrams); pending,
					 * state changes */
	__spinlock wlock;		/* rx: a stream's writers */
	int type;			/* SOCK_STREAM or SOCK_DGRAM */
	volatile int state;		/* enum afunix_state */
	volatile int nonblock;
	volatile int shut;		/* AFUNIX_SHUT_* */
	volatile int closed;		/* its fd is gone */
	volatile int refs;		/* fd (or listen queue) + peer's link */
	struct afunix_sock *peer;	/* where writes go */
	struct afunix_ring rx;		/* what it will read (datagrams: a
					 * __u32 length before each) */
	volatile unsigned long rx_msgs;	/* datagrams in rx */
	struct afunix_loan loan;	/* streams: its waiting reader's */
	volatile int loan_expected;	/* its reader lends again soon */
	unsigned long copy_page_ns;	/* a page's copy into it, lately */
	int bound;			/* addr is registered under its name */
	struct sockaddr_un addr;	/* own name; addr_len 0: unnamed */
	socklen_t addr_len;
	/* listening sockets */
	int backlog;
	volatile int npending;
	struct uk_list_head pending;	/* connected, not yet accepted */
	struct uk_list_head pending_link;
	unsigned long bytes_sent;	/* by this end */
	unsigned long bytes_received;
	struct uk_waitq wq;		/* readers of rx, writers into rx,
					 * acceptors, connectors */
	struct uk_list_head ecbs;	/* eventpoll callbacks */
	struct uk_list_head all_link;	/* afunix_socks */
};

/* Every AF_UNIX socket not yet freed. */
extern struct uk_list_head afunix_socks;

#endif /* __UK_AFUNIX_H__ */
