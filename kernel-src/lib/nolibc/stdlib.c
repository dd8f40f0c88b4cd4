/* General utilities (C11 §7.22): the malloc family on the default uk_alloc
 * allocator, string-to-number conversion, abort and exit. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <uk/alloc.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/crash.h>

void *malloc(size_t size)
{
	return uk_malloc(uk_alloc_get_default(), size);
}

void *calloc(size_t nmemb, size_t size)
{
	return uk_calloc(uk_alloc_get_default(), nmemb, size);
}

void *realloc(void *ptr, size_t size)
{
	return uk_realloc(uk_alloc_get_default(), ptr, size);
}

void free(void *ptr)
{
	uk_free(uk_alloc_get_default(), ptr);
}

int posix_memalign(void **memptr, size_t align, size_t size)
{
	return uk_posix_memalign(uk_alloc_get_default(), memptr, align, size);
}

void *memalign(size_t align, size_t size)
{
	return uk_memalign(uk_alloc_get_default(), align, size);
}

void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}

void abort(void)
{
	ukplat_crash_report("abort()");
}

void exit(int status)
{
	ukplat_terminate(status == EXIT_SUCCESS ? UKPLAT_HALT : UKPLAT_CRASH);
}

static int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (islower(c))
		return c - 'a' + 10;
	if (isupper(c))
		return c - 'A' + 10;
	return 36;		/* larger than any base */
}

/*
 * The common part of the strto* family: skips blanks, reads a sign and a
 * base prefix, then digits. The magnitude is clamped to `pos_max` or
 * `neg_max` (depending on the sign) with errno = ERANGE.
 */
static unsigned long long scan(const char *nptr, char **end, int base,
			       unsigned long long pos_max,
			       unsigned long long neg_max, int *negative)
{
	const char *s = nptr;
	unsigned long long v = 0, max;
	int any = 0, overflow = 0, d;

	while (isspace(*s))
		s++;
	*negative = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X') && isxdigit(s[2])) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		errno = EINVAL;
		base = 0;	/* accept no digits */
	}
	max = *negative ? neg_max : pos_max;
	for (; (d = digit_value(*s)) < base; s++) {
		any = 1;
		if (v > (max - d) / base)
			overflow = 1;
		else
			v = v * base + d;
	}
	if (end)
		*end = (char *)(any ? s : nptr);
	if (overflow) {
		errno = ERANGE;
		return max;
	}
	return v;
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
	int neg;
	unsigned long long v = scan(s, end, base, LLONG_MAX,
				    (unsigned long long)LLONG_MAX + 1, &neg);

	return neg ? (long long)(0ULL - v) : (long long)v;
}

long strtol(const char *restrict s, char **restrict end, int base)
{
	int neg;
	unsigned long long v = scan(s, end, base, LONG_MAX,
				    (unsigned long long)LONG_MAX + 1, &neg);

	return neg ? (long)(0ULL - v) : (long)v;
}

/* As C says, "-1" converts to the largest value (the negation wraps). */
unsigned long long strtoull(const char *restrict s, char **restrict end,
			    int base)
{
	int neg;
	unsigned long long v = scan(s, end, base, ULLONG_MAX, ULLONG_MAX, &neg);

	return neg ? 0ULL - v : v;
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	int neg;
	unsigned long long v = scan(s, end, base, ULONG_MAX, ULONG_MAX, &neg);

	return neg ? 0UL - (unsigned long)v : (unsigned long)v;
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
	return strtoll(s, NULL, 10);
}

int abs(int v)
{
	return v < 0 ? -v : v;
}

long labs(long v)
{
	return v < 0 ? -v : v;
}

long long llabs(long long v)
{
	return v < 0 ? -v : v;
}
