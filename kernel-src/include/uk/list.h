/* Circular doubly linked lists with a sentinel head, and singly-headed
 * hash-bucket lists, under Unikraft's names (uk/list.h). Knuth, TAOCP
 * Vol. 1 §2.2.5. The BSD <sys/queue.h> macros are in <uk/compat_list.h>. */
#ifndef __UK_LIST_H__
#define __UK_LIST_H__

#include <uk/essentials.h>

#define _LINUX_LIST_H_	/* 0.10's guard name, which some code tests */

/*
 * A list is a head whose next/prev point at the first/last element; an
 * empty head points at itself. Elements embed a struct uk_list_head and are
 * found back with uk_list_entry(). A removed element points at itself (our
 * uk_list_del is uk_list_del_init), so deleting twice is harmless and "am I
 * linked?" is !uk_list_empty(&elem->link).
 */
struct uk_list_head {
	struct uk_list_head *next;
	struct uk_list_head *prev;
};

#define UK_LIST_HEAD_INIT(name)	{ &(name), &(name) }
#define UK_LIST_HEAD(name)	struct uk_list_head name = UK_LIST_HEAD_INIT(name)

static inline void UK_INIT_LIST_HEAD(struct uk_list_head *list)
{
	list->next = list;
	list->prev = list;
}

static inline int uk_list_empty(const struct uk_list_head *head)
{
	return head->next == head;
}

/* Empty and not being changed half-way by another CPU (both links agree). */
static inline int uk_list_empty_careful(const struct uk_list_head *head)
{
	struct uk_list_head *next = head->next;

	return next == head && next == head->prev;
}

static inline int uk_list_is_singular(const struct uk_list_head *head)
{
	return !uk_list_empty(head) && head->next == head->prev;
}

static inline int uk_list_is_last(const struct uk_list_head *list,
				  const struct uk_list_head *head)
{
	return list->next == head;
}

/* Links new_entry between two neighbours. */
static inline void __uk_list_add(struct uk_list_head *new_entry,
				 struct uk_list_head *prev,
				 struct uk_list_head *next)
{
	new_entry->prev = prev;
	new_entry->next = next;
	prev->next = new_entry;
	next->prev = new_entry;
}

/* Inserts right after head (at the front of the list). */
static inline void uk_list_add(struct uk_list_head *new_entry,
			       struct uk_list_head *head)
{
	__uk_list_add(new_entry, head, head->next);
}

/* Inserts right before head (at the back of the list). */
static inline void uk_list_add_tail(struct uk_list_head *new_entry,
				    struct uk_list_head *head)
{
	__uk_list_add(new_entry, head->prev, head);
}

/* Joins two nodes, dropping whatever was between them. */
static inline void __uk_list_del(struct uk_list_head *prev,
				 struct uk_list_head *next)
{
	next->prev = prev;
	prev->next = next;
}

static inline void __uk_list_del_entry(struct uk_list_head *entry)
{
	__uk_list_del(entry->prev, entry->next);
}

/* Unlinks entry and leaves it pointing at itself (safe to delete again). */
static inline void uk_list_del_init(struct uk_list_head *entry)
{
	__uk_list_del_entry(entry);
	UK_INIT_LIST_HEAD(entry);
}

static inline void uk_list_del(struct uk_list_head *entry)
{
	uk_list_del_init(entry);
}

static inline void uk_list_replace(struct uk_list_head *old_entry,
				   struct uk_list_head *new_entry)
{
	__uk_list_add(new_entry, old_entry->prev, old_entry->next);
}

static inline void uk_list_replace_init(struct uk_list_head *old_entry,
					struct uk_list_head *new_entry)
{
	uk_list_replace(old_entry, new_entry);
	UK_INIT_LIST_HEAD(old_entry);
}

static inline void uk_list_move(struct uk_list_head *list,
				struct uk_list_head *head)
{
	__uk_list_del_entry(list);
	uk_list_add(list, head);
}

static inline void uk_list_move_tail(struct uk_list_head *entry,
				     struct uk_list_head *head)
{
	__uk_list_del_entry(entry);
	uk_list_add_tail(entry, head);
}

/* Puts the elements of `list` (not empty) between prev and next; `list`
 * itself is left as it was and must be re-initialised before reuse. */
static inline void __uk_list_splice(const struct uk_list_head *list,
				    struct uk_list_head *prev,
				    struct uk_list_head *next)
{
	struct uk_list_head *first = list->next, *last = list->prev;

	first->prev = prev;
	prev->next = first;
	last->next = next;
	next->prev = last;
}

static inline void uk_list_splice(const struct uk_list_head *list,
				  struct uk_list_head *head)
{
	if (!uk_list_empty(list))
		__uk_list_splice(list, head, head->next);
}

