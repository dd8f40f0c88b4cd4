/* In-guest unit tests under Unikraft 0.10's names (<uk/test.h>): test
 * cases, suites and assertions, run when a suite registers (a notebook
 * cell's, as it loads), on demand from a cell, or at boot. */
#ifndef __UK_TEST_H__
#define __UK_TEST_H__

#include <stdarg.h>
#include <stdio.h>
#include <uk/essentials.h>
#include <uk/print.h>

/* An assertion's last result (0.10's per-line records; see `asserts`). */
#define UK_TEST_ASSERT_NOT_RUN	0
#define UK_TEST_ASSERT_SUCCESS	1
#define UK_TEST_ASSERT_FAIL	2

struct uk_assert {
	unsigned short status;
	unsigned short line;
} __packed;

/*
 * Each UK_TESTCASE puts a struct uk_testcase into the linker section
 * uk_testtab, each registered suite a struct uk_testsuite into
 * uk_testsuites; the linker provides __start_/__stop_ symbols for both.
 * Explicit 8-byte alignment keeps GCC from padding the entries apart, so
 * each section is an array. 0.10's members come first; a case knows its
 * suite by name here (0.10 finds it by its place in a sorted section), and
 * counts its assertions itself, so `asserts` stays NULL.
 */
struct uk_testcase {
	const char *name;
	const char *desc;
	void (*func)(struct uk_testcase *esac __maybe_unused);
	struct uk_assert *asserts;
	const char *file;
	/* ukrepl */
	const char *suite;
	unsigned long line;
	unsigned long expects;		/* the last run: assertions checked */
	unsigned long failures;		/* ... and failed */
};

struct uk_testsuite {
	const char *name;
	int (*init)(struct uk_testsuite *suite __maybe_unused);
	struct uk_testcase *cases_end;	/* NULL here: cases go by name */
	unsigned int failed_cases;	/* the last run */
	unsigned int cases;		/* ukrepl: the last run's count */
};

UK_CTASSERT(sizeof(struct uk_testcase) % 8 == 0);
UK_CTASSERT(sizeof(struct uk_testsuite) % 8 == 0);

extern struct uk_testcase __start_uk_testtab[], __stop_uk_testtab[];
extern struct uk_testsuite __start_uk_testsuites[], __stop_uk_testsuites[];

/* Output. Colours are off: the host reads the lines as they are. */
#define UKT_PADDING		"........................................"
#define UKT_COLWIDTH		68
#define UKT_CLR_RESET		""
#define UKT_CLR_PASSED		""
#define UKT_CLR_FAILED		""
#define UKT_CLR_FILE		""
#define UKT_CLR_LINE		""
#define LVLC_TESTNAME		""
#define UKT_PASSED		"[ PASSED ]"
#define UKT_FAILED		"[ FAILED ]"
#define uk_test_printf(fmt, ...)	printf(fmt, ##__VA_ARGS__)

/* Names of the objects the macros define. The function of a case is a
 * static with a name no cell carries to the next (see UK_TESTCASE_DESC). */
#define _UK_TESTSUITE_NAME(suite)	__uk_testsuite_##suite
#define _UK_TESTSUITE_RUN_NAME(suite)	__uk_testsuite_run_##suite
#define _UK_TESTSUITE_RUN_NAME_END(suite) __uk_testsuite_run_end_##suite
#define _UK_TESTCASE_NAME(suite, esac)	__uk_testcase_##suite##_##esac
#define _UK_TESTCASE_LABEL(suite, esac)	__uk_test_##suite##_##esac
#define _UK_TESTCASE_ASSERTTAB_START(suite, esac)			\
	__uk_test_asserts_##suite##_##esac
#define _UK_TEST_SECTION_LABEL(section, label)	"uk_testtab"
#define _UK_TEST_SECTION_DATA(section, data)	__section(section) data
#define _UK_TEST_ASSERTTAB_ENTRY(status)				\
	{ .status = (status), .line = __LINE__ }
#define _UK_TEST_SECTION_HEADER(suite, initfn)	_UK_TESTSUITE(suite, initfn)

/*
 * A case; the body that follows sees the running case as `esac`. Both the
 * record and the function are static and marked used: the host carries a
 * cell's declarations into the next cell, and a static declaration
 * without its definition there would be an undefined symbol, so the
 * record is defined here, not declared, and the function is reached only
 * through it.
 */
