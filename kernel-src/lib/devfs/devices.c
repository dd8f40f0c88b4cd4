/* The devices under /dev: what reading and writing each one does. */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <uk/plat/console.h>
#include <uk/plat/time.h>
#include "devfs_impl.h"

/* /dev/null: swallows everything, reads end at once. */
static ssize_t null_read(void *buf __unused, size_t n __unused)
{
	return 0;
}

static ssize_t sink_write(const void *buf __unused, size_t n)
{
	return (ssize_t)n;
}

/* /dev/zero */
static ssize_t zero_read(void *buf, size_t n)
{
	memset(buf, 0, n);
	return (ssize_t)n;
}

/*
 * /dev/urandom: splitmix64 over a state that the monotonic clock stirs on
 * every read. Unpredictable enough for hash seeds and AT_RANDOM-style
 * uses, but no cryptographic generator: there is no entropy source here.
 */
static __u64 random_state = 0x9e3779b97f4a7c15ULL;

static __u64 random_next(void)
{
	__u64 z = __atomic_add_fetch(&random_state, 0x9e3779b97f4a7c15ULL,
				     __ATOMIC_RELAXED);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static ssize_t urandom_read(void *buf, size_t n)
{
	char *p = buf;
	size_t done = 0;
	__u64 r;

	__atomic_fetch_xor(&random_state, ukplat_monotonic_clock(),
			   __ATOMIC_RELAXED);
	while (done < n) {
		r = random_next();
		memcpy(p + done, &r, MIN(sizeof(r), n - done));
		done += MIN(sizeof(r), n - done);
	}
	return (ssize_t)n;
}

/* /dev/console: the kernel console; nothing is ever typed. */
static ssize_t console_write(const void *buf, size_t n)
{
	unsigned long irqf = ukplat_console_lock();

	ukplat_coutk(buf, (unsigned int)n);
	ukplat_console_unlock(irqf);
	return (ssize_t)n;
}

static int console_ioctl(unsigned long request, void *argp)
{
	struct winsize *ws = argp;

	if (request != TIOCGWINSZ)
		return ENOTTY;
	if (!ws)
		return EFAULT;
	memset(ws, 0, sizeof(*ws));
	ws->ws_row = 24;
	ws->ws_col = 80;
	return 0;
}

const struct devfs_device devfs_devices[] = {
	{ "console", 0620, console_write, null_read, console_ioctl },
	{ "null", 0666, sink_write, null_read, NULL },
	{ "random", 0666, sink_write, urandom_read, NULL },
	{ "urandom", 0666, sink_write, urandom_read, NULL },
	{ "zero", 0666, sink_write, zero_read, NULL },
};
const unsigned int devfs_device_count =
	sizeof(devfs_devices) / sizeof(devfs_devices[0]);
