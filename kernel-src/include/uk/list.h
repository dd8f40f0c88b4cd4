/* Circular doubly linked lists with a sentinel head, under Unikraft's names
 * (uk/list.h). Knuth, TAOCP Vol. 1 §2.2.5. */
#ifndef __UK_LIST_H__
#define __UK_LIST_H__

#include <uk/essentials.h>

/*
 * A list is a head whose next/prev point at the first/last element; an
 * empty head points at itself. Elements embed a struct uk_list_head and are
 * found back with uk_list_entry(). An element that was removed with
 * uk_list_del_init() points at itself too, so "am I linked?" is
 * !uk_list_empty(&elem->link).
 */
struct uk_list_head {
	struct uk_list_head *next, *prev;
};

#define UK_LIST_HEAD_INIT(name)	{ &(name), &(name) }
#define UK_LIST_HEAD(name)	struct uk_list_head name = UK_LIST_HEAD_INIT(name)

static inline void UK_INIT_LIST_HEAD(struct uk_list_head *h)
{
	h->next = h;
	h->prev = h;
}

static inline int uk_list_empty(const struct uk_list_head *h)
{
	return h->next == h;
}

static inline void __uk_list_link(struct uk_list_head *e,
				  struct uk_list_head *prev,
				  struct uk_list_head *next)
{
	e->prev = prev;
	e->next = next;
	prev->next = e;
	next->prev = e;
}

/* Inserts e right after h (at the front of the list). */
static inline void uk_list_add(struct uk_list_head *e, struct uk_list_head *h)
{
	__uk_list_link(e, h, h->next);
}

/* Inserts e right before h (at the back of the list). */
static inline void uk_list_add_tail(struct uk_list_head *e,
				    struct uk_list_head *h)
{
	__uk_list_link(e, h->prev, h);
}

/* Unlinks e and leaves it pointing at itself (safe to delete again). */
static inline void uk_list_del_init(struct uk_list_head *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	UK_INIT_LIST_HEAD(e);
}

static inline void uk_list_del(struct uk_list_head *e)
{
	uk_list_del_init(e);
}

#define uk_list_entry(ptr, type, member)	__containerof(ptr, type, member)
#define uk_list_first_entry(h, type, member)				\
	uk_list_entry((h)->next, type, member)

#define uk_list_for_each(p, h)						\
	for ((p) = (h)->next; (p) != (h); (p) = (p)->next)

/* n holds the next element, so the loop body may unlink p. */
#define uk_list_for_each_safe(p, n, h)					\
	for ((p) = (h)->next, (n) = (p)->next; (p) != (h);		\
	     (p) = (n), (n) = (p)->next)

#define uk_list_for_each_entry(e, h, member)				\
	for ((e) = uk_list_entry((h)->next, __typeof__(*(e)), member);	\
	     &(e)->member != (h);					\
	     (e) = uk_list_entry((e)->member.next, __typeof__(*(e)), member))

#define uk_list_for_each_entry_safe(e, n, h, member)			\
	for ((e) = uk_list_entry((h)->next, __typeof__(*(e)), member),	\
	     (n) = uk_list_entry((e)->member.next, __typeof__(*(e)), member); \
	     &(e)->member != (h);					\
	     (e) = (n),							\
	     (n) = uk_list_entry((n)->member.next, __typeof__(*(e)), member))

#endif /* __UK_LIST_H__ */
