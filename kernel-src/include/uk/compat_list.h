/* The BSD <sys/queue.h> list family under Unikraft's UK_ prefix
 * (uk/compat_list.h): singly-linked lists (SLIST), singly-linked tail
 * queues (STAILQ), doubly-linked lists (LIST) and tail queues (TAILQ).
 * The elements carry the links (an *_ENTRY member named `field`); heads are
 * structs of their own. Same names and meanings as 4.4BSD's queue(3). */
#ifndef UK__SYS_QUEUE_H_
#define UK__SYS_QUEUE_H_

#include <uk/essentials.h>

/*
 * The debugging aids of queue(3) (tracing the last change, poisoning
 * removed links) are off: UK_QUEUE_MACRO_DEBUG_TRACE/_TRASH stay undefined,
 * and the hooks below expand to nothing.
 */
struct UK__qm_trace {
	unsigned long lastline;
	unsigned long prevline;
	const char *lastfile;
	const char *prevfile;
};
#define UK__TRACEBUF
#define UK__TRACEBUF_INITIALIZER
#define UK__QMD_TRACE_HEAD(head)
#define UK__QMD_TRACE_ELEM(elem)
#define UK__TRASHIT(x)
#define UK__QMD_IS_TRASHED(x)		0
#define UK__QMD_SAVELINK(name, link)
#define UK__QMD_SLIST_CHECK_PREVPTR(prevp, elm)
#define UK__QMD_LIST_CHECK_HEAD(head, field)
#define UK__QMD_LIST_CHECK_NEXT(elm, field)
#define UK__QMD_LIST_CHECK_PREV(elm, field)
#define UK__QMD_TAILQ_CHECK_HEAD(head, field)
#define UK__QMD_TAILQ_CHECK_TAIL(head, headname)
#define UK__QMD_TAILQ_CHECK_NEXT(elm, field)
#define UK__QMD_TAILQ_CHECK_PREV(elm, field)

/* Element types are given whole ("struct foo"), as 0.10 does. */
#define UK_QUEUE_TYPEOF(type)		type

/* ================================================================ SLIST */
#define UK_SLIST_HEAD(name, type)	struct name { type *slh_first; }
#define UK_SLIST_CLASS_HEAD(name, type)	struct name { type *slh_first; }
#define UK_SLIST_HEAD_INITIALIZER(head)	{ NULL }
#define UK_SLIST_ENTRY(type)		struct { type *sle_next; }
#define UK_SLIST_CLASS_ENTRY(type)	struct { type *sle_next; }

#define UK_SLIST_EMPTY(head)		((head)->slh_first == NULL)
#define UK_SLIST_FIRST(head)		((head)->slh_first)
#define UK_SLIST_NEXT(elm, field)	((elm)->field.sle_next)
#define UK_SLIST_INIT(head)		(UK_SLIST_FIRST(head) = NULL)

#define UK_SLIST_FOREACH(var, head, field)				\
	for ((var) = UK_SLIST_FIRST(head); (var);			\
	     (var) = UK_SLIST_NEXT(var, field))
#define UK_SLIST_FOREACH_FROM(var, head, field)				\
	for ((var) = (var) ? (var) : UK_SLIST_FIRST(head); (var);	\
	     (var) = UK_SLIST_NEXT(var, field))
#define UK_SLIST_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = UK_SLIST_FIRST(head);				\
	     (var) && ((tvar) = UK_SLIST_NEXT(var, field), 1);		\
	     (var) = (tvar))
#define UK_SLIST_FOREACH_FROM_SAFE(var, head, field, tvar)		\
	for ((var) = (var) ? (var) : UK_SLIST_FIRST(head);		\
	     (var) && ((tvar) = UK_SLIST_NEXT(var, field), 1);		\
	     (var) = (tvar))
/* varp: the address of the link that points at var */
#define UK_SLIST_FOREACH_PREVPTR(var, varp, head, field)		\
	for ((varp) = &UK_SLIST_FIRST(head); ((var) = *(varp)) != NULL;	\
	     (varp) = &UK_SLIST_NEXT(var, field))

#define UK_SLIST_INSERT_HEAD(head, elm, field)				\
	do {								\
		UK_SLIST_NEXT(elm, field) = UK_SLIST_FIRST(head);	\
		UK_SLIST_FIRST(head) = (elm);				\
	} while (0)
