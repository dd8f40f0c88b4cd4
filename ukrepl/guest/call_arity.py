"""How many arguments a guest function takes, read off its prototype as GDB prints it.

Path: calls.CallRunner._perform hands the callee and its argument texts to
`check_arity` -> the callee's prototype (`whatis`, or the cached one float_calls
keeps) -> `parameters` splits GDB's text of the type into parameter types -> a
GuestError naming the prototype when the count does not fit, before the guest runs.
"""

from __future__ import annotations

from ..target.gdbmi import GdbError, MiSession
from .errors import GuestError


def parameters(ftype: str) -> list[str] | None:
    """The parameter types in GDB's text of a function (pointer) type; None when unprototyped."""
    text = ftype.strip().removeprefix("type = ")
    if not text.endswith(")"):
        return None
    depth, start = 0, None
    for i in range(len(text) - 1, -1, -1):  # the last parenthesized group is the parameter list
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            start = i
            break
    if start is None:
        return None
    inner = text[start + 1 : -1].strip()
    if inner == "":
        return None  # int f(): no prototype, any arguments
    params, depth, current = [], 0, ""
    for ch in inner:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            params.append(current.strip())
            current = ""
        else:
            current += ch
    params.append(current.strip())
    return [] if params == ["void"] else params


def check_arity(mi: MiSession, callee: str, args: list[str], cache: dict[str, str]) -> None:
    """GuestError when the number of arguments does not fit the callee's (cached) prototype, as GDB checks."""
    try:
        ftype = cache.get(f"prototype of {callee}") or mi.console(f"whatis {callee}")
    except GdbError:
        return  # GDB types it only once dereferenced, or not at all: the call itself will say
    params = parameters(ftype)
    if params is None:
        return
    variadic = params[-1:] == ["..."]
    fixed = params[:-1] if variadic else params
    if len(args) == len(fixed) or (variadic and len(args) > len(fixed)):
        return
    signature = f"{callee}({', '.join(params) or 'void'})"
    if len(args) < len(fixed):
        missing = ", ".join(f"argument {i + 1} ({t})" for i, t in enumerate(fixed) if i >= len(args))
        raise GuestError(
            f"{callee}: too few arguments: {len(args)} given, {signature} is missing {missing}",
            f"call it as {signature}",
        )
    raise GuestError(
        f"{callee}: too many arguments: {len(args)} given, {signature} takes {len(fixed)}",
        f"call it as {signature}",
    )
