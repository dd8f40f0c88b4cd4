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

int _uk_test_check(struct uk_testcase *esac, int ok, const char *file,
		   unsigned int line, const char *fmt, ...)
{
	va_list ap;

	esac->expects++;
	if (ok)
		return 1;
	esac->failures++;
	printf("uktest:   %s.%s: %s:%u: ", esac->suite, esac->name, file,
	       line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return 0;
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
		printf("uktest: %s.%s: FAIL [%lu/%lu expectations failed]\n",
		       c->suite, c->name, c->failures, c->expects);
	else
		printf("uktest: %s.%s: PASS [%lu expectations]\n", c->suite,
		       c->name, c->expects);
}

static int case_run(struct uk_testcase *c)
{
	c->expects = 0;
	c->failures = 0;
	c->func(c);
	case_report(c);
	return c->failures != 0;
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
		printf("uktest: %s: init failed: %d\n", name, rc);
	return rc;
}

int uk_test_run_suite(const char *suite)
{
	struct uk_testsuite *s = suite_find(suite);
	struct uk_testcase *c = case_next(NULL, suite);
	int failed = 0, cases = 0, init_rc;

	if (!c)
		return -ENOENT;
	init_rc = suite_init(suite);
	for (; c; c = case_next(c, suite)) {
		cases++;
		if (init_rc) {
			printf("uktest: %s.%s: FAIL [suite init failed]\n",
			       c->suite, c->name);
			failed++;
		} else {
			failed += case_run(c);
		}
	}
	if (s) {
		s->cases = cases;
		s->failed_cases = failed;
	}
	return failed;
}

int uk_test_run_case(const char *suite, const char *name)
{
	struct uk_testcase *c;

	for (c = case_next(NULL, suite); c; c = case_next(c, suite)) {
		if (strcmp(c->name, name))
			continue;
		if (suite_init(suite)) {
			printf("uktest: %s.%s: FAIL [suite init failed]\n",
			       suite, name);
			return 1;
		}
		case_run(c);
		return c->failures;
	}
	return -ENOENT;
}

/* Each suite once, in the order its first case comes. */
int uk_test_run_all(void)
{
	struct uk_testcase *c, *first;
	int failed = 0, total = 0;

	for (c = case_next(NULL, NULL); c; c = case_next(c, NULL)) {
		total++;
		first = case_next(NULL, c->suite);
		if (first == c)
			failed += uk_test_run_suite(c->suite);
	}
	printf("uktest: summary: %d cases, %d failed\n", total, failed);
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
