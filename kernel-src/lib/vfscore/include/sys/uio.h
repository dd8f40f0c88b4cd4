/* Vectored I/O (POSIX.1-2017 <sys/uio.h>). */
#ifndef __SYS_UIO_H__
#define __SYS_UIO_H__

#include <sys/types.h>

struct iovec {
	void *iov_base;
	size_t iov_len;
};

#define IOV_MAX		1024

ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);

#endif /* __SYS_UIO_H__ */
