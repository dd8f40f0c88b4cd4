"""A GDB/MI session: token-matched commands on pygdbmi's record parser.

pygdbmi's own GdbController.write() waits 0.2 s of silence after every reply, so we
read GDB's stdout ourselves, parse each line with pygdbmi.gdbmiparser and return
the moment the result record carrying our token arrives. `*stopped` records are
queued for whoever resumed the target.

Path of a line: GDB's stdout pipe -> the waiting thread itself (wait_for: the
first waiter reads, in select(), while any other waits on the condition; no
reader thread, so a reply costs no hand-over between threads) -> MiRecords,
under the `wakeup` condition shared with the console reader -> every waiter
rechecks what it waits for. The console reader's notify_all also wakes the
thread in select() (Wakeup's eventfd), so a waiting caller streams the guest
console as it arrives.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import select
import signal
import subprocess
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pygdbmi.gdbmiparser import parse_response

from ..errors import UkreplError
from .qemu import die_with_parent

SIGNAL_CHECK_INTERVAL = 0.1  # seconds; see wait_for


class GdbError(UkreplError):
    """GDB answered a command with ^error; the message is GDB's own."""


class GdbDied(UkreplError):
    """The GDB process exited (or its pipes closed)."""

    hint = "use %reboot to start a new guest and GDB"


class GdbTimeout(UkreplError):
    """What was waited for (a stop, a result) did not come before the deadline."""

    hint = "use %reboot to start a new guest"


@dataclass
class MiResult:
    """A command's result record plus the console text GDB printed for it."""

    message: str  # done, running, connected, error, exit
    payload: dict
    console: str


def mi_quote(text: str) -> str:
    """Quote an argument as an MI c-string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


class MiRecords:
    """Where parsed MI records go: result records by token (with the console text GDB printed for
    that command), and *stopped records in order. Pure bookkeeping; the session's reading waiter
    feeds it under the session's lock."""

    def __init__(self) -> None:
        self.results: dict[int, MiResult] = {}
        self.stops: deque[dict] = deque()
        self.in_flight: set[int] = set()  # console text belongs to the oldest of these
        self._console: list[str] = []

    def wanted(self, line: str) -> bool:
        """Whether a line can matter to dispatch, judged before parsing it (parsing costs more than
        GDB's answer): results, *stopped, and console text while a command waits for it. Read by the
        reading waiter without the lock: a command's tokens are in flight before it is written."""
        head = line[:1]
        if head == "~":
            return bool(self.in_flight)
        return head == "^" or head.isdigit() or line.startswith("*stopped")

    def dispatch(self, record: dict) -> None:
        kind = record["type"]
        if kind == "console" and self.in_flight:
            self._console.append(record["payload"])
        elif kind == "result" and record["token"] is not None:
            self.results[record["token"]] = MiResult(
                record["message"], record["payload"] or {}, "".join(self._console)
            )
            self._console.clear()
            self.in_flight.discard(record["token"])
        elif kind == "notify" and record["message"] == "stopped":
            self._console.clear()  # "Breakpoint 1, ..." lines describe the stop, not a command
            self.stops.append(record["payload"] or {})

    def take_result(self, token: int) -> MiResult:
        """The result of `token`, removed; ^error raises GdbError with GDB's message."""
        return checked(self.results.pop(token))


class Wakeup(threading.Condition):
    """The condition a target's waits sleep on, which also wakes the thread that waits for GDB in
    select(): while one does (`selecting`), notify_all signals an eventfd it watches too."""

    def __init__(self) -> None:
        super().__init__()
        self.fd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)
        self.selecting = False  # read and written under the lock
        weakref.finalize(self, os.close, self.fd)

    def notify_all(self) -> None:
        super().notify_all()
        if self.selecting:
            os.eventfd_write(self.fd, 1)

    def clear(self) -> None:
        """Take back a signal given while nobody looked (the fd is non-blocking)."""
        with contextlib.suppress(BlockingIOError):
            os.eventfd_read(self.fd)