#define UK_SLIST_INSERT_AFTER(slistelm, elm, field)			\
	do {								\
		UK_SLIST_NEXT(elm, field) = UK_SLIST_NEXT(slistelm, field); \
		UK_SLIST_NEXT(slistelm, field) = (elm);			\
	} while (0)
#define UK_SLIST_REMOVE_HEAD(head, field)				\
	(UK_SLIST_FIRST(head) = UK_SLIST_NEXT(UK_SLIST_FIRST(head), field))
#define UK_SLIST_REMOVE_AFTER(elm, field)				\
	(UK_SLIST_NEXT(elm, field) =					\
		UK_SLIST_NEXT(UK_SLIST_NEXT(elm, field), field))
#define UK_SLIST_REMOVE_PREVPTR(prevp, elm, field)			\
	(*(prevp) = UK_SLIST_NEXT(elm, field))
/* Walks from the head to elm's predecessor: O(n). */
#define UK_SLIST_REMOVE(head, elm, type, field)				\
	do {								\
		if (UK_SLIST_FIRST(head) == (elm)) {			\
			UK_SLIST_REMOVE_HEAD(head, field);		\
		} else {						\
			type *__sl_cur = UK_SLIST_FIRST(head);	\
			while (UK_SLIST_NEXT(__sl_cur, field) != (elm))	\
				__sl_cur = UK_SLIST_NEXT(__sl_cur, field); \
			UK_SLIST_REMOVE_AFTER(__sl_cur, field);		\
		}							\
	} while (0)
#define UK_SLIST_CONCAT(head1, head2, type, field)			\
	do {								\
		type *__sl_last = UK_SLIST_FIRST(head1);		\
		if (!__sl_last) {					\
			UK_SLIST_FIRST(head1) = UK_SLIST_FIRST(head2);	\
		} else if (UK_SLIST_FIRST(head2)) {			\
			while (UK_SLIST_NEXT(__sl_last, field))		\
				__sl_last = UK_SLIST_NEXT(__sl_last, field); \
			UK_SLIST_NEXT(__sl_last, field) =		\
				UK_SLIST_FIRST(head2);			\
		}							\
		UK_SLIST_INIT(head2);					\
	} while (0)
#define UK_SLIST_SWAP(head1, head2, type)				\
	do {								\
		type *__sl_tmp = UK_SLIST_FIRST(head1);		\
		UK_SLIST_FIRST(head1) = UK_SLIST_FIRST(head2);		\
		UK_SLIST_FIRST(head2) = __sl_tmp;			\
	} while (0)

/* ================================================================ STAILQ */
/* stqh_last points at the last element's next link (or at stqh_first). */
#define UK_STAILQ_HEAD(name, type)					\
	struct name { type *stqh_first; type **stqh_last; }
#define UK_STAILQ_CLASS_HEAD(name, type)	UK_STAILQ_HEAD(name, type)
#define UK_STAILQ_HEAD_INITIALIZER(head)	{ NULL, &(head).stqh_first }
#define UK_STAILQ_ENTRY(type)		struct { type *stqe_next; }
#define UK_STAILQ_CLASS_ENTRY(type)	UK_STAILQ_ENTRY(type)

#define UK_STAILQ_EMPTY(head)		((head)->stqh_first == NULL)
#define UK_STAILQ_FIRST(head)		((head)->stqh_first)
#define UK_STAILQ_NEXT(elm, field)	((elm)->field.stqe_next)
#define UK_STAILQ_INIT(head)						\
	do {								\
		UK_STAILQ_FIRST(head) = NULL;				\
		(head)->stqh_last = &UK_STAILQ_FIRST(head);		\
	} while (0)
#define UK_STAILQ_LAST(head, type, field)				\
	(UK_STAILQ_EMPTY(head) ? NULL :					\
	 __containerof((head)->stqh_last, type, field.stqe_next))

#define UK_STAILQ_FOREACH(var, head, field)				\
	for ((var) = UK_STAILQ_FIRST(head); (var);			\
	     (var) = UK_STAILQ_NEXT(var, field))
#define UK_STAILQ_FOREACH_FROM(var, head, field)			\
	for ((var) = (var) ? (var) : UK_STAILQ_FIRST(head); (var);	\
	     (var) = UK_STAILQ_NEXT(var, field))
