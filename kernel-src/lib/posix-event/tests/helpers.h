/* Small helpers shared by posix-event's test files. */
#ifndef __POSIX_EVENT_TEST_HELPERS_H__
#define __POSIX_EVENT_TEST_HELPERS_H__

#include <sys/eventfd.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/plat/time.h>

#define MS	1000000ULL

/* A thread (on another CPU when there is one) that waits `delay_ms`, then
 * adds `value` to eventfd `fd`: something to wait for. */
struct later_write {
	int fd;
	unsigned int delay_ms;
	eventfd_t value;
};

static inline void later_write_fn(void *arg)
{
	struct later_write *w = arg;

	uk_sched_thread_sleep(w->delay_ms * MS);
	eventfd_write(w->fd, w->value);
}

static inline struct uk_thread *write_later(struct later_write *w)
{
	return uk_thread_create("write_later", later_write_fn, w);
}

static inline __nsec now_ns(void)
{
	return ukplat_monotonic_clock();
}

#endif /* __POSIX_EVENT_TEST_HELPERS_H__ */
