/*
 * futex: threads wait on a 32-bit word until another wakes them. Waiters
 * hang in one of a few buckets (hashed by address), each with a lock, a
 * list of waiter records and a wait queue: a wake marks the records it
 * picks and wakes the bucket's queue, whose sleepers check their own mark.
 * A requeue moves records to the other address's bucket and wakes the old
 * queue, so that the moved sleepers go to sleep again on the new one.
 * Records are on the heap with a cleanup record, so that a host call
 * abandoned mid-wait leaves nothing linked. One address space: the
 * _PRIVATE operations are the same as the others.
 */
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <linux/futex.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/essentials.h>
#include <uk/plat/lcpu.h>
#include <uk/list.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/wait.h>
#include <uk/plat/time.h>

#define BUCKETS	64
#define NSEC	1000000000ULL

struct bucket {
	__spinlock lock;
	struct uk_list_head waiters;	/* struct waiter */
	struct uk_waitq wq;
};

struct waiter {
	uint32_t *uaddr;
	uint32_t bitset;
	volatile int woken;
	struct bucket *bucket;		/* changes on requeue */
	struct uk_list_head link;
	struct uk_thread_cleanup cleanup;
};

static struct bucket futex_buckets[BUCKETS];

static struct bucket *bucket_of(const uint32_t *uaddr)
{
	unsigned long a = (unsigned long)uaddr >> 2;

	return &futex_buckets[(a ^ (a >> 6) ^ (a >> 12)) % BUCKETS];
}

static int buckets_init(void)
{
	unsigned int i;

	for (i = 0; i < BUCKETS; i++) {
		UK_INIT_LIST_HEAD(&futex_buckets[i].waiters);
		uk_waitq_init(&futex_buckets[i].wq);
	}
	return 0;
}
uk_early_initcall(buckets_init);

/* Both buckets locked, in address order (one lock if the same). */
static unsigned long lock_two(struct bucket *a, struct bucket *b)
{
	unsigned long irqf = ukplat_lcpu_save_irqf();

	if (a > b) {
		struct bucket *t = a;

		a = b;
		b = t;
	}
	uk_spin_lock(&a->lock);
	if (b != a)
		uk_spin_lock(&b->lock);
	return irqf;
}

static void unlock_two(struct bucket *a, struct bucket *b, unsigned long irqf)
{
	if (b != a)
		uk_spin_unlock(&b->lock);
	uk_spin_unlock(&a->lock);
	ukplat_lcpu_restore_irqf(irqf);
}

/* ------------------------------------------------ waiting */

/* The record leaves its bucket (if a wake has not taken it already). */
static void unlink_waiter(struct waiter *w)
{
	struct bucket *b;
	unsigned long irqf;

	for (;;) {
		b = __atomic_load_n(&w->bucket, __ATOMIC_ACQUIRE);
		uk_spin_lock_irqsave(&b->lock, irqf);
		if (b == w->bucket)
			break;
		uk_spin_unlock_irqrestore(&b->lock, irqf);	/* requeued */
	}
	uk_list_del_init(&w->link);
	uk_spin_unlock_irqrestore(&b->lock, irqf);
}

static void abandoned(struct uk_thread_cleanup *c)
{
	struct waiter *w = __containerof(c, struct waiter, cleanup);

	unlink_waiter(w);
	uk_free(uk_alloc_get_default(), w);
}

/* Links a record for uaddr if *uaddr is still val: 0 or -EAGAIN. */
static int enqueue(struct waiter *w, uint32_t *uaddr, uint32_t val)
{
	struct bucket *b = bucket_of(uaddr);
	unsigned long irqf;

	uk_spin_lock_irqsave(&b->lock, irqf);
	if (__atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val) {
		uk_spin_unlock_irqrestore(&b->lock, irqf);
		return -EAGAIN;
	}
	w->bucket = b;
	uk_list_add_tail(&w->link, &b->waiters);
	uk_spin_unlock_irqrestore(&b->lock, irqf);
	return 0;
}

