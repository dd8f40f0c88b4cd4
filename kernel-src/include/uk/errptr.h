/* Error numbers carried in pointers (Unikraft API uk/errptr.h): a function
 * returning a pointer returns ERR2PTR(-ENOMEM) on failure, and the caller
 * tests PTRISERR(p) and reads PTR2ERR(p). The top MAXERRNO addresses are
 * never valid objects, so they can stand for -1 .. -MAXERRNO. */
#ifndef __UK_ERRPTR_H__
#define __UK_ERRPTR_H__

#include <errno.h>
#include <uk/essentials.h>

#define MAXERRNO	4095

#define PTRISERR(ptr)	((__uptr)(ptr) >= (__uptr)-MAXERRNO)
#define PTR2ERR(ptr)	((int)(__sptr)(ptr))
#define ERR2PTR(err)	((void *)(__sptr)(err))

#endif /* __UK_ERRPTR_H__ */