#define UK_STAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = UK_STAILQ_FIRST(head);				\
	     (var) && ((tvar) = UK_STAILQ_NEXT(var, field), 1);		\
	     (var) = (tvar))
#define UK_STAILQ_FOREACH_FROM_SAFE(var, head, field, tvar)		\
	for ((var) = (var) ? (var) : UK_STAILQ_FIRST(head);		\
	     (var) && ((tvar) = UK_STAILQ_NEXT(var, field), 1);		\
	     (var) = (tvar))

#define UK_STAILQ_INSERT_HEAD(head, elm, field)				\
	do {								\
		if ((UK_STAILQ_NEXT(elm, field) = UK_STAILQ_FIRST(head)) == NULL) \
			(head)->stqh_last = &UK_STAILQ_NEXT(elm, field); \
		UK_STAILQ_FIRST(head) = (elm);				\
	} while (0)
#define UK_STAILQ_INSERT_TAIL(head, elm, field)				\
	do {								\
		UK_STAILQ_NEXT(elm, field) = NULL;			\
		*(head)->stqh_last = (elm);				\
		(head)->stqh_last = &UK_STAILQ_NEXT(elm, field);	\
	} while (0)
#define UK_STAILQ_INSERT_AFTER(head, tqelm, elm, field)			\
	do {								\
		if ((UK_STAILQ_NEXT(elm, field) =			\
		     UK_STAILQ_NEXT(tqelm, field)) == NULL)		\
			(head)->stqh_last = &UK_STAILQ_NEXT(elm, field); \
		UK_STAILQ_NEXT(tqelm, field) = (elm);			\
	} while (0)
#define UK_STAILQ_REMOVE_HEAD(head, field)				\
	do {								\
		if ((UK_STAILQ_FIRST(head) =				\
		     UK_STAILQ_NEXT(UK_STAILQ_FIRST(head), field)) == NULL) \
			(head)->stqh_last = &UK_STAILQ_FIRST(head);	\
	} while (0)
#define UK_STAILQ_REMOVE_AFTER(head, elm, field)			\
	do {								\
		if ((UK_STAILQ_NEXT(elm, field) = UK_STAILQ_NEXT(	\
		     UK_STAILQ_NEXT(elm, field), field)) == NULL)	\
			(head)->stqh_last = &UK_STAILQ_NEXT(elm, field); \
	} while (0)
#define UK_STAILQ_REMOVE(head, elm, type, field)			\
	do {								\
		if (UK_STAILQ_FIRST(head) == (elm)) {			\
			UK_STAILQ_REMOVE_HEAD(head, field);		\
		} else {						\
			type *__sq_cur = UK_STAILQ_FIRST(head);	\
			while (UK_STAILQ_NEXT(__sq_cur, field) != (elm)) \
				__sq_cur = UK_STAILQ_NEXT(__sq_cur, field); \
			UK_STAILQ_REMOVE_AFTER(head, __sq_cur, field);	\
		}							\
	} while (0)
#define UK_STAILQ_CONCAT(head1, head2)					\
	do {								\
		if (!UK_STAILQ_EMPTY(head2)) {				\
			*(head1)->stqh_last = (head2)->stqh_first;	\
			(head1)->stqh_last = (head2)->stqh_last;	\
			UK_STAILQ_INIT(head2);				\
		}							\
	} while (0)
#define UK_STAILQ_SWAP(head1, head2, type)				\
	do {								\
		type *__sq_first = UK_STAILQ_FIRST(head1);	\
		type **__sq_last = (head1)->stqh_last;		\
		UK_STAILQ_FIRST(head1) = UK_STAILQ_FIRST(head2);	\
		(head1)->stqh_last = (head2)->stqh_last;		\
		UK_STAILQ_FIRST(head2) = __sq_first;			\
		(head2)->stqh_last = __sq_last;				\
		if (UK_STAILQ_EMPTY(head1))				\
			(head1)->stqh_last = &UK_STAILQ_FIRST(head1);	\
		if (UK_STAILQ_EMPTY(head2))				\
			(head2)->stqh_last = &UK_STAILQ_FIRST(head2);	\
	} while (0)

/* ================================================================ LIST */
/* le_prev points at the link that points at this element. The head macro
 * is UK_COMPAT_LIST_HEAD: UK_LIST_HEAD is <uk/list.h>'s. */