static inline void uk_list_splice_tail(struct uk_list_head *list,
				       struct uk_list_head *head)
{
	if (!uk_list_empty(list))
		__uk_list_splice(list, head->prev, head);
}

static inline void uk_list_splice_init(struct uk_list_head *list,
				       struct uk_list_head *head)
{
	uk_list_splice(list, head);
	UK_INIT_LIST_HEAD(list);
}

static inline void uk_list_splice_tail_init(struct uk_list_head *list,
					    struct uk_list_head *head)
{
	uk_list_splice_tail(list, head);
	UK_INIT_LIST_HEAD(list);
}

/* Moves head's elements up to and including entry onto `list` (empty). */
static inline void __uk_list_cut_position(struct uk_list_head *list,
					  struct uk_list_head *head,
					  struct uk_list_head *entry)
{
	struct uk_list_head *rest = entry->next;

	list->next = head->next;
	list->next->prev = list;
	list->prev = entry;
	entry->next = list;
	head->next = rest;
	rest->prev = head;
}

static inline void uk_list_cut_position(struct uk_list_head *list,
					struct uk_list_head *head,
					struct uk_list_head *entry)
{
	if (uk_list_empty(head))
		return;
	if (uk_list_is_singular(head) && head->next != entry && head != entry)
		return;
	if (entry == head)
		UK_INIT_LIST_HEAD(list);
	else
		__uk_list_cut_position(list, head, entry);
}

/* ---------------------------------------------------------------- walks */

#define uk_list_entry(ptr, type, field)	__containerof(ptr, type, field)
#define uk_list_first_entry(ptr, type, member)				\
	uk_list_entry((ptr)->next, type, member)
#define uk_list_last_entry(ptr, type, member)				\
	uk_list_entry((ptr)->prev, type, member)
#define uk_list_first_entry_or_null(ptr, type, member)			\
	(uk_list_empty(ptr) ? NULL : uk_list_first_entry(ptr, type, member))
#define uk_list_last_entry_or_null(ptr, type, member)			\
	(uk_list_empty(ptr) ? NULL : uk_list_last_entry(ptr, type, member))
#define uk_list_next_entry(ptr, member)					\
	uk_list_entry((ptr)->member.next, __typeof__(*(ptr)), member)
#define uk_list_prev_entry(ptr, member)					\
	uk_list_entry((ptr)->member.prev, __typeof__(*(ptr)), member)
#define uk_list_safe_reset_next(ptr, n, member)				\
	((n) = uk_list_next_entry(ptr, member))

#define uk_list_for_each(p, head)					\
	for ((p) = (head)->next; (p) != (head); (p) = (p)->next)
#define uk_list_for_each_prev(p, h)					\
	for ((p) = (h)->prev; (p) != (h); (p) = (p)->prev)
/* n holds the next element, so the loop body may unlink p. */
#define uk_list_for_each_safe(p, n, head)				\
	for ((p) = (head)->next, (n) = (p)->next; (p) != (head);	\
	     (p) = (n), (n) = (p)->next)

#define uk_list_for_each_entry(p, h, field)				\
	for ((p) = uk_list_entry((h)->next, __typeof__(*(p)), field);	\
	     &(p)->field != (h);					\
	     (p) = uk_list_next_entry(p, field))
#define uk_list_for_each_entry_safe(p, n, h, field)			\
	for ((p) = uk_list_entry((h)->next, __typeof__(*(p)), field),	\
	     (n) = uk_list_next_entry(p, field);			\
	     &(p)->field != (h);					\
	     (p) = (n), (n) = uk_list_next_entry(n, field))
/* from: starting at p itself; continue: starting after p. */
#define uk_list_for_each_entry_from(p, h, field)			\
	for (; &(p)->field != (h); (p) = uk_list_next_entry(p, field))
#define uk_list_for_each_entry_continue(p, h, field)			\
	for ((p) = uk_list_next_entry(p, field); &(p)->field != (h);	\
	     (p) = uk_list_next_entry(p, field))
#define uk_list_for_each_entry_safe_from(pos, n, head, member)		\
	for ((n) = uk_list_next_entry(pos, member);			\
	     &(pos)->member != (head);					\
	     (pos) = (n), (n) = uk_list_next_entry(n, member))
#define uk_list_for_each_entry_reverse(p, h, field)			\
	for ((p) = uk_list_entry((h)->prev, __typeof__(*(p)), field);	\
	     &(p)->field != (h);					\
	     (p) = uk_list_prev_entry(p, field))
#define uk_list_for_each_entry_safe_reverse(p, n, h, field)		\
	for ((p) = uk_list_entry((h)->prev, __typeof__(*(p)), field),	\
	     (n) = uk_list_prev_entry(p, field);			\
	     &(p)->field != (h);					\
	     (p) = (n), (n) = uk_list_prev_entry(n, field))
