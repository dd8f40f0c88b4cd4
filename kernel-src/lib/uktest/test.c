/* Running test cases and recording their expectations. The cases are the
 * kernel's and those of notebook cells (cells.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <uk/init.h>
#include <uk/test.h>
#include <ukrepl/host.h>
#include "test_impl.h"

/* The host reads struct uk_testcase records (<ukrepl/host.h>) */
UKREPL_CONTRACT(uk_testcase, struct uk_testcase);

/* So that an image without any case or suite still links. */
static struct uk_testcase __used __section("uk_testtab") __align(8)
	no_case[0];
static struct uk_testsuite __used __section("uk_testsuites") __align(8)
	no_suite[0];

/* Totals since boot, for uk_test_run_all's statistics. */
static struct {
	unsigned long suites, failed_suites, cases, failed_cases;
	unsigned long asserts, failed_asserts;
} totals;

/* The message, padded with dots to UKT_COLWIDTH, then the verdict. */
void _uk_test_do_assert(struct uk_testcase *esac, unsigned short line,
			int cond, const char *fmt, ...)
{
	char msg[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = MIN(n, (int)sizeof(msg) - 1);
	esac->expects++;
	totals.asserts++;
	uk_test_printf("    :\t%s %.*s %s", msg,
		       n < UKT_COLWIDTH - 1 ? UKT_COLWIDTH - 1 - n : 0,
		       UKT_PADDING UKT_PADDING, cond ? UKT_PASSED : UKT_FAILED);
	if (!cond) {
		esac->failures++;
		totals.failed_asserts++;
		uk_test_printf("  in %s:%u", esac->file, line);
	}
	uk_test_printf("\n");
}

struct uk_assert *_uk_test_find_assert(struct uk_testcase *esac __unused,
				       unsigned short line __unused)
{
	return NULL;
}

static struct uk_testsuite *suite_find(const char *name)
{
	struct uk_testsuite *s;

	for (s = testsuites_next(NULL); s; s = testsuites_next(s)) {
		if (!strcmp(s->name, name))
			return s;
	}
	return NULL;
}

/* Order of the cases: by file, then line. */
static int case_before(const struct uk_testcase *a,
		       const struct uk_testcase *b)
{
	int c = strcmp(a->file, b->file);

	return c ? c < 0 : a->line < b->line;
}

/* The first case after `prev` in run order (NULL: the very first) that
 * matches suite (NULL: any). */
static struct uk_testcase *case_next(const struct uk_testcase *prev,
				     const char *suite)
{
	struct uk_testcase *c, *best = NULL;

	for (c = testtab_next(NULL); c; c = testtab_next(c)) {
		if (suite && strcmp(c->suite, suite))
			continue;
		if (prev && !case_before(prev, c))
			continue;
		if (!best || case_before(c, best))
			best = c;
	}
	return best;
}

static void case_report(const struct uk_testcase *c)
{
	if (c->failures)
		uk_test_printf("test: %s->%s: FAILED (%lu of %lu assertions)\n",
			       c->suite, c->name, c->failures, c->expects);
	else
		uk_test_printf("test: %s->%s: PASSED (%lu assertions)\n",
			       c->suite, c->name, c->expects);
}

static void case_title(const struct uk_testcase *c)
{
	uk_test_printf("test: %s->%s%s%s\n", c->suite, c->name,
		       c->desc ? ": " : "", c->desc ? c->desc : "");
}

static int case_run(struct uk_testcase *c)
{
	c->expects = 0;
	c->failures = 0;
	case_title(c);
	c->func(c);
	case_report(c);
	totals.cases++;
	totals.failed_cases += c->failures != 0;
	return c->failures != 0;
}

/* A case of a suite whose init failed: reported, not run. */
static void case_unrun(const struct uk_testcase *c, int rc)
{
	case_title(c);
	uk_test_printf("test: %s->%s: FAILED (suite init failed: %d)\n",
		       c->suite, c->name, rc);
	totals.cases++;
	totals.failed_cases++;
}

/* Runs a suite's init function; a failure fails its cases unrun. */
static int suite_init(const char *name)
{
	struct uk_testsuite *s = suite_find(name);
	int rc;

	if (!s || !s->init)
		return 0;
	rc = s->init(s);
	if (rc)
		uk_test_printf("test: %s: init failed: %d\n", name, rc);
	return rc;
}

struct uk_testcase *_uk_testsuite_case_next(const struct uk_testsuite *suite,
					    const struct uk_testcase *prev)
{
	return case_next(prev, suite->name);
}

/* The cases of `name` (suite the suite's record, if it has one). */
static int suite_run(const char *name, struct uk_testsuite *suite)
{
	struct uk_testcase *c = case_next(NULL, name);
	int failed = 0, cases = 0, init_rc;

	if (!c)
		return -ENOENT;
	init_rc = suite_init(name);
	for (; c; c = case_next(c, name)) {
		cases++;
		if (init_rc) {
			case_unrun(c, init_rc);
			failed++;
		} else {
			failed += case_run(c);
		}
	}
	if (suite) {
		suite->cases = cases;
		suite->failed_cases = failed;
	}
	totals.suites++;
	totals.failed_suites += failed != 0;
	return failed;
}

int uk_testsuite_run(struct uk_testsuite *suite)
{
	return suite_run(suite->name, suite);
}

int uk_test_run_suite(const char *suite)
{
	return suite_run(suite, suite_find(suite));
}

int uk_test_run_case(const char *suite, const char *name)
{
	struct uk_testcase *c;
	int rc;

	for (c = case_next(NULL, suite); c; c = case_next(c, suite)) {
		if (strcmp(c->name, name))
			continue;
		rc = suite_init(suite);
		if (rc) {
			case_unrun(c, rc);
			return 1;
		}
		case_run(c);
		return c->failures;
	}
	return -ENOENT;
}

/* "uktest:<what>: [F failed, ]N total", as 0.10 reports at the end. */
static void stats(const char *what, unsigned long failed,
		  unsigned long total)
{
	if (failed)
		uk_test_printf("uktest:%s: %lu failed, %lu total\n", what,
			       failed, total);
	else
		uk_test_printf("uktest:%s: %lu total\n", what, total);
}

/* Each suite once, in the order its first case comes. */
int uk_test_run_all(void)
{
	struct uk_testcase *c;
	int failed = 0;

	memset(&totals, 0, sizeof(totals));
	for (c = case_next(NULL, NULL); c; c = case_next(c, NULL))
		if (case_next(NULL, c->suite) == c)
			failed += uk_test_run_suite(c->suite);
	stats("suites", totals.failed_suites, totals.suites);
	stats("cases", totals.failed_cases, totals.cases);
	stats("assertions", totals.failed_asserts, totals.asserts);
	return failed;
}

int uk_test_list(void)
{
	struct uk_testcase *c;
	int n = 0;

	for (c = case_next(NULL, NULL); c; c = case_next(c, NULL), n++)
		printf("uktest-case: %s.%s\n", c->suite, c->name);
	return n;
}

#ifdef CONFIG_LIBUKTEST_RUN_AT_BOOT
static int run_at_boot(void)
{
	uk_test_run_all();
	return 0;
}
uk_late_initcall(run_at_boot);
#endif
