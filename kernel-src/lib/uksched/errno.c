/* errno per thread: each thread's, each CPU's interrupt context's, and the
 * global int errno for host calls on CPU 0 (the host reads it by name). */
#include <errno.h>
#include <uk/sched.h>

#undef errno	/* from here on, errno is the global int */
extern int errno;

int *__errno_location(void)
{
	struct uk_thread *t;

	if (!uk_sched_cpus[0].current)	/* before sched_init() ran */
		return &errno;
	t = uk_sched_waiter();
	return uk_sched_is_host(t) ? &errno : &t->err_no;
}