#define uk_list_for_each_entry_continue_reverse(p, h, field)		\
	for ((p) = uk_list_prev_entry(p, field); &(p)->field != (h);	\
	     (p) = uk_list_prev_entry(p, field))

/* ---------------------------------------------------------------- hlist */

/*
 * Hash buckets: a head of one pointer (half the size of a list head, for
 * big tables) and nodes whose pprev points at whatever points at them (the
 * head's `first` or the previous node's `next`), so a node unlinks itself
 * without knowing its bucket.
 */
struct uk_hlist_head {
	struct uk_hlist_node *first;
};

struct uk_hlist_node {
	struct uk_hlist_node *next, **pprev;
};

#define UK_HLIST_HEAD_INIT	{ .first = NULL }
#define UK_HLIST_HEAD(name)	struct uk_hlist_head name = UK_HLIST_HEAD_INIT
#define UK_INIT_HLIST_HEAD(head)	((head)->first = NULL)
#define UK_INIT_HLIST_NODE(node)	((node)->next = NULL, (node)->pprev = NULL)

static inline int uk_hlist_unhashed(const struct uk_hlist_node *h)
{
	return !h->pprev;
}

static inline int uk_hlist_empty(const struct uk_hlist_head *h)
{
	return !h->first;
}

static inline void uk_hlist_del(struct uk_hlist_node *n)
{
	*n->pprev = n->next;
	if (n->next)
		n->next->pprev = n->pprev;
}

static inline void uk_hlist_del_init(struct uk_hlist_node *n)
{
	if (uk_hlist_unhashed(n))
		return;
	uk_hlist_del(n);
	UK_INIT_HLIST_NODE(n);
}

static inline void uk_hlist_add_head(struct uk_hlist_node *n,
				     struct uk_hlist_head *h)
{
	n->next = h->first;
	if (h->first)
		h->first->pprev = &n->next;
	h->first = n;
	n->pprev = &h->first;
}

static inline void uk_hlist_add_before(struct uk_hlist_node *n,
				       struct uk_hlist_node *next)
{
	n->pprev = next->pprev;
	n->next = next;
	next->pprev = &n->next;
	*n->pprev = n;
}

static inline void uk_hlist_add_behind(struct uk_hlist_node *n,
				       struct uk_hlist_node *prev)
{
	n->next = prev->next;
	prev->next = n;
	n->pprev = &prev->next;
	if (n->next)
		n->next->pprev = &n->next;
}

/* Moves a whole bucket to another head; old_entry ends empty. */
static inline void uk_hlist_move_list(struct uk_hlist_head *old_entry,
				      struct uk_hlist_head *new_entry)
{
	new_entry->first = old_entry->first;
	if (new_entry->first)
		new_entry->first->pprev = &new_entry->first;
	old_entry->first = NULL;
}

#define uk_hlist_entry(ptr, type, field)	__containerof(ptr, type, field)
#define uk_hlist_entry_safe(ptr, type, member)				\
	({								\
		__typeof__(ptr) __hl_p = (ptr);				\
		__hl_p ? uk_hlist_entry(__hl_p, type, member) : NULL;	\
	})
#define uk_hlist_for_each(p, head)					\
	for ((p) = (head)->first; (p); (p) = (p)->next)
#define uk_hlist_for_each_safe(p, n, head)				\
	for ((p) = (head)->first; (p) && ((n) = (p)->next, 1); (p) = (n))
#define uk_hlist_for_each_entry(pos, head, member)			\
	for ((pos) = uk_hlist_entry_safe((head)->first,			\
					 __typeof__(*(pos)), member);	\
	     (pos);							\
	     (pos) = uk_hlist_entry_safe((pos)->member.next,		\
					 __typeof__(*(pos)), member))
#define uk_hlist_for_each_entry_continue(pos, member)			\
	for ((pos) = uk_hlist_entry_safe((pos)->member.next,		\
					 __typeof__(*(pos)), member);	\
	     (pos);							\
	     (pos) = uk_hlist_entry_safe((pos)->member.next,		\
					 __typeof__(*(pos)), member))
#define uk_hlist_for_each_entry_from(pos, member)			\
	for (; (pos);							\
	     (pos) = uk_hlist_entry_safe((pos)->member.next,		\
					 __typeof__(*(pos)), member))
#define uk_hlist_for_each_entry_safe(pos, n, head, member)		\
	for ((pos) = uk_hlist_entry_safe((head)->first,			\
					 __typeof__(*(pos)), member);	\
	     (pos) && ((n) = (pos)->member.next, 1);			\
	     (pos) = uk_hlist_entry_safe(n, __typeof__(*(pos)), member))

#include <uk/compat_list.h>

#endif /* __UK_LIST_H__ */
