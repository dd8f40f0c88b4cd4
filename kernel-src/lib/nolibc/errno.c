/* errno (C11 §7.5): the boot CPU's, and where to find the running thread's. */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>

#undef errno
int errno;

/* Without a scheduler there is one errno; lib/uksched gives each thread and
 * each CPU its own. */
int * __weak __errno_location(void)
{
	return &errno;
}

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
	[EPIPE] = "Broken pipe",
	[EMFILE] = "Too many open files",
	[ENFILE] = "Too many open files in system",
	[ENOTTY] = "Inappropriate ioctl for device",
	[ENOTSOCK] = "Socket operation on non-socket",
	[EAFNOSUPPORT] = "Address family not supported by protocol",
	[EADDRINUSE] = "Address already in use",
	[ECONNREFUSED] = "Connection refused",
	[ECONNRESET] = "Connection reset by peer",
	[ENOTCONN] = "Transport endpoint is not connected",
	[EISCONN] = "Transport endpoint is already connected",
	[EPROTOTYPE] = "Protocol wrong type for socket",
	[EPROTONOSUPPORT] = "Protocol not supported",
	[EDESTADDRREQ] = "Destination address required",
	[EMSGSIZE] = "Message too long",
	[ENOPROTOOPT] = "Protocol not available",
};

char *strerror(int errnum)
{
	int n = sizeof(messages) / sizeof(messages[0]);

	if (errnum >= 0 && errnum < n && messages[errnum])
		return (char *)messages[errnum];
	return (char *)"Unknown error";
}
