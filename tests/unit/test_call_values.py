"""A call's value from the stop in ukrepl_call_returned(value): the argument GDB's *stopped record
shows, cut to the result's integer type the way GDB prints it (guest/call_values.py, no guest)."""

from __future__ import annotations

import pytest

from ukrepl.guest.call_values import returned_integer, trapped_value


def stop_with(value: str) -> dict:
    return {"frame": {"func": "ukrepl_call_returned", "args": [{"name": "value", "value": value}]}}


def test_the_stop_record_carries_the_result_register():
    assert trapped_value(stop_with("55")) == 55
    assert trapped_value(stop_with("-1")) == 0xFFFF_FFFF_FFFF_FFFF  # `long value`: the register's bits


@pytest.mark.parametrize("stop", [{}, {"frame": {"args": []}}, stop_with("<optimized out>")])
def test_without_the_argument_the_register_is_read_instead(stop):
    assert trapped_value(stop) is None


@pytest.mark.parametrize(
    ("ptype", "register", "shown"),
    [
        ("int", 0xFFFF_FFFF_FFFF_FFFD, "-3"),  # eax holds the int; the upper half is whatever
        ("unsigned int", 0x1_0000_0007, "7"),
        ("long", 0xFFFF_FFFF_FFFF_FFFF, "-1"),
        ("unsigned long", 0xFFFF_FFFF_FFFF_FFFF, "18446744073709551615"),
        ("short", 0x8000, "-32768"),
    ],
)
def test_an_integer_type_seen_before_is_shown_without_asking_gdb(ptype, register, shown):
    cache = {"result type of T": "T", "integer of T": ptype}
    value = returned_integer("T", register, cache)
    assert value is not None and value.value.text == shown and value.value.type == "T"
    assert value.text == f"((T){register:#x})"


@pytest.mark.parametrize("ptype", ["char", "_Bool", "enum color", "double", "struct x *"])
def test_other_types_are_asked_of_gdb(ptype):
    assert returned_integer("T", 65, {"result type of T": "T", "integer of T": ptype}) is None
    assert returned_integer("T", 65, {}) is None  # never seen: GDB says what it is first
