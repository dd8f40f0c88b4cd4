"""Issue 12: <uk/syscall.h> from cells: a call a cell defines is reached by number through the shim
and through the raw instruction (`syscall` on x86_64, `svc #0` on arm64), and unknown numbers answer
-ENOSYS; on both architectures."""

from __future__ import annotations

from conftest import BOTH_ARCHES, guest_fixture

guest = guest_fixture(arches=BOTH_ARCHES)

HELLO = """
#include <uk/syscall.h>
#define __NR_hello 500
static long hello_calls;
UK_SYSCALL_R_DEFINE(long, hello, long, a, long, b)
{
    hello_calls++;
    return a * 100 + b;
}
"""

RAW = {
    "x86_64": """
long raw_hello(long a, long b)
{
    long ret;
    register long r10 __asm__("r10") = 0;
    __asm__ __volatile__("syscall" : "=a"(ret) : "a"(500L), "D"(a), "S"(b), "d"(0L), "r"(r10)
                         : "rcx", "r11", "memory");
    return ret;
}
""",
    "arm64": """
long raw_hello(long a, long b)
{
    register long x8 __asm__("x8") = 500L;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    __asm__ __volatile__("svc #0" : "+r"(x0) : "r"(x8), "r"(x1) : "memory");
    return x0;
}
""",
}


def test_a_cell_defines_a_syscall_reached_by_uk_syscall_r_and_by_the_instruction(guest):
    guest.run_cell(HELLO)
    assert guest.run_cell("uk_syscall_r(500, 4, 2)").value.text == "402"
    assert guest.run_cell("uk_syscall_r_hello(1, 2)").value.text == "102"
    guest.run_cell(RAW[guest.arch])
    assert guest.call("raw_hello", 7, 5).text == "705"
    assert guest.evaluate("hello_calls").text == "3"
    assert guest.evaluate("uk_syscall_stats[500].count").text == "2"  # the direct call is not counted
    assert guest.evaluate("uk_syscall_stats[500].args[0]").text == "7"


def test_unknown_numbers_answer_enosys_through_the_instruction(guest):
    guest.run_cell(RAW[guest.arch].replace("500L", "511L"))
    assert guest.call("raw_hello", 1, 2).text == "-38"
    assert guest.evaluate("uk_syscall_stats[511].count").text == "1"
    assert guest.evaluate("uk_syscall_stats[511].registered").text == "0"
