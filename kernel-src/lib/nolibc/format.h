/* The printf engine's interface inside nolibc: the engine hands finished
 * pieces of output to a sink, which puts them into a buffer or the console. */
#ifndef __NOLIBC_FORMAT_H__
#define __NOLIBC_FORMAT_H__

#include <stdarg.h>
#include <stddef.h>

struct fmt_sink {
	void (*put)(struct fmt_sink *sink, const char *s, size_t n);
	size_t count;		/* characters produced so far */
};

/* Formats like vprintf into `sink`; returns the number of characters. */
int fmt_vformat(struct fmt_sink *sink, const char *fmt, va_list ap);

#endif /* __NOLIBC_FORMAT_H__ */