class MiSession:
    """One GDB process speaking MI3 on pipes."""

    def __init__(self, wakeup: Wakeup, gdb: str = "gdb") -> None:
        self.wakeup = wakeup
        self.process = subprocess.Popen(
            [gdb, "--interpreter=mi3", "-nx", "-q"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Jupyter's Ctrl-C must not reach GDB
            preexec_fn=die_with_parent,
        )
        self._tokens = itertools.count(1)
        self.records = MiRecords()
        self.dead = False
        self._out = self.process.stdout.fileno()
        self._unread = b""  # read from GDB, not yet a whole line
        self._reading = False  # a waiter is reading GDB's output (under the wakeup lock)

    # -- reading -------------------------------------------------------------

    def _read_output(self, wait: float) -> None:
        """As the reading waiter: wait up to `wait` s for GDB's output or a notify_all, then hand
        every whole line read to the records and wake the other waiters. Called with _reading set,
        which it clears; what was read survives a KeyboardInterrupt in select(). The lines are
        taken out of _unread before the role is given up: the next reader appends to it."""
        data, lines = None, []
        try:
            readable, _, _ = select.select([self._out, self.wakeup.fd], [], [], wait)
            if self.wakeup.fd in readable:
                self.wakeup.clear()
            if self._out in readable:
                data = os.read(self._out, 65536)
        finally:
            with self.wakeup:
                if data is not None:
                    *lines, self._unread = (self._unread + data).split(b"\n")
                self._reading = self.wakeup.selecting = False
        if data is None:
            return
        texts = (raw.decode("utf-8", "replace").rstrip("\r") for raw in lines)
        records = [parse_response(text) for text in texts if self.records.wanted(text)]
        with self.wakeup:
            for record in records:
                self.records.dispatch(record)
            self.dead = self.dead or not data
            self.wakeup.notify_all()

    # -- waiting -------------------------------------------------------------

    def wait_for(
        self,
        ready: Callable[[], bool],
        on_wake: Callable[[], None] | None = None,
        timeout: float | None = None,
    ) -> None:
        """Block until ready() holds; on_wake runs (lock held) at every wake-up.

        `timeout` (seconds) is a deadline for what is awaited: GdbTimeout when
        it passes first. Nothing sleeps it out: every record wakes the wait.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self.wakeup:
                if on_wake is not None:
                    on_wake()
                if ready():
                    return
                if self.dead:
                    raise GdbDied("GDB exited")
                if deadline is not None and time.monotonic() > deadline:
                    raise GdbTimeout(f"no answer from the guest within {timeout:g} s")
                # Every record and every console write wakes us at once (notify_all, or the
                # eventfd in select). The bound only matters to the main thread: a SIGINT that
                # Linux delivered to some other thread (one we did not start) is acted on when
                # the main thread next runs Python code, so it must not sleep unboundedly.
                if self._reading:  # another waiter reads; its notify_all wakes us
                    self.wakeup.wait(SIGNAL_CHECK_INTERVAL)
                    continue
                self._reading = self.wakeup.selecting = True
            self._read_output(SIGNAL_CHECK_INTERVAL)

    # -- commands ------------------------------------------------------------

    def send(self, command: str) -> int:
        """Write one MI command with a fresh token; do not wait."""
        return self.send_all([command])[0]

    def send_all(self, commands: list[str]) -> list[int]:
        """Write MI commands with fresh tokens in one write (GDB reads them in order); do not wait."""
        if self.dead:
            raise GdbDied("GDB exited")
        tokens = [next(self._tokens) for _ in commands]
        with self.wakeup:
            self.records.in_flight.update(tokens)
        stdin = self.process.stdin
        assert stdin is not None
        try:
            stdin.write("".join(f"{t}{c}\n" for t, c in zip(tokens, commands, strict=True)).encode())
            stdin.flush()
        except (BrokenPipeError, ValueError) as err:
            raise GdbDied("GDB exited") from err
        return tokens

    def result(self, token: int, on_wake: Callable[[], None] | None = None) -> MiResult:
        """Wait for the result record of `token`; ^error raises GdbError."""
        self.wait_for(lambda: token in self.records.results, on_wake)
        with self.wakeup:
            return self.records.take_result(token)

    def command(self, command: str, on_wake: Callable[[], None] | None = None) -> MiResult:
        """Send a command and return its result record."""
        return self.result(self.send(command), on_wake)

    def batch(self, commands: list[str], raise_errors: bool = True) -> list[MiResult]:
        """Pipeline several commands: one wait for all of them instead of one each. The first
        ^error raises GdbError, unless `raise_errors` is False (then the caller looks)."""
        tokens = self.send_all(commands)
        self.wait_for(lambda: all(t in self.records.results for t in tokens))
        with self.wakeup:
            results = [self.records.results.pop(t) for t in tokens]
        return [checked(r) for r in results] if raise_errors else results

    def console(self, cli: str) -> str:
        """Run a CLI command and return what it printed."""
        return self.command(f"-interpreter-exec console {mi_quote(cli)}").console

    def evaluate(self, expression: str) -> str:
        return self.command(f"-data-evaluate-expression {mi_quote(expression)}").payload["value"]

    # -- execution control ---------------------------------------------------

    def clear_stops(self) -> None:
        with self.wakeup:
            self.records.stops.clear()

    def wait_stopped(self, on_wake: Callable[[], None] | None = None, timeout: float | None = None) -> dict:
        """Wait for the next *stopped record and return its payload (GdbTimeout after `timeout` s)."""
        self.wait_for(lambda: bool(self.records.stops), on_wake, timeout)
        with self.wakeup:
            return self.records.stops.popleft()

    def wait_resumed(
        self, tokens: list[int], on_wake: Callable[[], None] | None = None, timeout: float | None = None
    ) -> tuple[dict | None, list[MiResult]]:
        """After commands sent as `tokens`, the last a resume (-exec-continue): the *stopped record it
        led to and all their results, in one wait. The stop is None when the resume itself failed
        (^error: then nothing runs and no stop comes); the caller checks the results."""

        def ready() -> bool:
            resumed = self.records.results.get(tokens[-1])
            if resumed is not None and resumed.message == "error":
                return True
            return bool(self.records.stops) and all(t in self.records.results for t in tokens)

        self.wait_for(ready, on_wake, timeout)
        with self.wakeup:
            results = [self.records.results.pop(t) for t in tokens if t in self.records.results]
            failed = results[-1].message == "error" if len(results) == len(tokens) else False
            return (None if failed else self.records.stops.popleft()), results

    def interrupt(self) -> None:
        """Stop a running target (needs mi-async on, set before connecting)."""
        self.send("-exec-interrupt")

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def stop_reason(stop: dict) -> str:
    """The reason of a *stopped record: the first one when GDB gives several (a finish that ends on a
    breakpoint says ["function-finished", "breakpoint-hit"]); "" when it gives none."""
    reason = stop.get("reason", "")
    return reason[0] if isinstance(reason, list) else reason


def stop_reasons(stop: dict) -> tuple[str, ...]:
    reason = stop.get("reason", ())
    return tuple(reason) if isinstance(reason, list) else (reason,) if reason else ()


def checked(result: MiResult) -> MiResult:
    """The result itself, or GdbError with GDB's message for ^error."""
    if result.message == "error":
        raise GdbError(result.payload.get("msg", "GDB error"))
    return result


def start_session(
    elf: Path, gdb_socket: Path, wakeup: Wakeup, then: tuple[str, ...] = (), gdb: str = "gdb"
) -> tuple[MiSession, list[MiResult]]:
    """Start GDB on `elf`, attach it to QEMU's stub, and run the commands `then`.

    Everything goes down the pipe at once: one wait for the whole set-up.
    Returns the session and the results of `then`.
    """
    session = MiSession(wakeup, gdb)
    setup = [
        "-gdb-set mi-async on",  # lets -exec-interrupt stop a running guest
        "-gdb-set pagination off",
        "-gdb-set confirm off",
        "-gdb-set print pretty off",
        "-gdb-set print null-stop on",  # char buf[64] shows as the string in it, not 60 NULs
        # Keep the (hardware) breakpoints in the stub while stopped: saves
        # removing and re-inserting each of them around every call.
        "-gdb-set breakpoint always-inserted on",
        f"-file-exec-and-symbols {mi_quote(str(elf))}",
        f"-target-select remote {gdb_socket}",  # GDB would take quotes here literally
    ]
    try:
        results = session.batch(setup + list(then))
    except Exception:
        session.close()
        raise
    session.clear_stops()  # -target-select reports the reset-vector stop
    return session, results[len(setup) :]
