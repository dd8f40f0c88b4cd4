"""Stepping by statements: %next and %step stop at the next statement, even one on the same line.

GDB's own `next` runs until the line number changes, so in a cell such as
`int sq(int x) { int y = x * x; return y; }` it leaves the function in one go.
Cells are written that way, so ukrepl steps one instruction at a time (over calls
for %next, into them for %step) until the program counter reaches the start of
another statement of the line table (GDB's -symbol-list-lines of the file), the
frame returns or goes deeper into code with lines (for %step), or something else
stops it (a breakpoint, a crash). Past STEP_LIMIT instructions (a long loop on one
statement) GDB's own `next` or `step` finishes the job.

Path: Debugger.resume("next") -> step_statement -> -exec-next-instruction (or
-exec-step-instruction) and its *stopped record, repeated -> the last record, which the
debugger then treats as any other stop.
"""

from __future__ import annotations

from collections.abc import Callable

from ..target.gdbmi import MiSession, mi_quote, stop_reason

STEP_LIMIT = 2000  # instructions stepped one by one before GDB's own step takes over


class StatementStarts:
    """Where statements start, per source file, as GDB's line table has them (cached per boot)."""

    def __init__(self) -> None:
        self._files: dict[str, frozenset[int]] = {}

    def of(self, mi: MiSession, file: str) -> frozenset[int]:
        if file not in self._files:
            try:
                lines = mi.command(f"-symbol-list-lines {mi_quote(file)}").payload.get("lines", [])
            except Exception:  # a file GDB has no table for: no statements known
                lines = []
            self._files[file] = frozenset(int(e["pc"], 16) for e in lines if e.get("line") != "0")
        return self._files[file]

    def forget(self) -> None:
        """New code was loaded (a cell): line tables may have grown."""
        self._files.clear()


def step_statement(mi: MiSession, starts: StatementStarts, into: bool, on_wake: Callable[[], None]) -> dict:
    """Step the selected CPU to the next statement; the *stopped record where it ends."""
    frame = _frame(mi)
    origin, function, depth = int(frame["addr"], 16), frame.get("func", ""), _depth(mi)
    file = frame.get("fullname") or frame.get("file", "")
    command = "-exec-step-instruction" if into else "-exec-next-instruction"
    for _ in range(STEP_LIMIT):
        mi.command(command)
        stop = mi.wait_stopped(on_wake)
        if stop_reason(stop) != "end-stepping-range":
            return stop  # a breakpoint, a watchpoint, a crash, the call's return
        here = stop.get("frame", {})
        if here.get("func", "") == function:
            pc = int(here.get("addr", "0"), 16)
            if pc != origin and pc in starts.of(mi, file):
                return stop
            continue
        now = _depth(mi)
        if now < depth or (into and now > depth and here.get("line")):
            return stop  # back in the caller, or (%step) at the first statement of a callee
        if into and now > depth:
            mi.command("-exec-finish")  # a callee without lines (%step): out of it again
            stop = mi.wait_stopped(on_wake)
            if stop_reason(stop) != "function-finished":
                return stop
    mi.command("-exec-step" if into else "-exec-next")
    return mi.wait_stopped(on_wake)


def _frame(mi: MiSession) -> dict:
    return mi.command("-stack-info-frame").payload["frame"]


def _depth(mi: MiSession) -> int:
    return int(mi.command("-stack-info-depth").payload["depth"])
