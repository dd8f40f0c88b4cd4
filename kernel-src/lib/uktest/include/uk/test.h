/* In-guest unit tests under Unikraft's names (uk/test.h): test cases,
 * suites and expectations, run on demand from a cell or at boot. */
#ifndef __UK_TEST_H__
#define __UK_TEST_H__

#include <uk/essentials.h>

/*
 * Each UK_TESTCASE puts a struct uk_testcase into the linker section
 * uk_testtab, each registered suite a struct uk_testsuite into
 * uk_testsuites; the linker provides __start_/__stop_ symbols for both.
 * Explicit 8-byte alignment keeps GCC from padding the entries apart, so
 * each section is an array. Cases run in the order of their file and line.
 */
struct uk_testcase {
	const char *suite;
	const char *name;
	const char *desc;
	void (*func)(struct uk_testcase *esac);
	const char *file;
	unsigned long line;
	/* the last run */
	unsigned long expects;
	unsigned long failures;
};

struct uk_testsuite {
	const char *name;
	int (*init)(struct uk_testsuite *suite);
	/* the last run */
	unsigned long cases;
	unsigned long failed_cases;
};

UK_CTASSERT(sizeof(struct uk_testcase) % 8 == 0);
UK_CTASSERT(sizeof(struct uk_testsuite) % 8 == 0);

extern struct uk_testcase __start_uk_testtab[], __stop_uk_testtab[];
extern struct uk_testsuite __start_uk_testsuites[], __stop_uk_testsuites[];

#define __UK_TEST_FN(suite, fn)	__uk_test_##suite##_##fn

/* The body that follows sees the running case as `esac`. */
#define UK_TESTCASE_DESC(_suite, _fn, _desc)				\
	static void __UK_TEST_FN(_suite, _fn)(struct uk_testcase *esac); \
	static struct uk_testcase __used __section("uk_testtab")	\
	__align(8) __uk_testcase_##_suite##_##_fn = {			\
		.suite = #_suite,					\
		.name = #_fn,						\
		.desc = _desc,						\
		.func = __UK_TEST_FN(_suite, _fn),			\
		.file = __FILE__,					\
		.line = __LINE__,					\
	};								\
	static void __UK_TEST_FN(_suite, _fn)(				\
		struct uk_testcase *esac __unused)

#define UK_TESTCASE(suite, fn)	UK_TESTCASE_DESC(suite, fn, NULL)

/*
 * Registers a suite and the function run before its cases (NULL for none;
 * a non-zero result skips the suite's cases, which then count as failed).
 * Unikraft's variants that pick an init-table slot are accepted; here
 * suites run when asked (uk_test_run_*) or, with
 * CONFIG_LIBUKTEST_RUN_AT_BOOT, all together at the end of the init table.
 */
#define uk_testsuite_register(suite, initfn)				\
	static struct uk_testsuite __used __section("uk_testsuites")	\
	__align(8) __uk_testsuite_##suite = {				\
		.name = #suite,						\
		.init = initfn,						\
	}
#define uk_testsuite_prio(suite, initfn, prio)				\
	uk_testsuite_register(suite, initfn)
#define UK_TESTSUITE_AT_INITCALL_PRIO(suite, initfn, class, prio)	\
	uk_testsuite_register(suite, initfn)
#define uk_testsuite_early_prio(s, f, p)	uk_testsuite_register(s, f)
#define uk_testsuite_plat_prio(s, f, p)		uk_testsuite_register(s, f)
#define uk_testsuite_lib_prio(s, f, p)		uk_testsuite_register(s, f)
#define uk_testsuite_rootfs_prio(s, f, p)	uk_testsuite_register(s, f)
#define uk_testsuite_sys_prio(s, f, p)		uk_testsuite_register(s, f)
#define uk_testsuite_late_prio(s, f, p)		uk_testsuite_register(s, f)

/* Records one expectation of the running case; prints it if it failed.
 * Returns ok. */
int _uk_test_check(struct uk_testcase *esac, int ok, const char *file,
		   unsigned int line, const char *fmt, ...)
	__printf(5, 6);

