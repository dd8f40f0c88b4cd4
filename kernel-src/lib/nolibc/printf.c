/* The engine behind every printf-family function, and the variants that
 * print into a buffer. C11 §7.21.6.1 (the fprintf function). */

/*
 * Conversions d i u o x X p s c %, and f F e E g G (fmt_float.c, the one
 * part built with SSE); flags - 0 + space #; width and precision, also as
 * *; length modifiers hh h l ll z t j, and L for long double.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "format.h"

void fmt_emit(struct fmt_sink *s, const char *p, size_t n)
{
	if (n) {
		s->put(s, p, n);
		s->count += n;
	}
}

void fmt_emit_repeat(struct fmt_sink *s, char c, int n)
{
	char chunk[16];
	int k;

	memset(chunk, c, sizeof(chunk));
	for (; n > 0; n -= k) {
		k = n < (int)sizeof(chunk) ? n : (int)sizeof(chunk);
		fmt_emit(s, chunk, k);
	}
}

static unsigned long long arg_unsigned(va_list *ap, char len)
{
	switch (len) {
	case 'H': return (unsigned char)va_arg(*ap, unsigned int);
	case 'h': return (unsigned short)va_arg(*ap, unsigned int);
	case 'l': return va_arg(*ap, unsigned long);
	case 'L': return va_arg(*ap, unsigned long long);
	case 'z': return va_arg(*ap, size_t);
	case 't': return (unsigned long long)va_arg(*ap, ptrdiff_t);
	case 'j': return va_arg(*ap, unsigned long long);
	default:  return va_arg(*ap, unsigned int);
	}
}

static long long arg_signed(va_list *ap, char len)
{
	switch (len) {
	case 'H': return (signed char)va_arg(*ap, int);
	case 'h': return (short)va_arg(*ap, int);
	case 'l': return va_arg(*ap, long);
	case 'L': return va_arg(*ap, long long);
	case 'z': return (long long)va_arg(*ap, size_t);
	case 't': return va_arg(*ap, ptrdiff_t);
	case 'j': return va_arg(*ap, long long);
	default:  return va_arg(*ap, int);
	}
}

/* Lays out [spaces][sign][prefix][zeros]digits[spaces] as the spec asks. */
static void put_number(struct fmt_sink *s, const struct spec *sp,
		       unsigned long long v, char sign)
{
	const char *set = sp->conv == 'X' ? "0123456789ABCDEF"
					  : "0123456789abcdef";
	unsigned int base = 10;
	const char *prefix = "";
	char digits[24];	/* 22 octal digits hold 64 bits */
	int n = 0, zeros, body, i;

	if (sp->conv == 'o')
		base = 8;
	else if (sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p')
		base = 16;
	if (sp->conv == 'p' || (sp->alt && base == 16 && v))
		prefix = sp->conv == 'X' ? "0X" : "0x";

	if (v || sp->prec != 0) {	/* "%.0d" prints nothing for 0 */
		do {
			digits[n++] = set[v % base];
			v /= base;
		} while (v);
	}
	zeros = sp->prec > n ? sp->prec - n : 0;
	/* '#' with octal: the first digit must be a 0 */
	if (sp->alt && base == 8 && !zeros && (!n || digits[n - 1] != '0'))
		zeros = 1;
	body = (sign != 0) + (int)strlen(prefix) + zeros + n;
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > body) {
		zeros += sp->width - body;
		body = sp->width;
	}

	if (!sp->left)
		fmt_emit_repeat(s, ' ', sp->width - body);
	if (sign)
		fmt_emit(s, &sign, 1);
	fmt_emit(s, prefix, strlen(prefix));
	fmt_emit_repeat(s, '0', zeros);
	for (i = n - 1; i >= 0; i--)
		fmt_emit(s, &digits[i], 1);
	if (sp->left)
		fmt_emit_repeat(s, ' ', sp->width - body);
}

void fmt_put_text(struct fmt_sink *s, const struct spec *sp, const char *p,
		  size_t n)
{
	int fill = sp->width > (int)n ? sp->width - (int)n : 0;

	if (!sp->left)
		fmt_emit_repeat(s, ' ', fill);
	fmt_emit(s, p, n);
	if (sp->left)
		fmt_emit_repeat(s, ' ', fill);
}

