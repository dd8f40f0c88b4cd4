"""Argument types against a callee's prototype: the check behind "which argument is wrong".

call_arity.py checks the number of arguments (`parameters`, `check_arity`); this
module checks what each one is. A byte's path: the prototype's parameter types
(GDB's text, `call_arity.parameters(whatis callee)`) and each argument's type (GDB's
`whatis (arg)`) are classified as integer, pointer, struct/union, floating or
void (`kind_of`); a typedef name is expanded through GDB's `ptype NAME`, asked
through the `console` callable the caller hands in (one GDB console command
in, its text out). `check_argument_types` then applies C's rules for passing
an argument, as far as ukrepl's calls can follow them: they pass every argument
in an integer register (SysV), so

- an integer where the prototype wants a pointer is refused unless it is the
  constant 0 (C's null pointer constant): cast an address to say it is one;
- a pointer (or array, or function) where it wants an integer is refused;
- a struct or union passed by value, and a floating-point parameter or
  argument, cannot go through integer registers at all: refused, with a C cell
  (which the compiler calls) as the way to do it;
- pointers of different pointee types are let through, as GDB does.

Pure text work over what GDB says, no guest access of its own.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable

from .errors import GuestError

INTEGER_WORDS = frozenset(
    ("char", "short", "int", "long", "signed", "unsigned", "_Bool", "bool", "__int128", "enum")
    + ("__signed__", "__signed", "__unsigned__")
)
FLOAT_WORDS = frozenset(("float", "double", "_Float32", "_Float64", "_Float128", "_Complex"))
QUALIFIERS = frozenset(("const", "volatile", "restrict", "__restrict", "__restrict__", "_Atomic"))
_NULL = re.compile(r"\(*\s*0[uUlL]*\s*\)*")  # C's null pointer constant, as written
_MAX_TYPEDEF_DEPTH = 8


class Kind(enum.Enum):
    INTEGER = "an integer"
    POINTER = "a pointer"
    RECORD = "a struct or union"
    FLOATING = "a floating-point number"
    VOID = "void"
    UNKNOWN = "unknown"  # a typedef nobody could expand: not checked


def gdb_type(text: str) -> str:
    """The type in GDB's answer ('type = struct p {\\n...\\n} *' -> 'struct p *'): bodies dropped."""
    text = text.strip().removeprefix("type = ").strip()
    if "{" in text:
        head, _, rest = text.partition("{")
        text = head.rstrip() + " " + rest.rpartition("}")[2].strip()
    return " ".join(text.split())


def kind_of(type_text: str, expand: Callable[[str], str] | None = None) -> Kind:
    """What a C type (GDB's spelling) is for passing; typedef names are expanded with `expand`."""
    for _ in range(_MAX_TYPEDEF_DEPTH):
        text = " ".join(w for w in gdb_type(type_text).split() if w not in QUALIFIERS)
        if text.endswith(("*", "]")) or "(*" in text or text.endswith(")"):
            return Kind.POINTER  # pointers; arrays and functions decay to pointers as arguments
        words = [w for w in re.findall(r"[A-Za-z_]\w*", text) if w not in QUALIFIERS]
        if not words:
            return Kind.UNKNOWN
        if words[0] in ("struct", "union"):
            return Kind.RECORD
        if any(w in FLOAT_WORDS for w in words):
            return Kind.FLOATING
        if words[0] in INTEGER_WORDS:
            return Kind.INTEGER
        if words == ["void"]:
            return Kind.VOID
        if len(words) != 1 or expand is None:
            return Kind.UNKNOWN
        try:
            expanded = expand(words[0])  # a typedef name: what it stands for
        except Exception:  # GDB does not know it: leave it unchecked
            return Kind.UNKNOWN
        if gdb_type(expanded) == text:
            return Kind.UNKNOWN
        type_text = expanded
    return Kind.UNKNOWN


def check_argument_types(
    callee: str, params: list[str], args: list[str], console: Callable[[str], str]
) -> None:
    """GuestError naming the first argument whose type cannot be passed for its parameter.

    params: the prototype's parameter types ('...' last for a variadic one),
    as call_arity.parameters reads them; args: the argument expressions; console:
    a GDB console command -> its text (for `whatis (arg)` and `ptype NAME`).
    The count is calls.py's to check: extra arguments of a variadic callee
    are only checked for being passable at all.
    """
    cache: dict[str, str] = {}

    def expand(name: str) -> str:
        if name not in cache:
            cache[name] = console(f"ptype {name}")
        return cache[name]

    variadic = params[-1:] == ["..."]
    fixed = params[:-1] if variadic else params
    signature = f"{callee}({', '.join(params) or 'void'})"
    for i, arg in enumerate(args):
        wanted = fixed[i] if i < len(fixed) else None
        if wanted is None and not variadic:
            return  # too many: calls.py says so
        try:
            arg_type = gdb_type(console(f"whatis ({arg})"))
        except Exception:  # GDB cannot type it: the call itself will say why
            continue
        problem = _problem(
            arg, kind_of(arg_type, expand), wanted, kind_of(wanted, expand) if wanted else None
        )
        if problem:
            message, hint = problem
            raise GuestError(
                f"{callee}: argument {i + 1} ({arg.strip()}) is {arg_type}: {message.format(signature)}", hint
            )


def _problem(arg: str, have: Kind, wanted_text: str | None, wanted: Kind | None) -> tuple[str, str] | None:
    """(what is wrong, with {} for the signature; what to do), or None when the argument passes."""
    in_a_cell = "call it from a C cell, where the compiler passes it"
    if wanted is Kind.RECORD:
        return (
            f"{{}} takes {wanted_text} by value, which ukrepl's calls cannot pass (registers only)",
            in_a_cell,
        )
    if wanted is Kind.FLOATING:
        return (
            f"{{}} takes {wanted_text}, which ukrepl's calls cannot pass (integer registers only)",
            in_a_cell,
        )
    if have is Kind.RECORD:
        where = (
            f"{{}} takes {wanted_text} there" if wanted_text else "a struct cannot be passed to {}'s '...'"
        )
        return where, "pass a member (s.x) or its address (&s)"
    if have is Kind.FLOATING and wanted is None:
        return "{} would get it in an integer register", f"{in_a_cell}, or cast it: (long)({arg.strip()})"
    if wanted is Kind.POINTER and have is Kind.INTEGER and not _NULL.fullmatch(arg.strip()):
        return (
            f"{{}} takes a pointer ({wanted_text}) there",
            f"pass a pointer, or cast an address: ({wanted_text}){arg.strip()}",
        )
    if wanted is Kind.INTEGER and have is Kind.POINTER:
        return (
            f"{{}} takes an integer ({wanted_text}) there",
            f"pass an integer, or cast the pointer: ({wanted_text})({arg.strip()})",
        )
    if have is Kind.VOID:
        return "a void expression has no value to pass", "pass a value"
    return None
