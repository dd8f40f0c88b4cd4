"""Argument types (guest/arg_types.py) against what a real GDB says of kernel and cell functions."""

from __future__ import annotations

import pytest
from conftest import guest_fixture

from ukrepl.guest import GuestError
from ukrepl.guest.arg_types import check_argument_types
from ukrepl.guest.call_arity import parameters

guest = guest_fixture()

CELL = """\
#include <uk/alloc.h>
struct point { int x, y; };
typedef struct point point_t;
struct point origin = {3, 4};
char word[] = "abc";
int norm2(point_t p) { return p.x * p.x + p.y * p.y; }
int first(const char *s) { return s[0]; }
long twice(long v) { return 2 * v; }
"""


def check(guest, callee: str, *args: str) -> None:
    check_argument_types(callee, parameters(guest.gdb(f"whatis {callee}")), list(args), guest.gdb)


def test_argument_types_from_gdb(guest):
    guest.run_cell(CELL)
    check(guest, "first", "word")
    check(guest, "first", '"xyz"')
    check(guest, "first", "0")
    check(guest, "twice", "origin.x")
    check(guest, "uk_malloc", "uk_alloc_get_default()", "64")  # size_t: a typedef GDB expands
    check(guest, "tour_fib", "10")
    with pytest.raises(GuestError) as err:
        check(guest, "first", "4096")
    assert "takes a pointer (const char *) there" in err.value.message
    assert err.value.hint == "pass a pointer, or cast an address: (const char *)4096"
    with pytest.raises(GuestError) as err:
        check(guest, "twice", "word")
    assert "argument 1 (word) is char [4]" in err.value.message and "(long)(word)" in err.value.hint
    with pytest.raises(GuestError) as err:
        check(guest, "norm2", "origin")
    assert "by value" in err.value.message and "C cell" in err.value.hint
    with pytest.raises(GuestError) as err:
        check(guest, "tour_fib", "origin")
    assert "argument 1 (origin) is struct point" in err.value.message and "&s" in err.value.hint
    assert str(guest.run_cell("norm2(origin)").value) == "(int) 25"  # the way the hint names
