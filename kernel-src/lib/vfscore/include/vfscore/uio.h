/* Scatter-gather transfers between a buffer and an iovec array (after
 * Unikraft's vfscore/uio.h). */
#ifndef _UIO_H_
#define _UIO_H_

#include <limits.h>
#include <sys/types.h>
#include <sys/uio.h>

#define IOSIZE_MAX	SSIZE_MAX	/* bytes one transfer may move */
#define UIO_MAXIOV	1024		/* iovecs one transfer may use */
#define UIO_SYSSPACE	0		/* the only address space */

enum uio_rw { UIO_READ, UIO_WRITE };

/* A transfer in progress: uio_iov/uio_iovcnt advance as it moves,
 * uio_resid counts what is left, uio_offset where it is in the file. */
struct uio {
	struct iovec *uio_iov;
	int uio_iovcnt;
	off_t uio_offset;
	ssize_t uio_resid;
	enum uio_rw uio_rw;
};

/* Moves up to n bytes between cp and the uio (UIO_READ: cp -> buffers).
 * 0, or EINVAL. */
int vfscore_uiomove(void *cp, int n, struct uio *uio);
/* Calls f(cp, buffer, &len) for each piece of up to n bytes; f says how
 * much it moved in len. 0, or f's first error. */
int vfscore_uioforeach(int (*f)(void *, void *, size_t *), void *cp,
		       size_t n, struct uio *uio);

#endif /* _UIO_H_ */