#define UK_TEST_EXPECTF(cond, fmt, ...)					\
	_uk_test_check(esac, !!(cond), __FILE__, __LINE__, fmt,	\
		       ##__VA_ARGS__)
#define UK_TEST_EXPECT(cond)						\
	UK_TEST_EXPECTF(cond, "expected `%s` to hold", #cond)
#define UK_TEST_EXPECT_NULL(x)						\
	UK_TEST_EXPECTF((x) == NULL, "expected `%s` to be NULL", #x)
#define UK_TEST_EXPECT_NOT_NULL(x)					\
	UK_TEST_EXPECTF((x) != NULL, "expected `%s` not to be NULL", #x)
#define UK_TEST_EXPECT_ZERO(x)						\
	UK_TEST_EXPECT_SNUM_EQ(x, 0)
#define UK_TEST_EXPECT_NOT_ZERO(x)					\
	UK_TEST_EXPECT_SNUM_NQ(x, 0)
#define UK_TEST_EXPECT_PTR_EQ(a, b)					\
	({								\
		const void *__pa = (a), *__pb = (b);			\
		UK_TEST_EXPECTF(__pa == __pb,				\
				"expected `%s` to be %p but was %p",	\
				#a, __pb, __pa);			\
	})
#define UK_TEST_EXPECT_BYTES_EQ(a, b, size)				\
	UK_TEST_EXPECTF(__builtin_memcmp(a, b, size) == 0,		\
			"expected `%s` and `%s` to hold the same %lu bytes", \
			#a, #b, (unsigned long)(size))

/* Signed comparisons, as long; the message shows both values. */
#define __UK_TEST_SNUM(a, b, op, words)					\
	({								\
		long __ta = (long)(a), __tb = (long)(b);		\
		UK_TEST_EXPECTF(__ta op __tb,				\
				"expected `%s` " words " %ld but was %ld", \
				#a, __tb, __ta);			\
	})
#define UK_TEST_EXPECT_SNUM_EQ(a, b)	__UK_TEST_SNUM(a, b, ==, "to be")
#define UK_TEST_EXPECT_SNUM_NQ(a, b)	__UK_TEST_SNUM(a, b, !=, "not to be")
#define UK_TEST_EXPECT_SNUM_GT(a, b)	__UK_TEST_SNUM(a, b, >, "to be >")
#define UK_TEST_EXPECT_SNUM_GE(a, b)	__UK_TEST_SNUM(a, b, >=, "to be >=")
#define UK_TEST_EXPECT_SNUM_LT(a, b)	__UK_TEST_SNUM(a, b, <, "to be <")
#define UK_TEST_EXPECT_SNUM_LE(a, b)	__UK_TEST_SNUM(a, b, <=, "to be <=")

/*
 * The ASSERT forms end the case when they fail (they return from the case
 * function, so use them in its body, not in helpers). Unlike Unikraft
 * 0.10, where they only record: a case should not go on with, say, an fd
 * it failed to open.
 */
#define __UK_TEST_ASSERT(check)						\
	do {								\
		if (!(check))						\
			return;						\
	} while (0)
#define UK_TEST_ASSERTF(cond, fmt, ...)					\
	__UK_TEST_ASSERT(UK_TEST_EXPECTF(cond, fmt, ##__VA_ARGS__))
#define UK_TEST_ASSERT(cond)		__UK_TEST_ASSERT(UK_TEST_EXPECT(cond))
#define UK_TEST_ASSERT_NOT_NULL(x)	__UK_TEST_ASSERT(UK_TEST_EXPECT_NOT_NULL(x))
#define UK_TEST_ASSERT_ZERO(x)		__UK_TEST_ASSERT(UK_TEST_EXPECT_ZERO(x))
#define UK_TEST_ASSERT_SNUM_EQ(a, b)	__UK_TEST_ASSERT(UK_TEST_EXPECT_SNUM_EQ(a, b))
#define UK_TEST_ASSERT_SNUM_GE(a, b)	__UK_TEST_ASSERT(UK_TEST_EXPECT_SNUM_GE(a, b))

/*
 * Running, from a cell or the pytest plugin (tests/test_inguest.py). Each
 * case prints one line "uktest: <suite>.<case>: PASS [n expectations]" or
 * "... FAIL [k/n expectations failed]", after a line per failed
 * expectation. They return the number of failed cases (run_case: of
 * failed expectations), or -ENOENT for an unknown name.
 */
int uk_test_run_all(void);
int uk_test_run_suite(const char *suite);
int uk_test_run_case(const char *suite, const char *name);
/* Prints "uktest-case: <suite>.<case>" for every case; returns the count. */
int uk_test_list(void);

#endif /* __UK_TEST_H__ */