#define UK_TESTCASE_DESC(_suite, _fn, _desc)				\
	static void _UK_TESTCASE_LABEL(_suite, _fn)(			\
		struct uk_testcase *esac __maybe_unused);		\
	static struct uk_testcase __used __section("uk_testtab")	\
	__align(8) _UK_TESTCASE_NAME(_suite, _fn) = {			\
		.name = #_fn,						\
		.desc = _desc,						\
		.func = _UK_TESTCASE_LABEL(_suite, _fn),		\
		.file = __FILE__,					\
		.suite = #_suite,					\
		.line = __LINE__,					\
	};								\
	static void __used _UK_TESTCASE_LABEL(_suite, _fn)(		\
		struct uk_testcase *esac __maybe_unused)

#define UK_TESTCASE(suite, fn)	UK_TESTCASE_DESC(suite, fn, NULL)

/* The cases of a suite, in the order they run (file, then line). */
struct uk_testcase *_uk_testsuite_case_next(const struct uk_testsuite *suite,
					    const struct uk_testcase *prev);
#define _UK_TESTCASE_START(suite)	_uk_testsuite_case_next(suite, NULL)
#define uk_testsuite_case_foreach(suite, esac)				\
	for ((esac) = _UK_TESTCASE_START(suite); (esac);		\
	     (esac) = _uk_testsuite_case_next(suite, esac))
#define uk_test_assert_foreach(esac, assert)				\
	for ((assert) = (esac)->asserts; (assert) && (assert)->line;	\
	     (assert)++)

/*
 * Registering a suite: initfn runs before its cases (NULL for none; a
 * non-zero result fails the suite's cases unrun). 0.10 runs a registered
 * suite from the init table or the constructors; here a suite a notebook
 * cell registers runs when the cell loads (after its init table and
 * constructors), the kernel's own suites run on demand
 * (uk_test_run_suite ...) or, with CONFIG_LIBUKTEST_RUN_AT_BOOT, all at the
 * end of the init table. The class and priority arguments are accepted.
 */
#define _UK_TESTSUITE(_suite, _initfn)					\
	static struct uk_testsuite __used __section("uk_testsuites")	\
	__align(8) _UK_TESTSUITE_NAME(_suite) = {			\
		.name = #_suite,					\
		.init = _initfn,					\
	}
#define UK_TESTSUITE_AT_CTORCALL_PRIO(suite, initfn, prio)		\
	_UK_TESTSUITE(suite, initfn)
#define UK_TESTSUITE_AT_INITCALL_PRIO(suite, initfn, class, prio)	\
	_UK_TESTSUITE(suite, initfn)
#define uk_testsuite_early_prio(s, f, p)	_UK_TESTSUITE(s, f)
#define uk_testsuite_plat_prio(s, f, p)		_UK_TESTSUITE(s, f)
#define uk_testsuite_lib_prio(s, f, p)		_UK_TESTSUITE(s, f)
#define uk_testsuite_rootfs_prio(s, f, p)	_UK_TESTSUITE(s, f)
#define uk_testsuite_sys_prio(s, f, p)		_UK_TESTSUITE(s, f)
#define uk_testsuite_late_prio(s, f, p)		_UK_TESTSUITE(s, f)
#define uk_testsuite_prio(suite, initfn, prio)	_UK_TESTSUITE(suite, initfn)
#define uk_testsuite_register(suite, initfn)	_UK_TESTSUITE(suite, initfn)

/* Runs the suite's cases; returns how many failed (-ENOENT: none). */
int uk_testsuite_run(struct uk_testsuite *suite);

/*
 * Records one assertion of the running case and prints it:
 *     "    :\t<message> ........ [ PASSED ]"
 * or "[ FAILED ]  in <file>:<line>". An assertion that fails does not end
 * its case (as in 0.10: every UK_TEST_* only records). Returns cond.
 */
void __maybe_unused _uk_test_do_assert(struct uk_testcase *esac,
				       unsigned short line, int cond,
				       const char *fmt, ...) __printf(4, 5);
/* 0.10's lookup of a line's record: there are none here (NULL). */
struct uk_assert *_uk_test_find_assert(struct uk_testcase *esac,
				       unsigned short line);

