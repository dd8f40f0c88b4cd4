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

/* One conversion, as parsed from the format. */
struct spec {
	int left, zero, plus, space, alt;
	int width;
	int prec;		/* -1: not given */
	char len;		/* 'H' = hh, 'L' = ll, 'D' = L, or h l z t j, or 0 */
	char conv;
};

void fmt_emit(struct fmt_sink *s, const char *p, size_t n);
void fmt_emit_repeat(struct fmt_sink *s, char c, int n);
/* p[0..n) padded to the spec's width. */
void fmt_put_text(struct fmt_sink *s, const struct spec *sp, const char *p,
		  size_t n);
/* f F e E g G: takes a double (long double for 'D') from *ap. Built with
 * SSE (fmt_float.c); only formats with those conversions reach it. */
void fmt_float(struct fmt_sink *s, const struct spec *sp, va_list *ap);

/* Formats like vprintf into `sink`; returns the number of characters. */
int fmt_vformat(struct fmt_sink *sink, const char *fmt, va_list ap);

#endif /* __NOLIBC_FORMAT_H__ */
