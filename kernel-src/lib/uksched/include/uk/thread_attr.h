/* Thread attributes (Unikraft API uk/thread_attr.h): given to
 * uk_sched_thread_create() and uk_thread_create_attr(). */
#ifndef __UK_THREAD_ATTR_H__
#define __UK_THREAD_ATTR_H__

#include <stdbool.h>
#include <uk/essentials.h>
#include <uk/arch/time.h>

#define UK_THREAD_ATTR_WAITABLE		0	/* someone uk_thread_wait()s */
#define UK_THREAD_ATTR_DETACHED		1	/* freed when it exits */

/* Our scheduler runs threads in FIFO order on their CPU: it keeps the
 * priority and time slice for those who ask, and uses neither. */
#define UK_THREAD_ATTR_PRIO_INVALID	-1
#define UK_THREAD_ATTR_PRIO_MIN		0
#define UK_THREAD_ATTR_PRIO_MAX		255
#define UK_THREAD_ATTR_PRIO_DEFAULT	127
#define UK_THREAD_ATTR_TIMESLICE_NIL	0

typedef int prio_t;

typedef struct uk_thread_attr {
	bool detached;
	prio_t prio;
	__nsec timeslice;
} uk_thread_attr_t;

/* All return 0, or -EINVAL for a NULL attr or a value out of range. */
int uk_thread_attr_init(uk_thread_attr_t *attr);
int uk_thread_attr_fini(uk_thread_attr_t *attr);
int uk_thread_attr_set_detachstate(uk_thread_attr_t *attr, int state);
int uk_thread_attr_get_detachstate(const uk_thread_attr_t *attr, int *state);
int uk_thread_attr_set_prio(uk_thread_attr_t *attr, prio_t prio);
int uk_thread_attr_get_prio(const uk_thread_attr_t *attr, prio_t *prio);
int uk_thread_attr_set_timeslice(uk_thread_attr_t *attr, __nsec timeslice);
int uk_thread_attr_get_timeslice(const uk_thread_attr_t *attr,
				 __nsec *timeslice);

#endif /* __UK_THREAD_ATTR_H__ */
