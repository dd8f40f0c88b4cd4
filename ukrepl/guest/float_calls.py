"""Host calls with `float`/`double` arguments and results, passed in vector registers.

A call's floating arguments go, in order, to the first eight vector registers
(SysV's xmm0..xmm7, AAPCS64's v0..v7) and the others to the integer
registers; a SysV variadic callee learns from al how many xmm registers hold
arguments; a `float`/`double` result comes back in xmm0 / v0. QEMU's gdbstub
describes them, so GDB writes and reads them as `$xmm0.v2_double[0]` or
`$v0.d.f[0]` (call_convention.Convention.lane names them).

Only what calls.py needs: which arguments are floating (from the callee's
prototype), the commands that load them, and the expression that reads the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..target.gdbmi import GdbError, MiSession, mi_quote
from ..target.machine import evaluate_command
from .call_convention import Convention
from .errors import GuestError

FLOATING = ("float", "double")
XMM_ARGUMENTS = 8  # xmm0..xmm7 (v0..v7) carry arguments


@dataclass(frozen=True)
class Placement:
    """Where a call's arguments go: integer ones (C text) in order, xmm loads as MI commands."""

    integers: list[str]
    xmm_commands: list[str]
    variadic: bool  # or unprototyped: then SysV's callee reads how many xmm registers hold arguments

    @property
    def vector_count(self) -> int | None:
        """What a variadic callee is told of its xmm arguments; None for any other (it never asks)."""
        return len(self.xmm_commands) if self.variadic else None


def is_floating(ctype: str) -> bool:
    return ctype in FLOATING


def whatis(mi: MiSession, call_text: str, callee: str, cache: dict[str, str]) -> str:
    """GDB's `whatis call_text`, with the callee's prototype asked in the same round trip (and
    cached) the first time: calls cost no extra wait for it. GdbError as `whatis call_text` gives."""
    key = f"prototype of {callee}"
    if key in cache:
        return mi.console(f"whatis {call_text}")
    commands = [f"-interpreter-exec console {mi_quote(f'whatis {text}')}" for text in (call_text, callee)]
    try:
        typed, proto = mi.batch(commands)
    except GdbError:
        return mi.console(f"whatis {call_text}")  # its own error, if it is the one that failed
    cache[key] = proto.console.strip().removeprefix("type = ")
    return typed.console


def prototype(mi: MiSession, callee: str, cache: dict[str, str]) -> tuple[list[str], bool] | None:
    """The callee's parameter types and whether it is variadic; None if GDB shows no prototype.

    cache: the runner's types of this boot's symbols (cleared when cells change them).
    """
    key = f"prototype of {callee}"
    text = cache.get(key)
    if text is None:
        try:
            text = mi.console(f"whatis {callee}").strip().removeprefix("type = ")
        except GdbError:
            return None
        cache[key] = text
    inside = _last_group(text.strip())
    if inside is None:
        return None
    params = [p.strip() for p in _split(inside) if p.strip()]
    variadic = bool(params) and params[-1] == "..."
    params = [p for p in params if p not in ("...", "void")]
    return params, variadic


def _last_group(text: str) -> str | None:
    """The inside of the parentheses that end a function type: `int (*)(double, int)` -> `double, int`."""
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += text[i] == ")"
        depth -= text[i] == "("
        if depth == 0:
            return text[i + 1 : -1]
    return None


def _split(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


def place(
    mi: MiSession, callee: str, args: list[str], cache: dict[str, str], convention: Convention
) -> Placement:
    """Split args between integer and xmm registers by the callee's prototype.

    Arguments past the named parameters of a variadic callee are floating when
    GDB types them so (`printf("%f", 2.5)`): the default promotions make them double.
    """
    proto = prototype(mi, callee, cache)
    params, variadic = proto if proto else ([], False)
    if proto and "long double" in params:
        raise GuestError(f"{callee} takes a long double: x87 arguments are not supported")
    integers, xmm = [], []
    for i, arg in enumerate(args):
        ctype = params[i] if i < len(params) else _promoted(mi, arg) if variadic or not proto else "long"
        if is_floating(ctype):
            if len(xmm) == XMM_ARGUMENTS:
                raise GuestError(f"{callee}: at most {XMM_ARGUMENTS} floating arguments can be passed")
            xmm.append(evaluate_command(f"{convention.lane(len(xmm), ctype)} = ({ctype})({arg})"))
        else:
            integers.append(arg)
    return Placement(integers, xmm, variadic or not proto)


def _promoted(mi: MiSession, arg: str) -> str:
    """The type a variadic argument is passed as: floating ones become double."""
    try:
        ctype = mi.console(f"whatis {arg}").strip().removeprefix("type = ")
    except GdbError:
        return "long"
    return "double" if ctype in ("float", "double") else "long"


def result_command(rtype: str, convention: Convention) -> str:
    """The MI command that reads a floating result from the first vector register."""
    return evaluate_command(convention.lane(0, rtype))
