/* Benchmarks of the event and socket libraries, for the host to call on
 * CPU 0: AF_UNIX stream throughput and eventfd -> epoll_wait wake-up
 * latency (beside its floor, a bare wait queue's wake-up). The other side
 * runs in a thread, on CPU 1 when there is one (else on CPU 0, while CPU 0
 * waits: a ping-pong through the scheduler). */
#include <errno.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uk/alloc.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/wait.h>
#include <uk/plat/time.h>

#define MIB		(1024UL * 1024UL)
#define MAX_ROUNDS	10000
#define MAX_CHUNK	(256 * 1024)

/* Results of the last runs, also readable by name from the host. */
unsigned long io_bench_last_bytes;
__nsec io_bench_last_ns;
__nsec io_bench_last_min_ns;

/* ------------------------------------------------ stream throughput */

static int drain_fd;
static unsigned long drained;

static void drain(void *arg __unused)
{
	static char buf[MAX_CHUNK];
	ssize_t n;

	while ((n = read(drain_fd, buf, sizeof(buf))) > 0)
		drained += (unsigned long)n;
}

static long push(int fd, unsigned long total, unsigned int chunk)
{
	static char buf[MAX_CHUNK];
	unsigned long done = 0;
	ssize_t n;

	while (done < total) {
		n = write(fd, buf, MIN((unsigned long)chunk, total - done));
		if (n < 0)
			return -errno;
		done += (unsigned long)n;
	}
	return 0;
}

/*
 * Moves `mib` MiB through an AF_UNIX stream socketpair in writes of
 * `chunk` bytes (at most 256 KiB) to a reader thread; returns bytes per
 * second, or a negative errno. The time runs from the first write to the
 * reader's end of file.
 */
long io_bench_afunix_stream_bps(unsigned int mib, unsigned int chunk)
{
	unsigned long total = mib * MIB;
	struct uk_thread *t;
	__nsec start;
	int sv[2];
	long rc;

	if (!mib || !chunk || chunk > MAX_CHUNK)
		return -EINVAL;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return -errno;
	drain_fd = sv[1];
	drained = 0;
	t = uk_thread_create("io_bench_drain", drain, NULL);
	if (!t) {
		close(sv[0]);
		close(sv[1]);
		return -ENOMEM;
	}
	start = ukplat_monotonic_clock();
	rc = push(sv[0], total, chunk);
	close(sv[0]);
	uk_thread_wait(t);
	io_bench_last_ns = ukplat_monotonic_clock() - start;
	io_bench_last_bytes = drained;
	close(sv[1]);
	if (rc)
		return rc;
	return (long)(drained * 1000000000ULL / MAX(io_bench_last_ns, 1UL));
}

/* ------------------------------------------------ wake-up latency */

/*
 * Two ways the waker reaches CPU 0: an eventfd that CPU 0 waits for in
 * epoll_wait(-1), or the wait queue under it with nothing in between (a
 * flag and uk_waitq_wake_up: what any wake-up of this guest goes through,
 * so the floor of the first).
 */
enum wake_kind {
	WAKE_EVENTFD,
	WAKE_WAITQ,
};

static enum wake_kind wake_kind;
static int wake_fd, wake_ep;
static DEFINE_WAIT_QUEUE(wake_wq);
static volatile unsigned int wake_flag;	/* WAKE_WAITQ: the round woken */
static unsigned int wake_rounds;
static volatile unsigned int armed;	/* round the waiter is ready for */
static volatile __nsec sent_at;

static void wake(unsigned int r)
{
	if (wake_kind == WAKE_EVENTFD) {
		eventfd_write(wake_fd, 1);
		return;
	}
	wake_flag = r;
	uk_waitq_wake_up(&wake_wq);
}

/* Waits until the waiter is in round r (a little more, so that it is
 * really waiting), then stamps the time and wakes it. */
