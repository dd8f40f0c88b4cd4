/* Formatted output (C11 §7.21) to the kernel console. There are no files:
 * stdout and stderr both mean the console, stdin reads nothing. */
#ifndef __NOLIBC_STDIO_H__
#define __NOLIBC_STDIO_H__

#include <stdarg.h>
#include <stddef.h>

typedef struct __nolibc_file FILE;

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;

#define EOF	(-1)

#define __nolibc_printf(f, a)	__attribute__((format(printf, f, a)))

int printf(const char *fmt, ...) __nolibc_printf(1, 2);
int vprintf(const char *fmt, va_list ap);
int fprintf(FILE *f, const char *fmt, ...) __nolibc_printf(2, 3);
int vfprintf(FILE *f, const char *fmt, va_list ap);
int sprintf(char *buf, const char *fmt, ...) __nolibc_printf(2, 3);
int vsprintf(char *buf, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__nolibc_printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

int puts(const char *s);
int fputs(const char *s, FILE *f);
int putchar(int c);
int fputc(int c, FILE *f);
#define putc(c, f)	fputc(c, f)
int fflush(FILE *f);

#endif /* __NOLIBC_STDIO_H__ */
