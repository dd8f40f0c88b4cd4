/* Tracepoints (Unikraft API uk/trace.h): UK_TRACEPOINT(name, fmt, types...)
 * defines `static void name(args)`, which appends a record (header, then
 * each argument) to the kernel's trace buffer. The host or a cell reads the
 * buffer (uk_trace_buffer, uk_trace_buffer_used) and each tracepoint's
 * description, a struct uk_tracepoint_desc in ordinary read-only data. */
#ifndef __UK_TRACE_H__
#define __UK_TRACE_H__

#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/arch/time.h>

#define _UK_TRACE_H_	/* 0.10's guard name */

#define UK_TP_HEADER_MAGIC	0x64685254	/* "TRhd" */
#define UK_TP_DEF_MAGIC		0x65645054	/* "TPde" */

enum __uk_trace_arg_type {
	__UK_TRACE_ARG_INT = 0,
	__UK_TRACE_ARG_STRING = 1,
};

/* In front of every record; cookie is the tracepoint's description. */
struct uk_tracepoint_header {
	uint32_t magic;
	uint32_t size;		/* of the arguments after this header */
	__nsec time;
	void *cookie;
};

struct uk_tracepoint_desc {
	uint32_t magic;		/* UK_TP_DEF_MAGIC */
	uint32_t nr_args;
	const char *name;
	const char *format;
	const int *sizes;	/* bytes of each argument (strings: -1) */
};

extern char uk_trace_buffer[];
extern size_t uk_trace_buffer_used;

/* Room for a record and how much of it is free (0 if the buffer is full:
 * then the record is dropped). */
char *__uk_trace_get_buff(size_t *free);
/* Appends one argument at *pbuff (strings up to 32 bytes), advancing it;
 * marks the record as truncated by setting *pfree to 0 if it does not fit. */
void __uk_trace_save_arg(char **pbuff, size_t *pfree,
			 enum __uk_trace_arg_type type, int size, long arg);
/* Closes the record that ends at new_buff_pos. */
void __uk_trace_finalize_buff(char *new_buff_pos, void *cookie);

/* ---------------------------------------------------------------- argument lists */

/* UK_FOREACH(f, a, b, c) is f(0, a) f(1, b) f(2, c), up to 7 arguments. */
#define UK_1ARG_MAP(n, f, ...)	f(n, __VA_ARGS__)
#define UK_FOREACH0(f, ...)
#define UK_FOREACH1(f, a)	f(0, a)
#define UK_FOREACH2(f, a, b)	f(0, a) f(1, b)
#define UK_FOREACH3(f, a, b, c)	f(0, a) f(1, b) f(2, c)
#define UK_FOREACH4(f, a, b, c, d)	f(0, a) f(1, b) f(2, c) f(3, d)
#define UK_FOREACH5(f, a, b, c, d, e)	f(0, a) f(1, b) f(2, c) f(3, d) f(4, e)
#define UK_FOREACH6(f, a, b, c, d, e, h)	f(0, a) f(1, b) f(2, c) f(3, d) f(4, e) f(5, h)
#define UK_FOREACH7(f, a, b, c, d, e, h, g)	f(0, a) f(1, b) f(2, c) f(3, d) f(4, e) f(5, h) f(6, g)
#define UK_FOREACH_N(n, f, ...)	UK_CONCAT(UK_FOREACH, n)(f, ##__VA_ARGS__)
#define UK_FOREACH(f, ...)						\
	UK_FOREACH_N(UK_NARGS(__VA_ARGS__), f, ##__VA_ARGS__)
/* The parameter list of a tracepoint: `type0 arg0, type1 arg1...` */
#define __UK_TP_PARAMS0()	void
#define __UK_TP_PARAMS1(a)	a arg0
#define __UK_TP_PARAMS2(a, b)	a arg0, b arg1
#define __UK_TP_PARAMS3(a, b, c)	a arg0, b arg1, c arg2
#define __UK_TP_PARAMS4(a, b, c, d)	a arg0, b arg1, c arg2, d arg3
#define __UK_TP_PARAMS5(a, b, c, d, e)	a arg0, b arg1, c arg2, d arg3, e arg4
#define __UK_TP_PARAMS6(a, b, c, d, e, f)	a arg0, b arg1, c arg2, d arg3, e arg4, f arg5
#define __UK_TP_PARAMS7(a, b, c, d, e, f, g)	a arg0, b arg1, c arg2, d arg3, e arg4, f arg5, g arg6
#define __UK_TP_PARAMS(...)						\
	UK_CONCAT(__UK_TP_PARAMS, UK_NARGS(__VA_ARGS__))(__VA_ARGS__)
#define UK_FOREACH_SIZEOF(a, b)	(int)sizeof(b),

#define __UK_TP_SAVE(n, type)						\
	__uk_trace_save_arg(&__b, &__free,				\
		__builtin_types_compatible_p(type, char *) ||		\
		__builtin_types_compatible_p(type, const char *) ?	\
		__UK_TRACE_ARG_STRING : __UK_TRACE_ARG_INT,		\
		(int)sizeof(type), (long)UK_CONCAT(arg, n));

#define UK_TRACEPOINT(trace_name, fmt, ...)				\
	static const int UK_CONCAT(__uk_tp_sizes_, trace_name)[] = {	\
		UK_FOREACH(UK_FOREACH_SIZEOF, ##__VA_ARGS__) 0 };	\
	static const struct uk_tracepoint_desc __used			\
	UK_CONCAT(__uk_tp_desc_, trace_name) = {			\
		UK_TP_DEF_MAGIC, UK_NARGS(__VA_ARGS__), #trace_name,	\
		fmt, UK_CONCAT(__uk_tp_sizes_, trace_name) };		\
	static inline void trace_name(__UK_TP_PARAMS(__VA_ARGS__))	\
	{								\
		size_t __free;						\
		char *__b = __uk_trace_get_buff(&__free);		\
									\
		if (!__b)						\
			return;						\
		UK_FOREACH(__UK_TP_SAVE, ##__VA_ARGS__)			\
		__uk_trace_finalize_buff(__b, __free ?			\
			(void *)&UK_CONCAT(__uk_tp_desc_, trace_name) : NULL); \
	}

#endif /* __UK_TRACE_H__ */
