/* The host Linux's own numbers for bench/events_sockets.py: AF_UNIX stream
 * throughput through a socketpair and eventfd -> epoll_wait wake-up latency,
 * each between two threads, printed as "throughput_mbps <x>" and
 * "wakeup_ns <median>". Build: gcc -O2 -pthread host_ipc.c */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK	(64 * 1024)
#define ROUNDS	2000

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + t.tv_nsec;
}

static long total_bytes;

static void *drain(void *arg)
{
	static char buf[CHUNK];
	long got = 0;
	ssize_t n;

	while (got < total_bytes && (n = read(*(int *)arg, buf, sizeof(buf))) > 0)
		got += n;
	return NULL;
}

static double throughput_mbps(long mib)
{
	static char buf[CHUNK];
	pthread_t reader;
	int sv[2];
	long sent;
	uint64_t t0;

	total_bytes = mib << 20;
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pthread_create(&reader, NULL, drain, &sv[1]);
	t0 = now_ns();
	for (sent = 0; sent < total_bytes; sent += CHUNK)
		if (write(sv[0], buf, CHUNK) != CHUNK)
			exit(1);
	pthread_join(reader, NULL);
	return total_bytes / ((now_ns() - t0) / 1e9) / 1e6;
}

/* ping: eventfd a, watched by an epoll the echo thread waits on; the echo
 * answers through eventfd b, watched by the main thread's epoll */
static int ev_a, ev_b, ep_a, ep_b;

static void await_and_read(int ep, int fd)
{
	struct epoll_event e;
	uint64_t v;

	while (epoll_wait(ep, &e, 1, -1) != 1)
		;
	if (read(fd, &v, sizeof(v)) != sizeof(v))
		exit(1);
}

static void *echo(void *arg)
{
	uint64_t one = 1;
	int i;

	(void)arg;
	for (i = 0; i < ROUNDS; i++) {
		await_and_read(ep_a, ev_a);
		if (write(ev_b, &one, sizeof(one)) != sizeof(one))
			exit(1);
	}
	return NULL;
}

static int by_value(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

static uint64_t wakeup_ns(void)
{
	static uint64_t rtt[ROUNDS];
	struct epoll_event e = { .events = EPOLLIN };
	uint64_t one = 1, t0;
	pthread_t t;
	int i;

	ev_a = eventfd(0, 0);
	ev_b = eventfd(0, 0);
	ep_a = epoll_create1(0);
	ep_b = epoll_create1(0);
	epoll_ctl(ep_a, EPOLL_CTL_ADD, ev_a, &e);
	epoll_ctl(ep_b, EPOLL_CTL_ADD, ev_b, &e);
	pthread_create(&t, NULL, echo, NULL);
	for (i = 0; i < ROUNDS; i++) {
		t0 = now_ns();
		if (write(ev_a, &one, sizeof(one)) != sizeof(one))
			exit(1);
		await_and_read(ep_b, ev_b);
		rtt[i] = now_ns() - t0;
	}
	pthread_join(t, NULL);
	qsort(rtt, ROUNDS, sizeof(rtt[0]), by_value);
	return rtt[ROUNDS / 2] / 2;	/* one wake-up is half the round trip */
}

int main(int argc, char **argv)
{
	long mib = argc > 1 ? atol(argv[1]) : 64;

	printf("throughput_mbps %.1f\n", throughput_mbps(mib));
	printf("wakeup_ns %llu\n", (unsigned long long)wakeup_ns());
	return 0;
}
