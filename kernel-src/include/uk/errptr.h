/* Errors carried in pointers (Unikraft 0.10 <uk/errptr.h>): a function that
 * returns a pointer can return -errno instead, as the address -errno. The
 * top MAXERRNO addresses are never valid objects, so the two cannot mix. */
#ifndef __UK_ERRPTR_H__
#define __UK_ERRPTR_H__

#include <errno.h>

#define MAXERRNO	4095

/* 1 when ptr holds an error (an address in [-MAXERRNO, -1]) */
#define PTRISERR(ptr)							\
	((unsigned long)(ptr) >= (unsigned long)-MAXERRNO)
/* The negative errno a pointer carries (meaningful when PTRISERR) */
#define PTR2ERR(ptr)		((int)(long)(ptr))
/* A pointer carrying the negative errno err */
#define ERR2PTR(err)		((void *)(long)(err))

#endif /* __UK_ERRPTR_H__ */
