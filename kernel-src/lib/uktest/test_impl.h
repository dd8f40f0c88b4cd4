/* Internals shared by the files of lib/uktest: walking every table of cases
 * and suites, the kernel's own and those of notebook cells. */
#ifndef __UKTEST_IMPL_H__
#define __UKTEST_IMPL_H__

#include <uk/test.h>

/*
 * The first case (c NULL) or the one after c: the kernel's section
 * uk_testtab first, then each loaded cell's, in the order they came.
 * Cases a later cell replaced are left out. Likewise for suites.
 */
struct uk_testcase *testtab_next(struct uk_testcase *c);
struct uk_testsuite *testsuites_next(struct uk_testsuite *s);

#endif /* __UKTEST_IMPL_H__ */
