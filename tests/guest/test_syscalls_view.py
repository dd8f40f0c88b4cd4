"""Issue 12, the host side: %syscalls' counts read from a live guest, reset, unknown numbers, a
crash inside a system call naming it, and the magic through the Jupyter kernel."""

from __future__ import annotations

import pytest
from conftest import BOTH_ARCHES, guest_fixture
from test_jupyter import run as run_jupyter
from test_jupyter import text_of

from ukrepl.guest.errors import GuestCrashed

guest = guest_fixture(arches=BOTH_ARCHES)

RAW = {
    "x86_64": """
long raw_syscall(long nr, long a)
{
    long ret;
    __asm__ __volatile__("syscall" : "=a"(ret) : "a"(nr), "D"(a) : "rcx", "r11", "memory");
    return ret;
}
""",
    "arm64": """
long raw_syscall(long nr, long a)
{
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    __asm__ __volatile__("svc #0" : "+r"(x0) : "r"(x8) : "memory");
    return x0;
}
""",
}
GETPID = {"x86_64": 39, "arm64": 172}  # Linux's numbers, named by the kernel's own table


def test_counts_follow_the_calls_and_reset_zeroes_them(guest):
    guest.syscalls.reset()
    guest.run_cell(RAW[guest.arch])
    getpid = GETPID[guest.arch]
    guest.call("raw_syscall", getpid, 0)
    guest.call("raw_syscall", getpid, 7)
    guest.call("raw_syscall", 508, 3)  # nothing serves 508
    counts = {c.nr: c for c in guest.syscalls.counts()}
    c = counts[getpid]
    assert (c.name, c.count, c.args[0], c.result) == ("getpid", 2, 7, "1")
    assert counts[508].unknown and counts[508].result == "-ENOSYS" and counts[508].name is None
    served = {c.name for c in guest.syscalls.counts(everything=True)}
    assert {"clock_gettime", "futex", "rt_sigaction", "getuid"} <= served
    assert "getpwnam" not in served  # a libc function, not a system call
    guest.syscalls.reset()
    assert guest.syscalls.counts() == []


def test_a_crash_inside_a_syscall_names_it(guest):
    guest.run_cell(
        "#include <uk/syscall.h>\n#define __NR_crashy 501\n"
        "UK_SYSCALL_R_DEFINE(int, crashy, int *, p) { return *p; }"
    )
    with pytest.raises(GuestCrashed) as caught:
        guest.run_cell("uk_syscall_r(501, 0)")
    assert "inside system call <unknown> (501)" in str(caught.value)
    assert "Syscall: <unknown> (501), arguments 0x0" in caught.value.report


def test_the_syscalls_magic_shows_the_table_and_refuses_unknown_options(kernel):
    _, kc = kernel
    run_jupyter(kc, "%boot")
    run_jupyter(kc, "#include <unistd.h>\nint me = getpid();")
    reply, outputs = run_jupyter(kc, "%syscalls")
    text = text_of(outputs)
    assert reply["status"] == "ok"
    assert "getpid" in text and "system calls through the shim" in text
    reply, outputs = run_jupyter(kc, "%syscalls --bogus")
    assert "unknown option '--bogus'" in text_of(outputs)
    assert "usage: %syscalls [--all] [--reset]" in text_of(outputs)