static int futex_wait(uint32_t *uaddr, uint32_t val, __nsec deadline,
		      uint32_t bitset)
{
	struct waiter *w;
	int rc;

	if (!bitset)
		return -EINVAL;
	w = uk_zalloc(uk_alloc_get_default(), sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->uaddr = uaddr;
	w->bitset = bitset;
	UK_INIT_LIST_HEAD(&w->link);
	rc = enqueue(w, uaddr, val);
	if (rc) {
		uk_free(uk_alloc_get_default(), w);
		return rc;
	}
	w->cleanup.fn = abandoned;
	uk_thread_cleanup_push(&w->cleanup);
	rc = uk_waitq_wait_event_deadline(&w->bucket->wq,
					  w->woken || uk_syscall_interrupted(),
					  deadline);
	uk_thread_cleanup_pop(&w->cleanup);
	unlink_waiter(w);
	if (w->woken)
		rc = 0;	/* a wake that came with the signal or the deadline */
	else
		rc = rc ? -ETIMEDOUT : -EINTR;
	uk_free(uk_alloc_get_default(), w);
	return rc;
}

/* ------------------------------------------------ waking */

/* Lock held: marks up to n waiters of uaddr whose bitset meets mask, and
 * takes them off the list; returns how many. */
static int mark(struct bucket *b, uint32_t *uaddr, int n, uint32_t mask)
{
	struct waiter *w, *next;
	int done = 0;

	uk_list_for_each_entry_safe(w, next, &b->waiters, link) {
		if (done >= n)
			break;
		if (w->uaddr != uaddr || !(w->bitset & mask))
			continue;
		uk_list_del_init(&w->link);
		w->woken = 1;
		done++;
	}
	return done;
}

static int futex_wake(uint32_t *uaddr, int n, uint32_t mask)
{
	struct bucket *b = bucket_of(uaddr);
	unsigned long irqf;
	int done;

	if (!mask)
		return -EINVAL;
	uk_spin_lock_irqsave(&b->lock, irqf);
	done = mark(b, uaddr, n, mask);
	uk_spin_unlock_irqrestore(&b->lock, irqf);
	if (done)
		uk_waitq_wake_up(&b->wq);
	return done;
}

/* Wakes n of uaddr, moves up to `moved` more to uaddr2; with `check`,
 * only if *uaddr is still val3. Returns woken + moved. */
static int futex_requeue(uint32_t *uaddr, int n, int moved, uint32_t *uaddr2,
			 int check, uint32_t val3)
{
	struct bucket *b = bucket_of(uaddr), *b2 = bucket_of(uaddr2);
	struct waiter *w, *next;
	unsigned long irqf;
	int done, m = 0;

	if (n < 0 || moved < 0)
		return -EINVAL;
	irqf = lock_two(b, b2);
	if (check && __atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val3) {
		unlock_two(b, b2, irqf);
		return -EAGAIN;
	}
	done = mark(b, uaddr, n, FUTEX_BITSET_MATCH_ANY);
	uk_list_for_each_entry_safe(w, next, &b->waiters, link) {
		if (m >= moved)
			break;
		if (w->uaddr != uaddr)
			continue;
		uk_list_del(&w->link);
		w->uaddr = uaddr2;
		__atomic_store_n(&w->bucket, b2, __ATOMIC_RELEASE);
		uk_list_add_tail(&w->link, &b2->waiters);
		m++;
	}
	unlock_two(b, b2, irqf);
	if (done || m)
		uk_waitq_wake_up(&b->wq);	/* the moved ones move too */
	return done + m;
}

/* FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg) atomically, wake n of
 * uaddr, and n2 of uaddr2 if the old *uaddr2 compares with cmparg. */
static int apply_op(uint32_t *uaddr2, uint32_t val3, int *cmp_ok)
{
	unsigned int op = (val3 >> 28) & 0xf, cmp = (val3 >> 24) & 0xf;
	int oparg = (int)((val3 << 8) >> 20), cmparg = (int)(val3 & 0xfff);
	uint32_t old = __atomic_load_n(uaddr2, __ATOMIC_SEQ_CST), new;

	if (op & FUTEX_OP_OPARG_SHIFT)
		oparg = 1 << (oparg & 31);
	do {
		switch (op & 7) {
		case FUTEX_OP_SET: new = (uint32_t)oparg; break;
		case FUTEX_OP_ADD: new = old + (uint32_t)oparg; break;
		case FUTEX_OP_OR: new = old | (uint32_t)oparg; break;
		case FUTEX_OP_ANDN: new = old & ~(uint32_t)oparg; break;
		case FUTEX_OP_XOR: new = old ^ (uint32_t)oparg; break;
		default: return -ENOSYS;
		}
	} while (!__atomic_compare_exchange_n(uaddr2, &old, new, 0,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	switch (cmp) {
	case FUTEX_OP_CMP_EQ: *cmp_ok = (int)old == cmparg; break;
	case FUTEX_OP_CMP_NE: *cmp_ok = (int)old != cmparg; break;
	case FUTEX_OP_CMP_LT: *cmp_ok = (int)old < cmparg; break;
	case FUTEX_OP_CMP_LE: *cmp_ok = (int)old <= cmparg; break;
	case FUTEX_OP_CMP_GT: *cmp_ok = (int)old > cmparg; break;
	case FUTEX_OP_CMP_GE: *cmp_ok = (int)old >= cmparg; break;
	default: return -ENOSYS;
	}
	return 0;
}

static int futex_wake_op(uint32_t *uaddr, int n, int n2, uint32_t *uaddr2,
			 uint32_t val3)
{
	int cmp_ok = 0, rc = apply_op(uaddr2, val3, &cmp_ok), done;

	if (rc)
		return rc;
	done = futex_wake(uaddr, n, FUTEX_BITSET_MATCH_ANY);
	if (cmp_ok)
		done += futex_wake(uaddr2, n2, FUTEX_BITSET_MATCH_ANY);
	return done;
}

/* ------------------------------------------------ the call */

/* WAIT's timeout is relative (monotonic); WAIT_BITSET's absolute, on the
 * monotonic clock or with FUTEX_CLOCK_REALTIME the real-time one. */
static int deadline_of(const struct timespec *ts, int absolute,
		       int realtime, __nsec *deadline)
{
	__nsec ns, mono = ukplat_monotonic_clock(), wall;

	*deadline = 0;
	if (!ts)
		return 0;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (long)NSEC)
		return -EINVAL;
	ns = (__nsec)ts->tv_sec * NSEC + (__nsec)ts->tv_nsec;
	if (!absolute)
		*deadline = mono + ns + 1;	/* 0 would mean "none" */
	else if (!realtime)
		*deadline = ns > mono ? ns : mono + 1;
	else {
		wall = ukplat_wall_clock();
		*deadline = mono + (ns > wall ? ns - wall : 0) + 1;
	}
	return 0;
}

UK_LLSYSCALL_R_DEFINE(int, futex, uint32_t *, uaddr, int, futex_op,
		      uint32_t, val, const struct timespec *, timeout,
		      uint32_t *, uaddr2, uint32_t, val3)
{
	int cmd = futex_op & FUTEX_CMD_MASK;
	int realtime = futex_op & FUTEX_CLOCK_REALTIME;
	int rc, n2 = (int)(long)timeout;	/* the count for some ops */
	__nsec deadline;

	if (!uaddr || ((unsigned long)uaddr & 3))
		return -EINVAL;
	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		rc = deadline_of(timeout, cmd == FUTEX_WAIT_BITSET, realtime,
				 &deadline);
		if (rc)
			return rc;
		return futex_wait(uaddr, val, deadline,
				  cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY
						    : val3);
	case FUTEX_WAKE:
		return futex_wake(uaddr, (int)val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, (int)val, val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		if (!uaddr2 || ((unsigned long)uaddr2 & 3))
			return -EINVAL;
		return futex_requeue(uaddr, (int)val, n2, uaddr2,
				     cmd == FUTEX_CMP_REQUEUE, val3);
	case FUTEX_WAKE_OP:
		if (!uaddr2 || ((unsigned long)uaddr2 & 3))
			return -EINVAL;
		return futex_wake_op(uaddr, (int)val, n2, uaddr2, val3);
	default:
		return -ENOSYS;	/* the PI operations, FUTEX_FD */
	}
}