#define UK_TEST_ASSERTF(cond, fmt, ...)					\
	({								\
		int __uk_ok = !!(cond);					\
		_uk_test_do_assert(esac, __LINE__, __uk_ok, fmt,	\
				   ##__VA_ARGS__);			\
		__uk_ok;						\
	})
#define UK_TEST_EXPECT(cond)						\
	UK_TEST_ASSERTF(cond, "expected `%s` to hold", #cond)
#define UK_TEST_ASSERT(cond)						\
	UK_TEST_ASSERTF(cond, "expected `%s` to hold", #cond)

/* "expected `a` <desc> b but was a" ("and was" when it holds); `as` is a
 * as written, stringized before any macro in it expands. */
#define __UK_TEST_A_COND_B(a, as, cond, b, desc, type, fmt)		\
	({								\
		type __uk_a = (type)(a);				\
		type __uk_b = (type)(b);				\
		int __uk_hold = __uk_a cond __uk_b;			\
		UK_TEST_ASSERTF(__uk_hold,				\
				"expected `%s` " desc " " fmt " %s was " fmt, \
				as, __uk_b, __uk_hold ? "and" : "but",	\
				__uk_a);				\
	})
#define _UK_TEST_EXPECT_A_COND_B(a, cond, b, desc, type, fmt)		\
	__UK_TEST_A_COND_B(a, #a, cond, b, desc, type, fmt)
#define UK_TEST_EXPECT_NULL(exp)	\
	__UK_TEST_A_COND_B(exp, #exp, ==, NULL, "to be", const void *, "%p")
#define UK_TEST_EXPECT_NOT_NULL(exp)	\
	__UK_TEST_A_COND_B(exp, #exp, !=, NULL, "not to be", const void *, "%p")
#define UK_TEST_EXPECT_ZERO(exp)	\
	__UK_TEST_A_COND_B(exp, #exp, ==, 0, "to be", long, "%ld")
#define UK_TEST_EXPECT_NOT_ZERO(exp)	\
	__UK_TEST_A_COND_B(exp, #exp, !=, 0, "not to be", long, "%ld")
#define UK_TEST_EXPECT_PTR_EQ(a, b)	\
	__UK_TEST_A_COND_B(a, #a, ==, b, "to be", const void *, "%p")
#define UK_TEST_EXPECT_BYTES_EQ(a, b, size)				\
	UK_TEST_ASSERTF(__builtin_memcmp(a, b, size) == 0,		\
			"expected `%s` and `%s` to hold the same %lu bytes", \
			#a, #b, (unsigned long)(size))
#define UK_TEST_EXPECT_SNUM_EQ(a, b)	\
	__UK_TEST_A_COND_B(a, #a, ==, b, "to be", long, "%ld")
#define UK_TEST_EXPECT_SNUM_NQ(a, b)	\
	__UK_TEST_A_COND_B(a, #a, !=, b, "not to be", long, "%ld")
#define UK_TEST_EXPECT_SNUM_GT(a, b)	\
	__UK_TEST_A_COND_B(a, #a, >, b, "to be greater than", long, "%ld")
#define UK_TEST_EXPECT_SNUM_GE(a, b)	\
	__UK_TEST_A_COND_B(a, #a, >=, b, "to be at least", long, "%ld")
#define UK_TEST_EXPECT_SNUM_LT(a, b)	\
	__UK_TEST_A_COND_B(a, #a, <, b, "to be less than", long, "%ld")
#define UK_TEST_EXPECT_SNUM_LE(a, b)	\
	__UK_TEST_A_COND_B(a, #a, <=, b, "to be at most", long, "%ld")

/* ukrepl's shorthands (not 0.10's); they only record, as UK_TEST_ASSERT. */
#define UK_TEST_EXPECTF(cond, fmt, ...)	UK_TEST_ASSERTF(cond, fmt, ##__VA_ARGS__)
#define UK_TEST_ASSERT_NOT_NULL(x)					\
	__UK_TEST_A_COND_B(x, #x, !=, NULL, "not to be", const void *, "%p")
#define UK_TEST_ASSERT_ZERO(x)						\
	__UK_TEST_A_COND_B(x, #x, ==, 0, "to be", long, "%ld")
#define UK_TEST_ASSERT_SNUM_EQ(a, b)					\
	__UK_TEST_A_COND_B(a, #a, ==, b, "to be", long, "%ld")
#define UK_TEST_ASSERT_SNUM_GE(a, b)					\
	__UK_TEST_A_COND_B(a, #a, >=, b, "to be at least", long, "%ld")

/*
 * Running by name, from a cell or the pytest plugin
 * (tests/guest/test_inguest.py). A case prints "test: <suite>-><case>"
 * (": <desc>" if it has one), a line per assertion, and ends with
 * "test: <suite>-><case>: PASSED (n assertions)" or "...: FAILED (k of n
 * assertions)". They return the number of failed cases (run_case: of
 * failed assertions), or -ENOENT for an unknown name. run_all ends with
 * "uktest:suites:", "uktest:cases:" and "uktest:assertions:" lines
 * ("F failed, " if any, then "N total").
 */
int uk_test_run_all(void);
int uk_test_run_suite(const char *suite);
int uk_test_run_case(const char *suite, const char *name);
/* Prints "uktest-case: <suite>.<case>" for every case; returns the count. */
int uk_test_list(void);

#endif /* __UK_TEST_H__ */
