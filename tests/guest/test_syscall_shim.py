"""Issue 12: <uk/syscall.h> from cells: a call a cell defines is reached by number through the shim
and through a raw `syscall` instruction, and unknown numbers answer -ENOSYS."""

from __future__ import annotations

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

RAW = """
long raw_hello(long a, long b)
{
    long ret;
    register long r10 __asm__("r10") = 0;
    __asm__ __volatile__("syscall" : "=a"(ret) : "a"(500L), "D"(a), "S"(b), "d"(0L), "r"(r10)
                         : "rcx", "r11", "memory");
    return ret;
}
"""


def test_a_cell_defines_a_syscall_reached_by_uk_syscall_r_and_by_the_instruction(tcg_guest):
    tcg_guest.run_cell(HELLO)
    assert tcg_guest.run_cell("uk_syscall_r(500, 4, 2)").value.text == "402"
    assert tcg_guest.run_cell("uk_syscall_r_hello(1, 2)").value.text == "102"
    tcg_guest.run_cell(RAW)
    assert tcg_guest.call("raw_hello", 7, 5).text == "705"
    assert tcg_guest.evaluate("hello_calls").text == "3"
    assert tcg_guest.evaluate("uk_syscall_stats[500].count").text == "2"  # the direct call is not counted
    assert tcg_guest.evaluate("uk_syscall_stats[500].args[0]").text == "7"


def test_unknown_numbers_answer_enosys_through_the_instruction(tcg_guest):
    tcg_guest.run_cell(RAW.replace("500L", "511L"))
    assert tcg_guest.call("raw_hello", 1, 2).text == "-38"
    assert tcg_guest.evaluate("uk_syscall_stats[511].count").text == "1"
    assert tcg_guest.evaluate("uk_syscall_stats[511].registered").text == "0"
