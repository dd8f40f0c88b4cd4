/* General utilities (C11 §7.22): memory from the default uk_alloc allocator,
 * number parsing, and abort/exit, which end in the platform's crash/halt. */
#ifndef __NOLIBC_STDLIB_H__
#define __NOLIBC_STDLIB_H__

#include <stddef.h>

#define EXIT_SUCCESS	0
#define EXIT_FAILURE	1

void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
int posix_memalign(void **memptr, size_t align, size_t size);
void *memalign(size_t align, size_t size);
void *aligned_alloc(size_t align, size_t size);

void abort(void) __attribute__((noreturn));
void exit(int status) __attribute__((noreturn));

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
long long strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long strtoull(const char *restrict s, char **restrict end,
			    int base);

int abs(int v);
long labs(long v);
long long llabs(long long v);

#endif /* __NOLIBC_STDLIB_H__ */