#define UK_COMPAT_LIST_HEAD(name, type)	struct name { type *lh_first; }
#define UK_LIST_CLASS_HEAD(name, type)	struct name { type *lh_first; }
#define UK_LIST_HEAD_INITIALIZER(head)	{ NULL }
#define UK_LIST_ENTRY(type)						\
	struct { type *le_next; type **le_prev; }
#define UK_LIST_CLASS_ENTRY(type)	UK_LIST_ENTRY(type)

#define UK_LIST_EMPTY(head)		((head)->lh_first == NULL)
#define UK_LIST_FIRST(head)		((head)->lh_first)
#define UK_LIST_NEXT(elm, field)	((elm)->field.le_next)
#define UK_LIST_INIT(head)		(UK_LIST_FIRST(head) = NULL)
#define UK_LIST_PREV(elm, head, type, field)				\
	((elm)->field.le_prev == &UK_LIST_FIRST(head) ? NULL :		\
	 __containerof((elm)->field.le_prev, type, field.le_next))

#define UK_LIST_FOREACH(var, head, field)				\
	for ((var) = UK_LIST_FIRST(head); (var);			\
	     (var) = UK_LIST_NEXT(var, field))
#define UK_LIST_FOREACH_FROM(var, head, field)				\
	for ((var) = (var) ? (var) : UK_LIST_FIRST(head); (var);	\
	     (var) = UK_LIST_NEXT(var, field))
#define UK_LIST_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = UK_LIST_FIRST(head);				\
	     (var) && ((tvar) = UK_LIST_NEXT(var, field), 1);		\
	     (var) = (tvar))
#define UK_LIST_FOREACH_FROM_SAFE(var, head, field, tvar)		\
	for ((var) = (var) ? (var) : UK_LIST_FIRST(head);		\
	     (var) && ((tvar) = UK_LIST_NEXT(var, field), 1);		\
	     (var) = (tvar))

#define UK_LIST_INSERT_HEAD(head, elm, field)				\
	do {								\
		if ((UK_LIST_NEXT(elm, field) = UK_LIST_FIRST(head)))	\
			UK_LIST_FIRST(head)->field.le_prev =		\
				&UK_LIST_NEXT(elm, field);		\
		UK_LIST_FIRST(head) = (elm);				\
		(elm)->field.le_prev = &UK_LIST_FIRST(head);		\
	} while (0)
#define UK_LIST_INSERT_AFTER(listelm, elm, field)			\
	do {								\
		if ((UK_LIST_NEXT(elm, field) = UK_LIST_NEXT(listelm, field))) \
			UK_LIST_NEXT(listelm, field)->field.le_prev =	\
				&UK_LIST_NEXT(elm, field);		\
		UK_LIST_NEXT(listelm, field) = (elm);			\
		(elm)->field.le_prev = &UK_LIST_NEXT(listelm, field);	\
	} while (0)
#define UK_LIST_INSERT_BEFORE(listelm, elm, field)			\
	do {								\
		(elm)->field.le_prev = (listelm)->field.le_prev;	\
		UK_LIST_NEXT(elm, field) = (listelm);			\
		*(listelm)->field.le_prev = (elm);			\
		(listelm)->field.le_prev = &UK_LIST_NEXT(elm, field);	\
	} while (0)
#define UK_LIST_REMOVE(elm, field)					\
	do {								\
		if (UK_LIST_NEXT(elm, field))				\
			UK_LIST_NEXT(elm, field)->field.le_prev =	\
				(elm)->field.le_prev;			\
		*(elm)->field.le_prev = UK_LIST_NEXT(elm, field);	\
	} while (0)
#define UK_LIST_CONCAT(head1, head2, type, field)			\
	do {								\
		type *__l_cur = UK_LIST_FIRST(head1);		\
		if (!__l_cur) {						\
			if ((UK_LIST_FIRST(head1) = UK_LIST_FIRST(head2))) \
				UK_LIST_FIRST(head2)->field.le_prev =	\
					&UK_LIST_FIRST(head1);		\
		} else if (UK_LIST_FIRST(head2)) {			\
			while (UK_LIST_NEXT(__l_cur, field))		\
				__l_cur = UK_LIST_NEXT(__l_cur, field);	\
			UK_LIST_NEXT(__l_cur, field) = UK_LIST_FIRST(head2); \
			UK_LIST_FIRST(head2)->field.le_prev =		\
				&UK_LIST_NEXT(__l_cur, field);		\
		}							\
		UK_LIST_INIT(head2);					\
	} while (0)
