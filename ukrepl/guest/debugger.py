"""The guest under a debugger: breakpoints and watchpoints, a call stopped where the user asked,
stepping, and every CPU's frames.

Path of a stop: a cell's call (guest.calls) continues the boot CPU -> GDB reports a *stopped
record at a breakpoint, watchpoint or step of the user's, not at ukrepl_call_return ->
CallRunner hands it to Debugger.stopped_in_call, which keeps the call's saved registers (the
call is still under way) and raises GuestStopped: the cell ends showing where, and the guest
is State.STOPPED. The next cells are %next, %step, %finish, %until, %continue (Debugger.resume)
or looks around (%bt, %frame, %locals, plain expressions in the selected frame). When the
resumed call reaches ukrepl_call_return, the registers are put back and resume returns the
call's value, as the cell that started it would have shown it.

Under TCG breakpoints are software ones; under KVM (where an int3 kills the guest) they take the
CPU's debug registers, of which the host keeps three for itself (idle, crash, call return).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from ..target.gdbmi import GdbError, MiSession, mi_quote, stop_reason, stop_reasons
from .calls import CALL_RETURN, CALL_TRAP, CallHost, CallRunner, PendingCall
from .errors import GuestCrashed, GuestError, GuestStopped
from .stepping import StatementStarts, step_statement
from .values import State, Value

IDLE, CRASHED = "ukrepl_idle", "ukrepl_crashed"
KVM_DEBUG_REGISTERS, HOST_TRAPS = 4, 3  # x86 has four; idle, crash and call return take three
USER_STOPS = {
    "breakpoint-hit",
    "watchpoint-trigger",
    "read-watchpoint-trigger",
    "access-watchpoint-trigger",
    "end-stepping-range",
    "function-finished",
    "location-reached",
}
RESUME_COMMANDS = {
    "continue": "-exec-continue",
    "next": "-exec-next",
    "step": "-exec-step",
    "finish": "-exec-finish",
    "until": "-exec-until",
}
WATCH_FLAGS = {"watch": "", "rwatch": "-r ", "awatch": "-a "}
NEXT_STEPS = "%next, %step, %finish or %continue; %bt, %locals and plain expressions look around"


class DebugHost(CallHost, Protocol):
    """What the debugger needs of the guest besides what a call does."""

    accel: str

    def cell_source(self, number: int) -> str | None: ...


@dataclass
class Breakpoint:
    number: int
    kind: str  # break, tbreak, watch, rwatch, awatch
    where: str  # as the user wrote it: sq, tour.c:20, cell3:2, an expression for watchpoints
    condition: str = ""
    enabled: bool = True
    hits: int = 0

    @property
    def is_watch(self) -> bool:
        return self.kind in WATCH_FLAGS


@dataclass(frozen=True)
class Frame:
    level: int
    function: str
    file: str  # as the user knows it: cell3.c, tour.c
    line: int | None
    address: int
    path: str = ""  # the full path GDB has, for reading source

    def __str__(self) -> str:
        place = f" at {self.file}:{self.line}" if self.line else ""
        return f"#{self.level} {self.function or hex(self.address)}{place}"


@dataclass
class Debugger:
    host: DebugHost
    calls: CallRunner
    breakpoints: dict[int, Breakpoint] = field(default_factory=dict)
    pending: PendingCall | None = None
    cpu: int = 0  # where the guest stopped (GDB thread cpu + 1)
    statements: StatementStarts = field(default_factory=StatementStarts)
    stop: dict = field(default_factory=dict)  # the *stopped record of the last stop of the user's
    pausing: bool = False  # pause() interrupted the running guest: its SIGINT stop is the user's

    # -- breakpoints ---------------------------------------------------------

    def add(self, kind: str, where: str, condition: str = "") -> Breakpoint:
        """A breakpoint (break, tbreak) at a function, file:line or cellN:line, or a watchpoint
        (watch, rwatch, awatch) on an expression; `condition` a C expression."""
        mi = self.host.session(inspecting=True)
        self.host.sync_cell_symbols()
        self._check_slots()
        if kind in WATCH_FLAGS:
            command = f"-break-watch {WATCH_FLAGS[kind]}{mi_quote(where)}"
        else:
            flags = ("-t " if kind == "tbreak" else "") + ("-h " if self.host.accel == "kvm" else "")
            flags += f"-c {mi_quote(condition)} " if condition else ""
            command = f"-break-insert {flags}{mi_quote(_gdb_location(where))}"
        try:
            result = mi.command(command)
        except GdbError as err:
            raise GuestError(
                f"%{kind} {where}: {err}",
                "name a function, FILE:LINE of the kernel, or cellN:LINE of a C cell that defines code",
            ) from None
        record = next(
            iter(v for k, v in result.payload.items() if k in ("bkpt", "wpt", "hw-rwpt", "hw-awpt"))
        )
        if kind in WATCH_FLAGS and condition:
            self._command(f"-break-condition {record['number']} {condition}")
        breakpoint = Breakpoint(int(record["number"]), kind, where, condition)
        self.breakpoints[breakpoint.number] = breakpoint
        return breakpoint

    def watch_caveat(self) -> str:
        """What a watchpoint may miss on this guest ('' if nothing)."""
        if self.host.accel != "tcg" or self.cpu_count() < 2:
            return ""
        return (
            "QEMU's multi-threaded TCG can miss another CPU's first write to a watched variable; "
            "%boot --accel tcg-single (the CPUs take turns on one thread) sees every one"
        )

    def _check_slots(self) -> None:
        """Under KVM every breakpoint and watchpoint takes a debug register."""
        if self.host.accel != "kvm":
            return
        free = KVM_DEBUG_REGISTERS - HOST_TRAPS
        if sum(b.enabled for b in self.breakpoints.values()) >= free:
            raise GuestError(
                f"KVM gives the guest {KVM_DEBUG_REGISTERS} hardware breakpoints and ukrepl keeps "
                f"{HOST_TRAPS} for itself: {free} is in use",
                "%delete or disable one (%breaks lists them), or %boot --accel tcg for as many as you like",
            )

    def delete(self, number: int) -> None:
        self._known(number)
        self._command(f"-break-delete {number}")
        del self.breakpoints[number]

    def enable(self, number: int, enabled: bool) -> None:
        breakpoint = self._known(number)
        if enabled and not breakpoint.enabled:
            self._check_slots()
        self._command(f"-break-{'enable' if enabled else 'disable'} {number}")
        breakpoint.enabled = enabled

    def listing(self) -> list[Breakpoint]:
        """The breakpoints with their hit counts, as GDB keeps them."""
        if self.breakpoints:
            table = self._command("-break-list").payload["BreakpointTable"]["body"]
            for record in table:
                breakpoint = self.breakpoints.get(int(record["number"]))
                if breakpoint is not None:
                    breakpoint.hits = int(record.get("times", 0))
        return list(self.breakpoints.values())

    def _known(self, number: int) -> Breakpoint:
        if number not in self.breakpoints:
            raise GuestError(f"no breakpoint {number}", "%breaks lists them")
        return self.breakpoints[number]

    def _command(self, command: str):
        try:
            return self.host.session(inspecting=True).command(command)
        except GdbError as err:
            raise GuestError(str(err)) from None

    # -- stopping and resuming -----------------------------------------------

    def owns(self, stop: dict) -> bool:
        """A stop of the user's: a breakpoint or watchpoint of theirs, or the end of a step."""
        func = stop.get("frame", {}).get("func", "")
        reasons = stop_reasons(stop)
        if self.pausing and "signal-received" in reasons and func not in (CRASHED, CALL_TRAP):
            return True
        if func in (IDLE, CRASHED, CALL_TRAP) or not USER_STOPS.intersection(reasons):
            return False
        return "breakpoint-hit" not in reasons or int(stop.get("bkptno", 0)) in self.breakpoints

    def stopped_in_call(self, stop: dict, pending: PendingCall) -> GuestStopped:
        """Keep the stopped call, and the error that ends the cell showing where."""
        self.pending = pending
        return self._stopped(stop)

    def pause(self) -> None:
        """Stop the guest where it runs (a debugger panel's pause): the call in progress stops as at
        a breakpoint. Safe from another thread than the one waiting for the call."""
        if self.host.state is not State.RUNNING:
            raise GuestError("nothing runs in the guest to pause", "run a call, or set a breakpoint first")
        self.pausing = True
        self.host.target.mi.interrupt()

    def _stopped(self, stop: dict) -> GuestStopped:
        self.host.state = State.STOPPED
        self.stop, self.pausing = stop, False
        self.cpu = int(stop.get("thread-id", "1")) - 1
        if "breakpoint-hit" in stop_reasons(stop):
            number = int(stop.get("bkptno", 0))
            if self.breakpoints.get(number, Breakpoint(0, "", "")).kind == "tbreak":
                del self.breakpoints[number]  # GDB deleted it as it hit
        return GuestStopped(self.describe(stop), NEXT_STEPS)

    def describe(self, stop: dict) -> str:
        """Where the guest stopped and why, with the source lines around."""
        frame = self._frame(stop.get("frame", {}), 0)
        if any("watchpoint" in r for r in stop_reasons(stop)):
            # The CPU stops after the access: the statement that made it is the one before the pc.
            frame = replace(frame, line=self._line_at(frame.address - 1) or frame.line)
        lines = [f"[ukrepl] stopped on CPU {self.cpu} in {frame.function or hex(frame.address)}"]
        lines[0] += f" ({frame.file}:{frame.line})" if frame.line else ""
        lines[0] += f": {_reason(stop)}"
        lines += self._source_around(frame)
        return "\n".join(lines)

    def resume(self, how: str, location: str = "") -> Value | None:
        """Continue or step the stopped guest. The value of the stopped call if it returned (None for
        a call whose value is not shown); GuestStopped if it stopped again."""
        if self.host.state is not State.STOPPED or self.pending is None:
            raise GuestError("the guest is not stopped in a call", "set a breakpoint with %break, then call")
        if how != "continue" and self.host.accel == "kvm":
            raise GuestError(
                f"%{how} needs software breakpoints (GDB's stepping plants int3s), and an int3 kills the "
                "guest under this host's KVM",
                "%break the next place and %continue, or %boot --accel tcg to step",
            )
        mi = self.host.session(inspecting=True)
        self.host.state = State.RUNNING
        command = RESUME_COMMANDS[how] + (f" {mi_quote(_gdb_location(location))}" if location else "")
        mi.command(f"-thread-select {self.cpu + 1}")
        try:
            if how in ("next", "step"):
                stop = step_statement(mi, self.statements, how == "step", self.host.on_wake)
            else:
                mi.command(command)
                stop = mi.wait_stopped(self.host.on_wake)
        except KeyboardInterrupt:
            mi.interrupt()  # the stop button: stopped again wherever it is, nothing abandoned
            stop = mi.wait_stopped(self.host.on_wake)
        return self._after_resume(mi, stop)

    def _after_resume(self, mi: MiSession, stop: dict) -> Value | None:
        host, pending = self.host, self.pending
        func = stop.get("frame", {}).get("func", "")
        if func == CALL_TRAP:
            self.pending = None
            host.after_stop(stop)
            rax = self.calls.finish(stop)
            return None if pending.rtype is None else Value(*self._formatted(mi, pending.rtype, rax))
        if func == CRASHED:
            self.pending = None
            host.after_stop(stop)
            raise GuestCrashed(host.crash_report, host.crash_site(host.crash_report))
        raise self._stopped(stop)

    @staticmethod
    def _formatted(mi: MiSession, rtype: str, rax: int) -> tuple[str, str]:
        if rtype == "void":
            return "", "void"
        return mi.evaluate(f"({rtype}){rax:#x}"), rtype

    def forget(self) -> None:
        """The guest is gone: GDB with its breakpoints and any stopped call."""
        self.breakpoints.clear()
        self.pending = None
        self.statements.forget()

    # -- looking around ------------------------------------------------------

    def frames(self, cpu: int | None = None) -> list[Frame]:
        """The call stack of a CPU (the stopped one by default), innermost first."""
        thread = (self.cpu if cpu is None else cpu) + 1
        records = self._command(f"-stack-list-frames --thread {thread}").payload["stack"]
        frames = []
        call_return = self.host.symbols.address(CALL_RETURN)
        for n, record in enumerate(records):
            frame = self._frame(record, int(record.get("level", n)))
            if call_return <= frame.address < call_return + 16:  # below: the parked CPU, not the call
                frames.append(Frame(frame.level, "<the host's call, from a notebook cell>", "", None, 0))
                break
            frames.append(frame)
        return frames

    def cpu_count(self) -> int:
        return len(self._command("-thread-info").payload["threads"])

    def select_frame(self, level: int) -> Frame:
        self._command(f"-thread-select {self.cpu + 1}")
        self._command(f"-stack-select-frame {level}")
        records = self._command(f"-stack-info-frame --thread {self.cpu + 1} --frame {level}")
        return self._frame(records.payload["frame"], level)

    def variables(self) -> list[tuple[str, str, bool]]:
        """(name, value, is an argument) of the selected frame's arguments and locals."""
        records = self._command("-stack-list-variables --all-values").payload["variables"]
        return [(r["name"], r.get("value", "<optimized out>"), r.get("arg") == "1") for r in records]

    def _frame(self, record: dict, level: int) -> Frame:
        line = record.get("line")
        return Frame(
            level,
            record.get("func", ""),
            Path(record.get("file", "")).name,
            int(line) if line else None,
            int(record.get("addr", "0"), 16),
            record.get("fullname", ""),
        )

    def _line_at(self, address: int) -> int | None:
        try:
            answer = self.host.session(inspecting=True).console(f"info line *{address:#x}")
        except GdbError:
            return None
        match = re.match(r"Line (\d+) of", answer)
        return int(match.group(1)) if match else None

    def _source_around(self, frame: Frame, context: int = 2) -> list[str]:
        if not frame.line:
            return []
        text = None
        if frame.file.startswith("cell") and frame.file.endswith(".c"):
            with contextlib.suppress(ValueError):
                text = self.host.cell_source(int(frame.file[4:-2]))
        elif frame.path:
            with contextlib.suppress(OSError):
                text = Path(frame.path).read_text(errors="replace")
        if text is None:
            return []
        source = text.splitlines()
        first, last = max(1, frame.line - context), min(len(source), frame.line + context)
        return [f"{'>' if n == frame.line else ' '}{n:5}  {source[n - 1]}" for n in range(first, last + 1)]


def _gdb_location(where: str) -> str:
    """cellN:LINE is the cell's file as the compiler named it (#line "cellN.c")."""
    head, sep, line = where.partition(":")
    if sep and head.startswith("cell") and head[4:].isdigit():
        return f"cell{head[4:]}.c:{line}"
    return where


def _reason(stop: dict) -> str:
    reason = stop_reason(stop) if "breakpoint-hit" not in stop_reasons(stop) else "breakpoint-hit"
    if reason == "breakpoint-hit":
        return f"breakpoint {stop.get('bkptno')}"
    if "watchpoint" in reason:
        watch = stop.get("wpt") or stop.get("hw-rwpt") or stop.get("hw-awpt") or {}
        value = stop.get("value", {})
        change = f" ({value['old']} -> {value['new']})" if "old" in value else ""
        change = change or (f" (value {value['value']})" if "value" in value else "")
        return f"watchpoint {watch.get('number')} on {watch.get('exp')}{change}"
    return {
        "end-stepping-range": "step done",
        "function-finished": "returned",
        "location-reached": "until reached",
        "signal-received": "paused",
    }.get(reason, reason)
