"""Argument types against prototypes (guest/arg_types.py), on GDB's answers written out by hand."""

from __future__ import annotations

import pytest

from ukrepl.guest.arg_types import Kind, check_argument_types, gdb_type, kind_of
from ukrepl.guest.errors import GuestError

# What GDB answers, as its console prints it.
GDB = {
    "whatis (3)": "type = int",
    "whatis (0)": "type = int",
    "whatis (0x400000)": "type = int",
    "whatis (1.5)": "type = double",
    'whatis ("abc")': "type = char [4]",
    "whatis (origin)": "type = struct point",
    "whatis (&origin)": "type = struct point *",
    "whatis (buf)": "type = char *",
    "whatis (n)": "type = size_t",
    "whatis (tour_fib)": "type = int (int)",
    "whatis (sqq(2))": "type = int",
    "whatis (nothing())": "type = void",
    "ptype size_t": "type = unsigned long",
    "ptype __lcpuidx": "type = unsigned int",
    "ptype point_t": "type = struct point {\n    int x;\n    int y;\n}",
    "ptype entry_t": "type = void (*)(void)",
}


def console(command: str) -> str:
    if command not in GDB:
        raise RuntimeError(f'No symbol "{command}" in current context.')
    return GDB[command]


def check(params: list[str], *args: str) -> None:
    check_argument_types("f", params, list(args), console)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("int", Kind.INTEGER),
        ("unsigned long", Kind.INTEGER),
        ("const volatile unsigned char", Kind.INTEGER),
        ("enum lcpu_state", Kind.INTEGER),
        ("_Bool", Kind.INTEGER),
        ("char *", Kind.POINTER),
        ("const char * const", Kind.POINTER),
        ("char [4]", Kind.POINTER),
        ("int (int)", Kind.POINTER),
        ("void (*)(struct __regs *, void *)", Kind.POINTER),
        ("struct point", Kind.RECORD),
        ("const union u", Kind.RECORD),
        ("type = struct point {\n    int x;\n} *", Kind.POINTER),
        ("double", Kind.FLOATING),
        ("long double", Kind.FLOATING),
        ("void", Kind.VOID),
        ("size_t", Kind.INTEGER),  # through ptype
        ("point_t", Kind.RECORD),
        ("entry_t", Kind.POINTER),
        ("no_such_t", Kind.UNKNOWN),
    ],
)
def test_kinds_of_types(text, kind):
    assert kind_of(text, lambda name: console(f"ptype {name}")) is kind


def test_gdb_type_drops_bodies():
    assert gdb_type("type = struct point {\n    int x;\n    int y;\n} *") == "struct point *"
    assert gdb_type("type = unsigned   long") == "unsigned long"


def test_matching_arguments_pass():
    check(["int"], "3")
    check(["size_t"], "n")
    check(["unsigned long"], "sqq(2)")
    check(["const char *"], '"abc"')
    check(["void *"], "&origin")  # pointers of other pointee types pass, as in GDB
    check(["struct point *"], "0")  # the null pointer constant
    check(["int (*)(int)"], "tour_fib")  # a function decays to its address
    check(["long"], "1.5")  # C converts a double to an integer parameter
    check(["const char *", "..."], '"abc"', "3", "buf")  # variadic: integers and pointers
    check(["int"], "unknown_thing")  # GDB cannot type it: the call itself will say


def test_an_integer_for_a_pointer_is_refused_with_the_cast_to_write():
    with pytest.raises(GuestError) as err:
        check(["struct uk_alloc *", "size_t"], "0x400000", "n")
    assert err.value.message == (
        "f: argument 1 (0x400000) is int: "
        "f(struct uk_alloc *, size_t) takes a pointer (struct uk_alloc *) there"
    )
    assert err.value.hint == "pass a pointer, or cast an address: (struct uk_alloc *)0x400000"


def test_a_pointer_for_an_integer_is_refused():
    with pytest.raises(GuestError) as err:
        check(["int", "__lcpuidx"], "3", "buf")
    assert (
        "argument 2 (buf) is char *: f(int, __lcpuidx) takes an integer (__lcpuidx) there"
        in err.value.message
    )
    assert err.value.hint == "pass an integer, or cast the pointer: (__lcpuidx)(buf)"


def test_structs_and_floats_cannot_go_through_registers():
    with pytest.raises(GuestError) as err:
        check(["struct point"], "origin")
    assert "takes struct point by value, which ukrepl's calls cannot pass" in err.value.message
    assert "C cell" in err.value.hint
    with pytest.raises(GuestError) as err:
        check(["point_t"], "origin")  # a typedef of a struct
    assert "by value" in err.value.message
    with pytest.raises(GuestError) as err:
        check(["int"], "origin")
    assert "argument 1 (origin) is struct point: f(int) takes int there" in err.value.message
    assert "&s" in err.value.hint
    with pytest.raises(GuestError) as err:
        check(["double"], "1.5")
    assert "takes double" in err.value.message and "C cell" in err.value.hint
    with pytest.raises(GuestError) as err:
        check(["const char *", "..."], '"abc"', "1.5")  # printf("%f", 1.5)
    assert "argument 2 (1.5) is double" in err.value.message and "(long)(1.5)" in err.value.hint


def test_a_void_argument_is_refused():
    with pytest.raises(GuestError) as err:
        check(["int"], "nothing()")
    assert "is void" in err.value.message and err.value.hint == "pass a value"
