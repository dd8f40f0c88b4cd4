/* errno with musl. The global int errno of the host contract (uksched's
 * __errno_location gives host calls on CPU 0 this one) is nolibc's
 * otherwise; musl has no such symbol. musl's errno is
 * (*__errno_location()), which is uksched's (errno per thread without a TLS
 * block per thread), and musl's own code calls it by its internal name
 * ___errno_location: that is uksched's too, so musl's __errno_location
 * member never comes in (see Makefile.uk). */
#include <errno.h>

#undef errno
int errno;

int *___errno_location(void)
{
	return __errno_location();
}
