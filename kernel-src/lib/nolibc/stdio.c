/* Console output for stdio (C11 §7.21.7): every printf runs under the console
 * lock, so its output reaches COM1 in one piece even with several CPUs. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <uk/plat/console.h>
#include "format.h"

struct __nolibc_file {
	int fd;
};

static struct __nolibc_file std_files[3] = { { 0 }, { 1 }, { 2 } };
FILE *stdin = &std_files[0];
FILE *stdout = &std_files[1];
FILE *stderr = &std_files[2];

/* Collects output in a small buffer so the console gets few, larger writes. */
struct console_sink {
	struct fmt_sink base;
	size_t len;
	char buf[128];
};

static void console_flush(struct console_sink *c)
{
	ukplat_coutk(c->buf, c->len);
	c->len = 0;
}

static void console_put(struct fmt_sink *sink, const char *s, size_t n)
{
	struct console_sink *c = (struct console_sink *)sink;
	size_t k;

	while (n) {
		if (c->len == sizeof(c->buf))
			console_flush(c);
		k = sizeof(c->buf) - c->len;
		k = n < k ? n : k;
		memcpy(c->buf + c->len, s, k);
		c->len += k;
		s += k;
		n -= k;
	}
}

int vprintf(const char *fmt, va_list ap)
{
	struct console_sink c = { .base = { .put = console_put } };
	unsigned long irqf = ukplat_console_lock();
	int n = fmt_vformat(&c.base, fmt, ap);

	console_flush(&c);
	ukplat_console_unlock(irqf);
	return n;
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	(void)f;	/* stdout and stderr are both the console */
	return vprintf(fmt, ap);
}

int fputs(const char *s, FILE *f)
{
	(void)f;
	ukplat_coutk(s, strlen(s));
	return 0;
}

int puts(const char *s)
{
	unsigned long irqf = ukplat_console_lock();

	ukplat_coutk(s, strlen(s));
	ukplat_coutk("\n", 1);
	ukplat_console_unlock(irqf);
	return 0;
}

int fputc(int c, FILE *f)
{
	char ch = (char)c;

	(void)f;
	ukplat_coutk(&ch, 1);
	return (unsigned char)ch;
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fflush(FILE *f)
{
	(void)f;	/* nothing is buffered between calls */
	return 0;
}