#define UK_LIST_SWAP(head1, head2, type, field)				\
	do {								\
		type *__l_tmp = UK_LIST_FIRST(head1);		\
		UK_LIST_FIRST(head1) = UK_LIST_FIRST(head2);		\
		UK_LIST_FIRST(head2) = __l_tmp;				\
		if ((__l_tmp = UK_LIST_FIRST(head1)))			\
			__l_tmp->field.le_prev = &UK_LIST_FIRST(head1);	\
		if ((__l_tmp = UK_LIST_FIRST(head2)))			\
			__l_tmp->field.le_prev = &UK_LIST_FIRST(head2);	\
	} while (0)

/* ================================================================ TAILQ */
/* tqh_last / tqe_prev point at links, as le_prev does. Going backwards
 * reads the previous element's entry through its head-shaped overlay. */
#define UK_TAILQ_HEAD(name, type)					\
	struct name { type *tqh_first; type **tqh_last; }
#define UK_TAILQ_CLASS_HEAD(name, type)	UK_TAILQ_HEAD(name, type)
#define UK_TAILQ_HEAD_INITIALIZER(head)	{ NULL, &(head).tqh_first }
#define UK_TAILQ_ENTRY(type)						\
	struct { type *tqe_next; type **tqe_prev; }
#define UK_TAILQ_CLASS_ENTRY(type)	UK_TAILQ_ENTRY(type)

#define UK_TAILQ_EMPTY(head)		((head)->tqh_first == NULL)
#define UK_TAILQ_FIRST(head)		((head)->tqh_first)
#define UK_TAILQ_NEXT(elm, field)	((elm)->field.tqe_next)
#define UK_TAILQ_LAST(head, headname)					\
	(*(((struct headname *)((head)->tqh_last))->tqh_last))
#define UK_TAILQ_PREV(elm, headname, field)				\
	(*(((struct headname *)((elm)->field.tqe_prev))->tqh_last))
#define UK_TAILQ_INIT(head)						\
	do {								\
		UK_TAILQ_FIRST(head) = NULL;				\
		(head)->tqh_last = &UK_TAILQ_FIRST(head);		\
	} while (0)

#define UK_TAILQ_FOREACH(var, head, field)				\
	for ((var) = UK_TAILQ_FIRST(head); (var);			\
	     (var) = UK_TAILQ_NEXT(var, field))
#define UK_TAILQ_FOREACH_FROM(var, head, field)				\
	for ((var) = (var) ? (var) : UK_TAILQ_FIRST(head); (var);	\
	     (var) = UK_TAILQ_NEXT(var, field))
#define UK_TAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = UK_TAILQ_FIRST(head);				\
	     (var) && ((tvar) = UK_TAILQ_NEXT(var, field), 1);		\
	     (var) = (tvar))
#define UK_TAILQ_FOREACH_FROM_SAFE(var, head, field, tvar)		\
	for ((var) = (var) ? (var) : UK_TAILQ_FIRST(head);		\
	     (var) && ((tvar) = UK_TAILQ_NEXT(var, field), 1);		\
	     (var) = (tvar))
#define UK_TAILQ_FOREACH_REVERSE(var, head, headname, field)		\
	for ((var) = UK_TAILQ_LAST(head, headname); (var);		\
	     (var) = UK_TAILQ_PREV(var, headname, field))
#define UK_TAILQ_FOREACH_REVERSE_FROM(var, head, headname, field)	\
	for ((var) = (var) ? (var) : UK_TAILQ_LAST(head, headname);	\
	     (var); (var) = UK_TAILQ_PREV(var, headname, field))
#define UK_TAILQ_FOREACH_REVERSE_SAFE(var, head, headname, field, tvar)	\
	for ((var) = UK_TAILQ_LAST(head, headname);			\
	     (var) && ((tvar) = UK_TAILQ_PREV(var, headname, field), 1); \
	     (var) = (tvar))
