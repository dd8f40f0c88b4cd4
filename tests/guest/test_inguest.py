"""The kernel's in-guest test suites (lib/*/tests/, lib/uktest) as pytest items.

Each UK_TESTCASE becomes one item, `test_case[<suite>.<case>]`, listed from the
kernel ELF at collection time (no guest needed) and run in one two-CPU TCG guest
shared by the module. A case that crashes the guest fails with the crash report;
the guest is booted again for the next case.

    pytest tests/test_inguest.py                 # every case
    pytest tests/test_inguest.py -k posix_event  # one suite
"""

from __future__ import annotations

import pytest
from conftest import booted

from ukrepl.frontend.inguest_tests import list_cases, run_case
from ukrepl.guest import GuestCrashed
from ukrepl.kernel_build import KernelBuild


def pytest_generate_tests(metafunc):
    if "case" in metafunc.fixturenames:
        cases = list_cases(KernelBuild().run())
        metafunc.parametrize("case", cases, ids=[c.id for c in cases])


@pytest.fixture(scope="module")
def guest_box():
    """A one-element list holding the shared guest, so that a crashed one can be replaced."""
    box = [booted("tcg", smp=2, online=True)]  # some cases use CPU 1
    yield box
    box[0].shutdown()


def test_case(guest_box, case):
    try:
        result = run_case(guest_box[0], case)
    except GuestCrashed as crash:
        guest_box[0].reboot()
        guest_box[0].start_cpus()
        pytest.fail(f"{case.id} crashed the guest:\n{crash.report}", pytrace=False)
    if not result.passed:
        details = "\n".join(result.failures)
        pytest.fail(f"{case.id}: {result.summary}\n{details}", pytrace=False)
