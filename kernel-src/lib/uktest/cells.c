/* Test cases and suites defined in notebook cells. A cell's UK_TESTCASE and
 * uk_testsuite_register entries land in its own uk_testtab and
 * uk_testsuites sections; the host hands those to ukrepl_cell_register,
 * which gives them to us (UKREPL_CELL_SECTION_KIND), and from then on
 * uk_test_run_suite() and friends find them next to the kernel's. */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <ukrepl/host.h>
#include "test_impl.h"

#define CELL_TABLES_MAX	64

/* A cell's section: an array of cases or of suites. */
struct table {
	char *start;
	char *end;
};

struct tables {
	struct table t[CELL_TABLES_MAX];
	unsigned int count;
};

static struct tables case_tables, suite_tables;

/*
 * Drops tables whose cell the host has forgotten, and those the new one
 * [start, end) overlaps: the host loads cells upwards from the arena's
 * start, so an overlap means the old cell's bytes are gone.
 */
static void prune(struct tables *ts, const char *start, const char *end)
{
	unsigned int i, kept = 0;

	for (i = 0; i < ts->count; i++) {
		struct table *t = &ts->t[i];

		if (t->start < end && start < t->end)
			continue;
		if (!ukrepl_cell_loaded(t->start, t->end))
			continue;
		ts->t[kept++] = *t;
	}
	ts->count = kept;
}

static int add(struct tables *ts, const void *start, const void *end)
{
	if (ts->count == CELL_TABLES_MAX)
		return -ENOSPC;
	ts->t[ts->count].start = (char *)start;
	ts->t[ts->count].end = (char *)end;
	ts->count++;
	return 0;
}

/* The element after p (NULL: the first) of the kernel's table [kstart,
 * kend) followed by the cells' tables, elements of `size` bytes. */
static void *next(const struct tables *ts, void *p, __sz size,
		  char *kstart, char *kend)
{
	char *c = p;
	unsigned int i;

	if (!c || (c >= kstart && c < kend)) {
		c = c ? c + size : kstart;
		if (c < kend)
			return c;
		i = 0;
	} else {
		for (i = 0; i < ts->count; i++)
			if (c >= ts->t[i].start && c < ts->t[i].end)
				break;
		if (i == ts->count)
			return NULL;
		c += size;
		if (c < ts->t[i].end)
			return c;
		i++;
	}
	/* the first element of the next table whose cell is still loaded */
	for (; i < ts->count; i++)
		if (ts->t[i].start < ts->t[i].end &&
		    ukrepl_cell_loaded(ts->t[i].start, ts->t[i].end))
			return ts->t[i].start;
	return NULL;
}

struct uk_testcase *testtab_next(struct uk_testcase *c)
{
	do {
		c = next(&case_tables, c, sizeof(*c),
			 (char *)__start_uk_testtab, (char *)__stop_uk_testtab);
	} while (c && !c->suite);
	return c;
}

struct uk_testsuite *testsuites_next(struct uk_testsuite *s)
{
	do {
		s = next(&suite_tables, s, sizeof(*s),
			 (char *)__start_uk_testsuites,
			 (char *)__stop_uk_testsuites);
	} while (s && !s->name);
	return s;
}

static int kernel_case(const struct uk_testcase *c)
{
	return c >= __start_uk_testtab && c < __stop_uk_testtab;
}

static int kernel_suite(const struct uk_testsuite *s)
{
	return s >= __start_uk_testsuites && s < __stop_uk_testsuites;
}

/* A cell that defines a case again (the same cell run twice, say) replaces
 * the earlier cell's case: the old one is marked gone (suite NULL). */
static int cell_cases(const void *start, const void *end)
{
	const struct uk_testcase *n;
	struct uk_testcase *c;

	if (start == end)
		return 0;
	prune(&case_tables, start, end);
	for (n = start; n < (const struct uk_testcase *)end; n++)
		for (c = testtab_next(NULL); c; c = testtab_next(c))
			if (!kernel_case(c) && !strcmp(c->suite, n->suite) &&
			    !strcmp(c->name, n->name))
				c->suite = NULL;
	return add(&case_tables, start, end);
}

/*
 * A cell's suites register, then run at once: 0.10 runs a registered suite
 * while the image starts, and a cell's start is its load. Their cases are
 * registered by then (the kind of uk_testtab comes first). A failing case
 * is the suite's result, not a failed registration.
 */
static int cell_suites(const void *start, const void *end)
{
	struct uk_testsuite *n;
	struct uk_testsuite *s;
	int rc;

	if (start == end)
		return 0;
	prune(&suite_tables, start, end);
	for (n = (void *)start; n < (struct uk_testsuite *)end; n++)
		for (s = testsuites_next(NULL); s; s = testsuites_next(s))
			if (!kernel_suite(s) && !strcmp(s->name, n->name))
				s->name = NULL;
	rc = add(&suite_tables, start, end);
	for (n = (void *)start; !rc && n < (struct uk_testsuite *)end; n++)
		uk_testsuite_run(n);
	return rc;
}

UKREPL_CELL_SECTION_KIND("uk_testtab", cell_cases, UKREPL_CELL_ORDER_TABLES);
UKREPL_CELL_SECTION_KIND("uk_testsuites", cell_suites,
			 UKREPL_CELL_ORDER_TABLES + 1);
