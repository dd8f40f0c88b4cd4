"""The debugger's magics: breakpoints, stepping and looking around a stopped guest.

Path of a debugging session: `%break sq` (Debugger.add) -> a cell calls sq -> the call stops
there and the cell shows where (GuestStopped, printed by the magic guard as plain output) ->
`%next`, `%step`, `%finish`, `%until`, `%continue` (Debugger.resume) show the next stop, or the
call's value once it returns -> `%bt`, `%frame`, `%locals` and plain C expressions look around
the stopped frame. Every magic here is listed once in magic_table.MAGICS (group "debug").
"""

from __future__ import annotations

import shlex

from ..guest import Guest, GuestError
from ..options import ArgumentParser
from .cell_output import DisplayedValue, print_line, shown

_print = print_line


def _spec_and_condition(line: str, magic: str) -> tuple[str, str]:
    """`LOCATION [if COND]` -> (LOCATION, COND)."""
    where, sep, condition = line.strip().partition(" if ")
    if not where.strip():
        raise GuestError(f"%{magic} needs a place", f"e.g. %{magic} sq, %{magic} tour.c:20, %{magic} cell3:2")
    return where.strip(), condition.strip() if sep else ""


def _number(text: str, magic: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise GuestError(f"%{magic}: {text!r} is not a breakpoint number", "%breaks lists them") from None


class DebugMagics:
    """The debugger's magics over one guest."""

    def __init__(self, guest: Guest) -> None:
        self.guest = guest

    # -- breakpoints ---------------------------------------------------------

    def _add(self, kind: str, line: str) -> None:
        where, condition = _spec_and_condition(line, kind)
        breakpoint = self.guest.debugger.add(kind, where, condition)
        what = "watchpoint" if breakpoint.is_watch else "breakpoint"
        extra = f" if {condition}" if condition else ""
        _print(f"[ukrepl] {what} {breakpoint.number}: {kind} {where}{extra}")
        if breakpoint.is_watch and (caveat := self.guest.debugger.watch_caveat()):
            _print(f"[ukrepl] note: {caveat}")

    def break_magic(self, line: str) -> None:
        """%break LOCATION [if COND]"""
        self._add("break", line)

    def tbreak_magic(self, line: str) -> None:
        """%tbreak LOCATION [if COND]: a breakpoint that goes once hit."""
        self._add("tbreak", line)

    def watch_magic(self, line: str) -> None:
        """%watch EXPR: stop where it is written."""
        self._add("watch", line)

    def rwatch_magic(self, line: str) -> None:
        """%rwatch EXPR: stop where it is read."""
        self._add("rwatch", line)

    def awatch_magic(self, line: str) -> None:
        """%awatch EXPR: stop where it is read or written."""
        self._add("awatch", line)

    def breaks_magic(self, line: str) -> None:
        """%breaks [enable|disable|delete N ...]"""
        words = shlex.split(line)
        if words:
            action, numbers = words[0], words[1:]
            if action not in ("enable", "disable", "delete") or not numbers:
                raise GuestError(f"%breaks {line}: not understood", "%breaks [enable|disable|delete N ...]")
            for number in (_number(n, "breaks") for n in numbers):
                if action == "delete":
                    self.guest.debugger.delete(number)
                else:
                    self.guest.debugger.enable(number, action == "enable")
        rows = [
            f"{b.number:3}  {b.kind:7} {'on ' if b.enabled else 'off'}  {b.hits:4} hit(s)  {b.where}"
            + (f" if {b.condition}" if b.condition else "")
            for b in self.guest.debugger.listing()
        ]
        _print("\n".join(rows) if rows else "no breakpoints or watchpoints")

    def delete_magic(self, line: str) -> None:
        """%delete N [N ...]"""
        if not line.split():
            raise GuestError("%delete needs breakpoint numbers", "%breaks lists them")
        for word in line.split():
            self.guest.debugger.delete(_number(word, "delete"))

    # -- resuming ------------------------------------------------------------

    def _resume(self, how: str, location: str = "") -> DisplayedValue | None:
        debugger = self.guest.debugger
        callee = debugger.pending.callee if debugger.pending else ""
        value = debugger.resume(how, location)
        self.guest.flush_console()
        name = "the cell's code" if callee.startswith("0x") else callee
        _print(f"[ukrepl] {name} returned; the guest is parked again")
        return shown(value)

    def continue_magic(self, line: str) -> DisplayedValue | None:
        """Run on until the next stop, or until the stopped call returns (then its value)."""
        return self._resume("continue")

    def next_magic(self, line: str) -> DisplayedValue | None:
        """One source line, calls run through."""
        return self._resume("next")

    def step_magic(self, line: str) -> DisplayedValue | None:
        """One source line, into calls."""
        return self._resume("step")

    def finish_magic(self, line: str) -> DisplayedValue | None:
        """Until the selected frame returns."""
        return self._resume("finish")

    def until_magic(self, line: str) -> DisplayedValue | None:
        """%until [LOCATION]: past the current line (out of a loop), or to LOCATION."""
        return self._resume("until", line.strip())

    # -- looking around ------------------------------------------------------

    def bt_magic(self, line: str) -> None:
        """%bt [--all-cpus]"""
        parser = ArgumentParser(prog="%bt", add_help=False)
        parser.add_argument("--all-cpus", action="store_true")
        args = parser.parse_args(shlex.split(line))
        debugger = self.guest.debugger
        cpus = range(debugger.cpu_count()) if args.all_cpus else [debugger.cpu]
        for cpu in cpus:
            mark = " (stopped here)" if cpu == debugger.cpu else ""
            _print(f"--- CPU {cpu}{mark} ---")
            _print("\n".join(str(f) for f in debugger.frames(cpu)))

    def frame_magic(self, line: str) -> None:
        """%frame N: select a frame of the stopped CPU (expressions and %locals then use it)."""
        if not line.strip():
            raise GuestError("%frame needs a frame number", "%bt lists the frames")
        try:
            level = int(line)
        except ValueError:
            raise GuestError(f"%frame: {line!r} is not a frame number", "%bt lists the frames") from None
        _print(str(self.guest.debugger.select_frame(level)))

    def locals_magic(self, line: str) -> None:
        """Arguments and locals of the selected frame."""
        variables = self.guest.debugger.variables()
        rows = [f"{'arg ' if arg else ''}{name} = {value}" for name, value, arg in variables]
        _print("\n".join(rows) if rows else "no arguments or locals here")

    def print_magic(self, line: str) -> DisplayedValue | None:
        """%print EXPR: a C expression in the selected frame (a plain cell does the same)."""
        if not line.strip():
            raise GuestError("%print needs an expression", "e.g. %print y * 2")
        return shown(self.guest.evaluate(line))