static void convert(struct fmt_sink *s, struct spec *sp, va_list *ap)
{
	unsigned long long mag;
	const char *str;
	long long sv;
	char c;

	switch (sp->conv) {
	case 'd':
	case 'i':
		sv = arg_signed(ap, sp->len);
		/* negate in unsigned arithmetic: -LLONG_MIN does not fit */
		mag = (unsigned long long)sv;
		if (sv < 0)
			mag = 0ULL - mag;
		put_number(s, sp, mag, sv < 0 ? '-' : sp->plus ? '+' :
				       sp->space ? ' ' : 0);
		break;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		put_number(s, sp, arg_unsigned(ap, sp->len), 0);
		break;
	case 'p':
		str = va_arg(*ap, const char *);
		if (!str) {
			fmt_put_text(s, sp, "(nil)", 5);
			break;
		}
		put_number(s, sp, (unsigned long long)(size_t)str, 0);
		break;
	case 's':
		str = va_arg(*ap, const char *);
		if (!str)
			str = "(null)";
		fmt_put_text(s, sp, str, sp->prec < 0 ? strlen(str)
				     : strnlen(str, (size_t)sp->prec));
		break;
	case 'f':
	case 'F':
	case 'e':
	case 'E':
	case 'g':
	case 'G':
		fmt_float(s, sp, ap);
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		fmt_put_text(s, sp, &c, 1);
		break;
	default:		/* '%' and anything unknown: print as is */
		fmt_put_text(s, sp, &sp->conv, 1);
		break;
	}
}

/* Reads a number or '*' (an int argument) at *fmt. */
static int parse_count(const char **fmt, va_list *ap)
{
	int v = 0;

	if (**fmt == '*') {
		(*fmt)++;
		return va_arg(*ap, int);
	}
	while (**fmt >= '0' && **fmt <= '9')
		v = v * 10 + (*(*fmt)++ - '0');
	return v;
}

/* Parses the part of a conversion after '%'; leaves *fmt past it. */
static void parse_spec(const char **fmt, struct spec *sp, va_list *ap)
{
	memset(sp, 0, sizeof(*sp));
	for (;; (*fmt)++) {
		switch (**fmt) {
		case '-': sp->left = 1; continue;
		case '0': sp->zero = 1; continue;
		case '+': sp->plus = 1; continue;
		case ' ': sp->space = 1; continue;
		case '#': sp->alt = 1; continue;
		}
		break;
	}
	sp->width = parse_count(fmt, ap);
	if (sp->width < 0) {	/* a negative '*' width means left-justify */
		sp->left = 1;
		sp->width = -sp->width;
	}
	sp->prec = -1;
	if (**fmt == '.') {
		(*fmt)++;
		sp->prec = parse_count(fmt, ap);
		if (sp->prec < 0)
			sp->prec = -1;
	}
	if (**fmt == 'L') {		/* long double */
		sp->len = 'D';
		(*fmt)++;
	} else if (strchr("hlztj", **fmt)) {
		sp->len = *(*fmt)++;
		if (sp->len == 'h' && **fmt == 'h')
			sp->len = 'H', (*fmt)++;
		else if (sp->len == 'l' && **fmt == 'l')
			sp->len = 'L', (*fmt)++;
	}
	sp->conv = **fmt;
	if (**fmt)
		(*fmt)++;
}

int fmt_vformat(struct fmt_sink *sink, const char *fmt, va_list ap)
{
	struct spec sp;
	const char *lit;
	va_list args;

	/* The helpers take a va_list pointer; a copy makes that portable. */
	va_copy(args, ap);
	while (*fmt) {
		for (lit = fmt; *fmt && *fmt != '%'; fmt++)
			;
		fmt_emit(sink, lit, fmt - lit);
		if (!*fmt)
			break;
		fmt++;
		parse_spec(&fmt, &sp, &args);
		if (sp.conv)
			convert(sink, &sp, &args);
	}
	va_end(args);
	return (int)sink->count;
}

struct buf_sink {
	struct fmt_sink base;
	char *buf;
	size_t size;		/* room including the terminating NUL */
	size_t len;
};

static void buf_put(struct fmt_sink *sink, const char *s, size_t n)
{
	struct buf_sink *b = (struct buf_sink *)sink;
	size_t room = b->size ? b->size - 1 - b->len : 0;
	size_t k = n < room ? n : room;

	memcpy(b->buf + b->len, s, k);
	b->len += k;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink b = {
		.base = { .put = buf_put },
		.buf = buf,
		.size = size,
	};
	int n = fmt_vformat(&b.base, fmt, ap);

	if (size)
		buf[b.len] = '\0';
	return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap)
{
	return vsnprintf(buf, (size_t)-1 / 2, fmt, ap);
}