#define UK_TAILQ_FOREACH_REVERSE_FROM_SAFE(var, head, headname, field, tvar) \
	for ((var) = (var) ? (var) : UK_TAILQ_LAST(head, headname);	\
	     (var) && ((tvar) = UK_TAILQ_PREV(var, headname, field), 1); \
	     (var) = (tvar))

#define UK_TAILQ_INSERT_HEAD(head, elm, field)				\
	do {								\
		if ((UK_TAILQ_NEXT(elm, field) = UK_TAILQ_FIRST(head)))	\
			UK_TAILQ_FIRST(head)->field.tqe_prev =		\
				&UK_TAILQ_NEXT(elm, field);		\
		else							\
			(head)->tqh_last = &UK_TAILQ_NEXT(elm, field);	\
		UK_TAILQ_FIRST(head) = (elm);				\
		(elm)->field.tqe_prev = &UK_TAILQ_FIRST(head);		\
	} while (0)
#define UK_TAILQ_INSERT_TAIL(head, elm, field)				\
	do {								\
		UK_TAILQ_NEXT(elm, field) = NULL;			\
		(elm)->field.tqe_prev = (head)->tqh_last;		\
		*(head)->tqh_last = (elm);				\
		(head)->tqh_last = &UK_TAILQ_NEXT(elm, field);		\
	} while (0)
#define UK_TAILQ_INSERT_AFTER(head, listelm, elm, field)		\
	do {								\
		if ((UK_TAILQ_NEXT(elm, field) = UK_TAILQ_NEXT(listelm, field))) \
			UK_TAILQ_NEXT(elm, field)->field.tqe_prev =	\
				&UK_TAILQ_NEXT(elm, field);		\
		else							\
			(head)->tqh_last = &UK_TAILQ_NEXT(elm, field);	\
		UK_TAILQ_NEXT(listelm, field) = (elm);			\
		(elm)->field.tqe_prev = &UK_TAILQ_NEXT(listelm, field);	\
	} while (0)
#define UK_TAILQ_INSERT_BEFORE(listelm, elm, field)			\
	do {								\
		(elm)->field.tqe_prev = (listelm)->field.tqe_prev;	\
		UK_TAILQ_NEXT(elm, field) = (listelm);			\
		*(listelm)->field.tqe_prev = (elm);			\
		(listelm)->field.tqe_prev = &UK_TAILQ_NEXT(elm, field);	\
	} while (0)
#define UK_TAILQ_REMOVE(head, elm, field)				\
	do {								\
		if (UK_TAILQ_NEXT(elm, field))				\
			UK_TAILQ_NEXT(elm, field)->field.tqe_prev =	\
				(elm)->field.tqe_prev;			\
		else							\
			(head)->tqh_last = (elm)->field.tqe_prev;	\
		*(elm)->field.tqe_prev = UK_TAILQ_NEXT(elm, field);	\
	} while (0)
#define UK_TAILQ_CONCAT(head1, head2, field)				\
	do {								\
		if (!UK_TAILQ_EMPTY(head2)) {				\
			*(head1)->tqh_last = (head2)->tqh_first;	\
			(head2)->tqh_first->field.tqe_prev =		\
				(head1)->tqh_last;			\
			(head1)->tqh_last = (head2)->tqh_last;		\
			UK_TAILQ_INIT(head2);				\
		}							\
	} while (0)
#define UK_TAILQ_SWAP(head1, head2, type, field)			\
	do {								\
		type *__tq_first = UK_TAILQ_FIRST(head1);	\
		type **__tq_last = (head1)->tqh_last;		\
		UK_TAILQ_FIRST(head1) = UK_TAILQ_FIRST(head2);		\
		(head1)->tqh_last = (head2)->tqh_last;			\
		UK_TAILQ_FIRST(head2) = __tq_first;			\
		(head2)->tqh_last = __tq_last;				\
		if ((__tq_first = UK_TAILQ_FIRST(head1)))		\
			__tq_first->field.tqe_prev = &UK_TAILQ_FIRST(head1); \
		else							\
			(head1)->tqh_last = &UK_TAILQ_FIRST(head1);	\
		if ((__tq_first = UK_TAILQ_FIRST(head2)))		\
			__tq_first->field.tqe_prev = &UK_TAILQ_FIRST(head2); \
		else							\
			(head2)->tqh_last = &UK_TAILQ_FIRST(head2);	\
	} while (0)

#endif /* UK__SYS_QUEUE_H_ */
