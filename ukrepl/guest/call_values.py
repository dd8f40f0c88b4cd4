"""A call's type and value without round trips of their own: what calls.py asks GDB only when it must.

Path of a call's value: the call's C type, read off the callee's cached prototype
(`result_type`) when GDB's `whatis` of the call could say nothing else -> the call
runs (calls.py) -> it stops in ukrepl_call_returned(value), and GDB's *stopped
record shows that argument: the result register (`trapped_value`) -> a plain
integer type seen before is shown from it at once (`returned_integer`); otherwise,
while rax/x0 (or xmm0/v0) still holds the value, `result_reads` ask GDB in one
batch and `returned` turns their results into the Value GDB would show for the
call, and the C text that stands for it in the rest of the expression. An
expression that is a lone call is then answered without evaluating that text again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..target.gdbmi import MiResult, mi_quote
from ..target.machine import evaluate_command
from . import float_calls
from .call_convention import Convention
from .values import Value

# What an argument or set-up command is when evaluating it cannot fail: a number, a value
# substituted for a call (`((int)0x37)`), a placed string (`((char *)0x...)`), a memory write.
_CONSTANT = re.compile(r"-?(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|\(\([\w *]+\)-?(0x[0-9a-f]+|\d+)\)")
_PLAIN_FUNCTION = re.compile(r"([^()]+?)\s*\(([^()]*)\)")  # `int (int, char *)`, not pointers to functions
# The integer types GDB shows as a plain decimal number (as `ptype` spells them): bits, signed.
_INTEGERS = {
    "int": (32, True),
    "unsigned int": (32, False),
    "short": (16, True),
    "unsigned short": (16, False),
    "long": (64, True),
    "unsigned long": (64, False),
    "long long": (64, True),
    "unsigned long long": (64, False),
}
_REGISTER = (1 << 64) - 1


@dataclass
class Returned:
    """A call's value as GDB shows it, and the C text that stands for it in the expression."""

    text: str
    value: Value


# Set-up commands that only write guest memory: bytes given, or a file the cell loader wrote restored
_MEMORY_WRITES = ("-data-write-memory-bytes ", '-interpreter-exec console "restore ')


def cannot_fail(text: str) -> bool:
    """Whether GDB can evaluate this argument, or run this set-up command, without an error."""
    return text.startswith(_MEMORY_WRITES) or _CONSTANT.fullmatch(text) is not None


def result_type(callee: str, args: list[str], cache: dict[str, str]) -> str | None:
    """The type of callee(args) as `whatis` of the call would say it, read off the callee's cached
    prototype (float_calls keeps it) when that cannot go wrong: a plain function type, as many
    arguments as it names, each a constant. None otherwise: then GDB is asked."""
    match = _PLAIN_FUNCTION.fullmatch(cache.get(f"prototype of {callee}", ""))
    if match is None or not all(map(cannot_fail, args)):
        return None
    inner = match.group(2).strip()
    if not inner or "..." in inner:  # unprototyped or variadic: GDB's rules, not ours
        return None
    count = 0 if inner == "void" else inner.count(",") + 1
    return match.group(1) if count == len(args) else None


def trapped_value(stop: dict, name: str = "value") -> int | None:
    """A result register as the stop in ukrepl_call_returned(long value, long high) shows it as an
    argument (`high`: the second register of a two-register result); None when the record has no
    such argument (then the register is read)."""
    args = stop.get("frame", {}).get("args") or []
    text = next((a.get("value") for a in args if a.get("name") == name), None)
    try:
        return int(text, 0) & _REGISTER if text is not None else None
    except ValueError:  # <optimized out>, or anything else that is not a number
        return None


def returned_integer(rtype: str, rax: int, cache: dict[str, str]) -> Returned | None:
    """The call's value without asking GDB, for an integer type result_reads have seen before (None
    for any other): the register cut to the type's width, as GDB prints it."""
    shape = _INTEGERS.get(cache.get(f"integer of {rtype}", ""))
    shown = cache.get(f"result type of {rtype}")
    if shape is None or shown is None:
        return None
    bits, signed = shape
    value = rax & ((1 << bits) - 1)
    if signed and value >> (bits - 1):
        value -= 1 << bits
    return Returned(f"(({rtype}){rax:#x})", Value(str(value), shown))


def result_reads(rtype: str | None, cache: dict[str, str], convention: Convention) -> list[str]:
    """MI commands that read a call's value, as GDB shows it, while its registers hold it (and its
    type and what it is made of, the first time for this C type)."""
    if rtype is None or rtype == "void":
        return []
    held = f"(({rtype})${convention.result})"
    floating = float_calls.is_floating(rtype)
    reads = [float_calls.result_command(rtype, convention) if floating else evaluate_command(held)]
    if f"result type of {rtype}" not in cache:
        reads.append(f"-interpreter-exec console {mi_quote('whatis ' + held)}")
        reads.append(f"-interpreter-exec console {mi_quote('ptype ' + held)}")
    return reads


def returned(rtype: str, rax: int, results: list[MiResult], cache: dict[str, str]) -> Returned:
    """The call's value from the results of result_reads."""
    value = results[0].payload["value"]
    key = f"result type of {rtype}"
    if key not in cache:
        cache[key] = results[1].console.strip().removeprefix("type = ")
        cache[f"integer of {rtype}"] = results[2].console.strip().removeprefix("type = ")
    text = f"(({rtype}){value})" if float_calls.is_floating(rtype) else f"(({rtype}){rax:#x})"
    return Returned(text, Value(value, cache[key]))
