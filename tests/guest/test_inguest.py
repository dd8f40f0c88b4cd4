"""The kernel's in-guest test suites (lib/*/tests/, lib/uktest) as pytest items, on both architectures.

Each UK_TESTCASE becomes one item per architecture, `test_case[<suite>.<case>]`
on x86_64 and `test_case[arm64-<suite>.<case>]` on arm64, listed from that
architecture's kernel ELF at collection time (no guest needed) and run in one
two-CPU TCG guest per architecture, shared by the module. A case that crashes
the guest fails with the crash report; the guest is booted again for the next
case. The arm64 items skip, saying why, where the cross tools are missing.

    pytest tests/test_inguest.py                 # every case
    pytest tests/test_inguest.py -k posix_event  # one suite
    pytest tests/test_inguest.py -m arm64        # the arm64 ones
"""

from __future__ import annotations

import shutil

import pytest
from conftest import ARM64_TOOLS, BOTH_ARCHES, arch_marks, booted

from ukrepl.frontend.inguest_tests import list_cases, run_case
from ukrepl.guest import GuestCrashed
from ukrepl.kernel_build import KernelBuild


def pytest_generate_tests(metafunc):
    if "case" not in metafunc.fixturenames:
        return
    params = []
    for arch in BOTH_ARCHES:
        if arch != "x86_64" and not all(shutil.which(tool) for tool in ARM64_TOOLS):
            params.append(pytest.param(arch, None, id=f"{arch}-suites", marks=arch_marks(arch)))
            continue
        prefix = "" if arch == "x86_64" else f"{arch}-"
        for case in list_cases(KernelBuild(arch=arch).run()):
            params.append(pytest.param(arch, case, id=prefix + case.id, marks=arch_marks(arch)))
    metafunc.parametrize(("arch", "case"), params)


@pytest.fixture(scope="module")
def guests():
    """The shared guest of each architecture, booted at its first case (and again after a crash)."""
    booted_guests = {}
    yield booted_guests
    for guest in booted_guests.values():
        guest.shutdown()


def test_case(guests, arch, case):
    if arch not in guests:
        guests[arch] = booted("tcg", smp=2, online=True, arch=arch)  # some cases use CPU 1
    guest = guests[arch]
    try:
        result = run_case(guest, case)
    except GuestCrashed as crash:
        guest.reboot()
        guest.start_cpus()
        pytest.fail(f"{case.id} crashed the guest:\n{crash.report}", pytrace=False)
    if not result.passed:
        details = "\n".join(result.failures)
        pytest.fail(f"{case.id}: {result.summary}\n{details}", pytrace=False)