static void waker(void *arg __unused)
{
	unsigned int r;
	__nsec until;

	for (r = 1; r <= wake_rounds; r++) {
		while (armed != r)
			uk_sched_yield();
		until = ukplat_monotonic_clock() + 20000;	/* 20 us */
		while (ukplat_monotonic_clock() < until)
			uk_sched_yield();
		sent_at = ukplat_monotonic_clock();
		wake(r);
	}
}

/* 0, or -1 with errno */
static int wait_woken(unsigned int r)
{
	struct epoll_event ev;

	if (wake_kind == WAKE_WAITQ) {
		uk_waitq_wait_event(&wake_wq, wake_flag == r);
		return 0;
	}
	return epoll_wait(wake_ep, &ev, 1, -1) == 1 ? 0 : -1;
}

/* After the time is taken: the eventfd back to 0 for the next round. */
static int rearm(void)
{
	eventfd_t v;

	return wake_kind == WAKE_EVENTFD ? eventfd_read(wake_fd, &v) : 0;
}

static int cmp_nsec(const void *a, const void *b)
{
	__nsec x = *(const __nsec *)a, y = *(const __nsec *)b;

	return x < y ? -1 : x > y;
}

static void sort(__nsec *v, unsigned int n)
{
	unsigned int i, j;
	__nsec x;

	for (i = 1; i < n; i++) {	/* insertion sort: n is small */
		x = v[i];
		for (j = i; j > 0 && cmp_nsec(&v[j - 1], &x) > 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* The rounds with a waker thread; their median in ns, or -errno. */
static long measure(__nsec *samples, unsigned int rounds)
{
	struct uk_thread *t;
	unsigned int r;
	long rc = 0;

	armed = 0;
	wake_flag = 0;
	wake_rounds = rounds;
	t = uk_thread_create("io_bench_waker", waker, NULL);
	if (!t)
		return -ENOMEM;
	for (r = 1; r <= rounds; r++) {	/* all: the waker waits for each */
		armed = r;
		if (wait_woken(r) && !rc)
			rc = -errno;
		samples[r - 1] = ukplat_monotonic_clock() - sent_at;
		if (rearm() && !rc)
			rc = -errno;
	}
	uk_thread_wait(t);
	if (rc)
		return rc;
	sort(samples, rounds);
	io_bench_last_min_ns = samples[0];
	return (long)samples[rounds / 2];
}

static long wake_ns(enum wake_kind kind, unsigned int rounds)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct epoll_event ev = { .events = EPOLLIN };
	__nsec *samples;
	long rc = -ENOMEM;

	if (!rounds || rounds > MAX_ROUNDS)
		return -EINVAL;
	wake_kind = kind;
	samples = uk_malloc(a, rounds * sizeof(*samples));
	wake_fd = eventfd(0, 0);
	wake_ep = epoll_create1(0);
	if (samples && wake_fd >= 0 && wake_ep >= 0 &&
	    !epoll_ctl(wake_ep, EPOLL_CTL_ADD, wake_fd, &ev))
		rc = measure(samples, rounds);
	if (wake_ep >= 0)
		close(wake_ep);
	if (wake_fd >= 0)
		close(wake_fd);
	uk_free(a, samples);
	return rc;
}

/*
 * `rounds` times: a thread writes to an eventfd that CPU 0 waits for in
 * epoll_wait(-1); returns the median time from the write to the return of
 * epoll_wait, in ns (io_bench_last_min_ns: the fastest), or a negative
 * errno.
 */
long io_bench_eventfd_wake_ns(unsigned int rounds)
{
	return wake_ns(WAKE_EVENTFD, rounds);
}

/* The same through a bare wait queue: the thread sets a flag and calls
 * uk_waitq_wake_up(), CPU 0 waits in uk_waitq_wait_event(). */
long io_bench_waitq_wake_ns(unsigned int rounds)
{
	return wake_ns(WAKE_WAITQ, rounds);
}
