/* The floating-point conversions of printf: f F e E g G (C11 §7.21.6.1).
 * Built with SSE (Makefile.uk). Digits come from repeated multiplication
 * by ten in double precision: exact to about 17 significant digits, which
 * is all a double holds; long double is printed as a double. */
#include <stdarg.h>
#include <string.h>
#include "format.h"

#define FLOAT_BUF	512

struct out {
	char buf[FLOAT_BUF];
	int n;
};

static void put(struct out *o, char c)
{
	if (o->n < FLOAT_BUF)
		o->buf[o->n++] = c;
}

/* v in [0, 1e19): its integer digits. */
static void put_integer(struct out *o, unsigned long long ip)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	while (n)
		put(o, digits[--n]);
}

/* v >= 0 with `prec` decimals, rounded to nearest. */
static void put_fixed(struct out *o, double v, int prec, int alt)
{
	double round = 0.5, big;
	int i, e = 0;

	for (i = 0; i < prec; i++)
		round /= 10;
	v += round;
	/* beyond 1e19: scale down, print the leading digits, then zeros */
	for (big = v; big >= 1e19; big /= 10)
		e++;
	put_integer(o, (unsigned long long)big);
	for (i = 0; i < e; i++)
		put(o, '0');
	v = e ? 0 : v - (double)(unsigned long long)v;
	if (prec || alt)
		put(o, '.');
	for (i = 0; i < prec; i++) {
		int d;

		v *= 10;
		d = (int)v;
		if (d > 9)
			d = 9;
		put(o, (char)('0' + d));
		v -= d;
	}
}

/* The decimal exponent of v > 0: v = m * 10^x with 1 <= m < 10. */
static int exponent10(double v, double *mantissa)
{
	int x = 0;

	while (v >= 10) {
		v /= 10;
		x++;
	}
	while (v < 1) {
		v *= 10;
		x--;
	}
	*mantissa = v;
	return x;
}

static void put_exp(struct out *o, double v, int prec, int alt, char e)
{
	double m = 0, round = 0.5;
	int x = 0, i;

	if (v != 0) {
		x = exponent10(v, &m);
		for (i = 0; i < prec; i++)
			round /= 10;
		if (m + round >= 10) {	/* 9.99... rounds up to 10 */
			m /= 10;
			x++;
		}
	}
	put_fixed(o, m, prec, alt);
	put(o, e);
	put(o, x < 0 ? '-' : '+');
	if (x < 0)
		x = -x;
	if (x < 10)
		put(o, '0');
	put_integer(o, (unsigned long long)x);
}

/* The exponent %e shows for v with prec decimals (after rounding). */
static int shown_exponent(double v, int prec)
{
	struct out t = { .n = 0 };
	int i, x = 0, neg;

	put_exp(&t, v, prec, 0, 'e');
	for (i = 0; i < t.n && t.buf[i] != 'e'; i++)
		;
	neg = t.buf[i + 1] == '-';
	for (i += 2; i < t.n; i++)
		x = x * 10 + (t.buf[i] - '0');
	return neg ? -x : x;
}

/* Drops the zeros at the end of the decimals (and a bare point) in
 * o->buf[start..], keeping an exponent part behind them. */
static void cut_zeros(struct out *o, int start, char e)
{
	int dot = -1, end, cut, tail;
	char keep[8];

	for (end = start; end < o->n && o->buf[end] != e; end++) {
		if (o->buf[end] == '.')
			dot = end;
	}
	if (dot < 0)
		return;
	tail = o->n - end;
	memcpy(keep, o->buf + end, (size_t)tail);
	for (cut = end; cut > dot + 1 && o->buf[cut - 1] == '0'; cut--)
		;
	if (cut == dot + 1)
		cut = dot;
	memcpy(o->buf + cut, keep, (size_t)tail);
	o->n = cut + tail;
}

/* %g: %e if the exponent is < -4 or >= the precision, else %f; with prec
 * significant digits in both, and no trailing zeros unless '#'. */
static void put_general(struct out *o, double v, int prec, int alt, char e)
{
	int start = o->n, x;

	if (!prec)
		prec = 1;
	x = v != 0 ? shown_exponent(v, prec - 1) : 0;
	if (x < -4 || x >= prec)
		put_exp(o, v, prec - 1, alt, e);
	else
		put_fixed(o, v, prec - 1 - x, alt);
	if (!alt)
		cut_zeros(o, start, e);
}

void fmt_float(struct fmt_sink *s, const struct spec *sp, va_list *ap)
{
	double v = sp->len == 'D' ? (double)va_arg(*ap, long double)
				  : va_arg(*ap, double);
	int upper = sp->conv == 'F' || sp->conv == 'E' || sp->conv == 'G';
	int prec = sp->prec < 0 ? 6 : sp->prec;
	char sign = 0, lower = (char)(sp->conv | 0x20);
	struct out o = { .n = 0 };
	int pad;

	if (__builtin_signbit(v)) {
		sign = '-';
		v = -v;
	} else if (sp->plus) {
		sign = '+';
	} else if (sp->space) {
		sign = ' ';
	}
	if (v != v || __builtin_isinf(v)) {
		memcpy(o.buf, v != v ? (upper ? "NAN" : "nan") :
				       (upper ? "INF" : "inf"), 3);
		o.n = 3;
	} else if (lower == 'f') {
		put_fixed(&o, v, prec, sp->alt);
	} else if (lower == 'e') {
		put_exp(&o, v, prec, sp->alt, upper ? 'E' : 'e');
	} else {
		put_general(&o, v, prec, sp->alt, upper ? 'E' : 'e');
	}
	pad = sp->width - o.n - (sign != 0);
	if (!sp->left && !(sp->zero && v == v && !__builtin_isinf(v)))
		fmt_emit_repeat(s, ' ', pad);
	if (sign)
		fmt_emit(s, &sign, 1);
	if (!sp->left && sp->zero && v == v && !__builtin_isinf(v))
		fmt_emit_repeat(s, '0', pad);
	fmt_emit(s, o.buf, (size_t)o.n);
	if (sp->left)
		fmt_emit_repeat(s, ' ', pad);
}
