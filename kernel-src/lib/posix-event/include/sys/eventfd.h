/* eventfd (Linux <sys/eventfd.h>): a 64-bit counter as a file. */
#ifndef __SYS_EVENTFD_H__
#define __SYS_EVENTFD_H__

#include <stdint.h>

#define EFD_SEMAPHORE	1
#define EFD_NONBLOCK	04000		/* O_NONBLOCK */
#define EFD_CLOEXEC	02000000	/* O_CLOEXEC */

typedef uint64_t eventfd_t;

int eventfd(unsigned int initval, int flags);
int eventfd2(unsigned int initval, int flags);
/* glibc's helpers: one read / write of 8 bytes, 0 or -1. */
int eventfd_read(int fd, eventfd_t *value);
int eventfd_write(int fd, eventfd_t value);

#endif /* __SYS_EVENTFD_H__ */
