/* errno (C11 §7.5) as one global int: there is one thread of control per CPU
 * and no scheduler yet; it becomes per-thread when threads arrive. */
#include <errno.h>
#include <string.h>

int errno;

static const char *const messages[] = {
	[0] = "Success",
	[EPERM] = "Operation not permitted",
	[ENOENT] = "No such file or directory",
	[EINTR] = "Interrupted system call",
	[EIO] = "I/O error",
	[EBADF] = "Bad file descriptor",
	[EAGAIN] = "Resource temporarily unavailable",
	[ENOMEM] = "Out of memory",
	[EACCES] = "Permission denied",
	[EFAULT] = "Bad address",
	[EBUSY] = "Device or resource busy",
	[EEXIST] = "File exists",
	[ENODEV] = "No such device",
	[EINVAL] = "Invalid argument",
	[ENOSPC] = "No space left on device",
	[ERANGE] = "Result out of range",
	[ENOSYS] = "Function not implemented",
	[EOVERFLOW] = "Value too large for defined data type",
	[ENOTSUP] = "Operation not supported",
	[ETIMEDOUT] = "Connection timed out",
	[EALREADY] = "Operation already in progress",
	[ECANCELED] = "Operation canceled",
};

char *strerror(int errnum)
{
	int n = sizeof(messages) / sizeof(messages[0]);

	if (errnum >= 0 && errnum < n && messages[errnum])
		return (char *)messages[errnum];
	return (char *)"Unknown error";
}
