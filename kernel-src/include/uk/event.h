/* Events: a library declares one (UK_EVENT), any library adds handlers to
 * it (UK_EVENT_HANDLER), and raising it calls them in priority order
 * (Unikraft API uk/event.h). */
#ifndef __UK_EVENT_H__
#define __UK_EVENT_H__

#include <uk/essentials.h>
#include <uk/prio.h>

#define UK_EVENT_NOT_HANDLED	0	/* not mine: ask the next handler */
#define UK_EVENT_HANDLED	1	/* done: the others are not asked */
#define UK_EVENT_HANDLED_CONT	2	/* done, but ask the next ones too */

typedef int (*uk_event_handler_t)(void *data);

/*
 * The handlers of event E are pointers in sections .uk_event_E.<prio>; the
 * linker script sorts them by name after the event (.uk_event_E.) and
 * before its end mark (.uk_event_E.~): "." sorts before any character of
 * a name, so events never interleave. The event records where its list
 * ends; its handlers start right after the event object, so the list
 * needs no start pointer. (Kernel only: a cell cannot define events.)
 */
struct uk_event {
	const uk_event_handler_t *hlist_end;
};

#define _UK_EVT_EVENT(event)		UK_CONCAT(uk_event_, event)
#define _UK_EVT_HLIST_END(event)	UK_CONCAT(_UK_EVT_EVENT(event), _hlist_end)
#define _UK_EVT_SECTION_LABEL(section, label)				\
	".uk_event_" STRINGIFY(section) "." STRINGIFY(label)
#define _UK_EVT_SECTION_HLIST_END(event)	_UK_EVT_SECTION_LABEL(event, ~)
#define _UK_EVT_SECTION_HEADER(event)		_UK_EVT_SECTION_LABEL(event, )
#define _UK_EVT_IMPORT_EVENT(event)					\
	extern struct uk_event _UK_EVT_EVENT(event)
#define _UK_EVT_HLIST_START(e_ptr)					\
	((const uk_event_handler_t *)((e_ptr) + 1))

/* Defines event `name` (once, in one library). */
#define UK_EVENT(name)							\
	extern const uk_event_handler_t _UK_EVT_HLIST_END(name)[];	\
	const uk_event_handler_t __used				\
	__section(_UK_EVT_SECTION_HLIST_END(name))			\
	_UK_EVT_HLIST_END(name)[0] = {};				\
	struct uk_event __used __section(_UK_EVT_SECTION_HEADER(name))	\
	__align(sizeof(void *))						\
	_UK_EVT_EVENT(name) = { .hlist_end = _UK_EVT_HLIST_END(name) }

#define _UK_EVENT_HANDLER_PRIO(event, fn, prio)				\
	static const uk_event_handler_t __used				\
	__section(_UK_EVT_SECTION_LABEL(event, prio))			\
	UK_CONCAT(UK_CONCAT(__uk_event_handler_, event), fn) = (fn)
#define UK_EVENT_HANDLER_PRIO(event, fn, prio)				\
	_UK_EVENT_HANDLER_PRIO(event, fn, prio)
#define UK_EVENT_HANDLER(event, fn)					\
	UK_EVENT_HANDLER_PRIO(event, fn, UK_PRIO_LATEST)

#define uk_event_handler_foreach(itr, e_ptr)				\
	for ((itr) = _UK_EVT_HLIST_START(e_ptr);			\
	     (itr) < (e_ptr)->hlist_end; (itr)++)

/* Calls the handlers in order until one says UK_EVENT_HANDLED; returns
 * that answer, or UK_EVENT_NOT_HANDLED / UK_EVENT_HANDLED_CONT. */
static inline int uk_raise_event_ptr(struct uk_event *e, void *data)
{
	const uk_event_handler_t *itr;
	int rc, ret = UK_EVENT_NOT_HANDLED;

	uk_event_handler_foreach(itr, e) {
		rc = (*itr)(data);
		if (rc == UK_EVENT_HANDLED)
			return rc;
		if (rc == UK_EVENT_HANDLED_CONT)
			ret = rc;
	}
	return ret;
}

#define UK_EVENT_PTR(name)						\
	({								\
		_UK_EVT_IMPORT_EVENT(name);				\
		&_UK_EVT_EVENT(name);					\
	})
#define uk_raise_event(event, data)					\
	uk_raise_event_ptr(UK_EVENT_PTR(event), data)

#endif /* __UK_EVENT_H__ */
