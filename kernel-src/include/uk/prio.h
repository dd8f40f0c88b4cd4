/* Priorities 0 (first) .. 9 (last) inside one init-table class. */
#ifndef __UK_PRIO_H__
#define __UK_PRIO_H__

#define UK_PRIO_EARLIEST	0
#define UK_PRIO_LATEST		9
/* Only for literal priorities; the result must still be <= UK_PRIO_LATEST. */
#define UK_PRIO_AFTER(x)	((x) + 1)

#endif /* __UK_PRIO_H__ */
