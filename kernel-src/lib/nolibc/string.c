/* String and memory functions. C11 §7.24; POSIX.1-2017 (strdup, strndup). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/*
 * Plain loops everywhere else: the build passes
 * -fno-tree-loop-distribute-patterns so GCC does not turn them back into
 * calls to these very functions.
 *
 * memcpy and memset move 8 bytes per step, the odd tail bytes after, in one
 * of two ways, whichever this machine runs faster (copy_choice.c measures both
 * at boot): x86's string instructions (Intel SDM Vol. 2B, REP MOVS/STOS), few
 * instructions, which matters a lot under a hypervisor that emulates the guest
 * (this host's nested KVM takes ~1 us per instruction); or a loop of 8-byte
 * moves, four a turn, which QEMU's TCG translates to plain loads and stores
 * where it runs the string instructions through a helper, several times slower.
 */
int nolibc_copy_by_loop;

#define LOOP_FROM	256	/* below this, the string instructions always win */

static void copy_words(unsigned long *d, const unsigned long *s, size_t words)
{
	size_t i;

	/* Eight loads, then eight stores, kept in that order by the empty asm
	 * (GCC would interleave them): under TCG every access looks the page
	 * up in a small direct-mapped TLB where source and destination pages
	 * may share a slot, and each switch between them costs a refill. */
	for (i = 0; i + 8 <= words; i += 8) {
		unsigned long a = s[i], b = s[i + 1], c = s[i + 2], e = s[i + 3];
		unsigned long f = s[i + 4], g = s[i + 5], h = s[i + 6], k = s[i + 7];

		__asm__ __volatile__("" : "+r"(a), "+r"(b), "+r"(c), "+r"(e),
				     "+r"(f), "+r"(g), "+r"(h), "+r"(k));
		d[i] = a;
		d[i + 1] = b;
		d[i + 2] = c;
		d[i + 3] = e;
		d[i + 4] = f;
		d[i + 5] = g;
		d[i + 6] = h;
		d[i + 7] = k;
	}
	for (; i < words; i++)
		d[i] = s[i];
}

/* copy_words from the top down, for a destination that overlaps above */
static void copy_words_down(unsigned long *d, const unsigned long *s, size_t words)
{
	for (; words >= 4; words -= 4) {
		unsigned long a = s[words - 1], b = s[words - 2];
		unsigned long c = s[words - 3], e = s[words - 4];

		__asm__ __volatile__("" : "+r"(a), "+r"(b), "+r"(c), "+r"(e));
		d[words - 1] = a;
		d[words - 2] = b;
		d[words - 3] = c;
		d[words - 4] = e;
	}
	for (; words; words--)
		d[words - 1] = s[words - 1];
}

static void fill_words(unsigned long *d, unsigned long pattern, size_t words)
{
	size_t i;

	for (i = 0; i + 4 <= words; i += 4) {
		d[i] = pattern;
		d[i + 1] = pattern;
		d[i + 2] = pattern;
		d[i + 3] = pattern;
	}
	for (; i < words; i++)
		d[i] = pattern;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	void *d = dst;
	const void *s = src;
	size_t words = n / 8, bytes = n % 8;

	if (nolibc_copy_by_loop && n >= LOOP_FROM) {
		copy_words(d, s, words);
		d = (char *)d + n - bytes;
		s = (const char *)s + n - bytes;
		words = 0;
	}
#ifdef __x86_64__
	__asm__ __volatile__("rep movsq\n\t"
			     "movq %[bytes], %%rcx\n\t"
			     "rep movsb"
			     : "+D"(d), "+S"(s), "+c"(words)
			     : [bytes] "r"(bytes)
			     : "memory");
#else
	/* no string instructions elsewhere: the loop, then the tail, upwards
	 * as the words went (memmove sends overlaps with dst below src here) */
	copy_words(d, s, words);
	for (n = words * 8; bytes--; n++)
		((char *)d)[n] = ((const char *)s)[n];
#endif
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	/* overlapping with dst above src: copy down, the odd tail bytes first */
	for (; n % 8; n--)
		d[n - 1] = s[n - 1];
	copy_words_down((unsigned long *)d, (const unsigned long *)s, n / 8);
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned long pattern = 0x0101010101010101UL * (unsigned char)c;
	void *d = dst;
	size_t words = n / 8, bytes = n % 8;

	if (nolibc_copy_by_loop && n >= LOOP_FROM) {
		fill_words(d, pattern, words);
		d = (char *)d + n - bytes;
		words = 0;
	}
#ifdef __x86_64__
	__asm__ __volatile__("rep stosq\n\t"
			     "movq %[bytes], %%rcx\n\t"
			     "rep stosb"
			     : "+D"(d), "+c"(words)
			     : "a"(pattern), [bytes] "r"(bytes)
			     : "memory");
#else
	fill_words(d, pattern, words);
	while (bytes--)
		((char *)d)[words * 8 + bytes] = (char)pattern;
#endif
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

/* The length of s's first stretch of bytes in (spn) or not in (cspn) set. */
static size_t span(const char *s, const char *set, int in)
{
	size_t n = 0;

	while (s[n] && (strchr(set, s[n]) != NULL) == in)
		n++;
	return n;
}

size_t strspn(const char *s, const char *accept)
{
	return span(s, accept, 1);
}

size_t strcspn(const char *s, const char *reject)
{
	return span(s, reject, 0);
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack; haystack++)
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
	return n ? NULL : (char *)haystack;
}

char *strcpy(char *restrict dst, const char *restrict src)
{
	char *d = dst;

	while ((*d++ = *src++))
		;
	return dst;
}

/* As C says: pads with NULs up to n; no terminator if src is too long. */
char *strncpy(char *restrict dst, const char *restrict src, size_t n)
{
	size_t i = 0;

	for (; i < n && src[i]; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = '\0';
	return dst;
}

char *strcat(char *restrict dst, const char *restrict src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

char *strncat(char *restrict dst, const char *restrict src, size_t n)
{
	char *d = dst + strlen(dst);

	while (n-- && *src)
		*d++ = *src++;
	*d = '\0';
	return dst;
}

char *strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = malloc(len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *strdup(const char *s)
{
	return strndup(s, strlen(s));
}

/* BSD's: copy or append within siz bytes, always terminated (vfscore/prex.h
 * declares them, as 0.10 does); the length they tried to create. */
size_t strlcpy(char *dst, const char *src, size_t siz)
{
	size_t len = strlen(src);

	if (siz) {
		size_t n = len < siz - 1 ? len : siz - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t strlcat(char *dst, const char *src, size_t siz)
{
	size_t used = strnlen(dst, siz);

	if (used == siz)
		return siz + strlen(src);
	return used + strlcpy(dst + used, src, siz - used);
}
