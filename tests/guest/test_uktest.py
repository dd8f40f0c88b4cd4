"""Issue 11: uktest as in Unikraft 0.10, with suites typed into cells (USoC's testing session)."""

from __future__ import annotations

from ukrepl.frontend.inguest_tests import TestCase as Case
from ukrepl.frontend.inguest_tests import parse_output

USOC_SUITE = r"""#include <uk/test.h>

static int sum(int a, int b) { return a + b; }

UK_TESTCASE(usoc, sums)
{
	UK_TEST_EXPECT_SNUM_EQ(sum(2, 2), 4);
	UK_TEST_EXPECT_SNUM_GT(sum(2, 3), 4);
}

int after_the_failure;

UK_TESTCASE_DESC(usoc, goes_on_after_a_failed_assert, "a failed assert does not end the case")
{
	UK_TEST_ASSERT(sum(1, 1) == 3);
	after_the_failure = 1;
	UK_TEST_ASSERTF(sum(1, 1) == 2, "sum(%d, %d) is %d", 1, 1, sum(1, 1));
	UK_TEST_EXPECT_NOT_NULL(&after_the_failure);
}

uk_testsuite_register(usoc, NULL);
"""


def printed_by(guest, cell: str) -> str:
    """What the guest printed while loading and running `cell`."""
    guest.flush_console()
    before = len(guest.console_sink.text)
    guest.run_cell(cell)
    guest.flush_console()
    return guest.console_sink.text[before:]


def test_a_suite_typed_into_a_cell_runs_as_it_loads_and_reports_each_case(tcg_guest):
    printed = printed_by(tcg_guest, USOC_SUITE)
    assert "test: usoc->sums\n" in printed
    assert "    :\texpected `sum(2, 2)` to be 4 and was 4" in printed and "[ PASSED ]" in printed
    assert "test: usoc->sums: PASSED (2 assertions)" in printed
    assert "test: usoc->goes_on_after_a_failed_assert: a failed assert does not end the case" in printed
    assert "expected `sum(1, 1) == 3` to hold" in printed and "[ FAILED ]  in cell" in printed
    assert "    :\tsum(1, 1) is 2" in printed  # the custom format's arguments are printed
    assert "test: usoc->goes_on_after_a_failed_assert: FAILED (1 of 3 assertions)" in printed
    assert tcg_guest.evaluate("after_the_failure").text == "1"  # the case went on


def test_a_later_cell_runs_the_suite_and_the_host_parses_0_10_output(tcg_guest):
    tcg_guest.run_cell(USOC_SUITE)
    # a later C cell (not an expression) that runs the earlier cell's suite links and runs
    printed = printed_by(
        tcg_guest, '#include <uk/test.h>\nint failed_cases;\nfailed_cases = uk_test_run_suite("usoc");'
    )
    assert tcg_guest.evaluate("failed_cases").text == "1"
    case = Case("usoc", "goes_on_after_a_failed_assert", "cell.c", 0)
    parsed = parse_output(printed, case, 1)
    assert not parsed.passed and parsed.summary == "FAILED (1 of 3 assertions)"
    [failure] = parsed.failures
    assert failure.startswith("cell") and failure.endswith(": expected `sum(1, 1) == 3` to hold"), failure
    assert parse_output(printed, Case("usoc", "sums", "cell.c", 0), 0).passed


def test_uk_testsuite_run_and_the_case_walk_take_0_10s_records(tcg_guest):
    tcg_guest.run_cell(
        "#include <uk/test.h>\n"
        "UK_TESTCASE(walk, one) { UK_TEST_EXPECT(1); }\n"
        "UK_TESTCASE(walk, two) { UK_TEST_EXPECT_ZERO(0); }\n"
        "uk_testsuite_register(walk, NULL);\n"
        "int count_walk(void)\n{\n\tstruct uk_testcase *c;\n\tint n = 0;\n\n"
        "\tuk_testsuite_case_foreach(&_UK_TESTSUITE_NAME(walk), c)\n\t\tn++;\n\treturn n;\n}\n"
        "int rerun_walk(void) { return uk_testsuite_run(&_UK_TESTSUITE_NAME(walk)); }\n"
    )
    assert tcg_guest.call("count_walk").text == "2"
    assert tcg_guest.call("rerun_walk").text == "0"
