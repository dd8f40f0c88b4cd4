"""The guest's serial console as the host keeps it: the whole log of one boot, and what is not shown yet.

Path of a byte: QEMU writes the guest's COM1 to its stdout pipe -> the reader
thread of qemu.QemuProcess hands it to ConsoleLog.append under the `wakeup`
condition (which also wakes anyone waiting on GDB, once a line is complete) ->
`flush` hands what was not shown yet to the sink (the cell's output stream)
whenever a waiter wakes.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator


class ConsoleLog:
    """Console text of the current boot; `boot` numbers tell a new QEMU's text from a stopped one's."""

    def __init__(self, wakeup: threading.Condition, sink: Callable[[str], None] | None = None) -> None:
        self.wakeup = wakeup
        self.sink = sink
        self.boot = 0  # QEMU processes started so far; only the latest one's reports count
        self.exit_code: int | None = None  # the latest QEMU's exit status, once it exited
        self._log: list[str] = []
        self._pending: list[str] = []
        self._draining = 0  # waiters for the pipe's last byte, whatever it is

    def new_boot(self) -> int:
        """Start the log of a new QEMU; reports of earlier ones are ignored from here on."""
        with self.wakeup:
            self.boot += 1
            self.exit_code = None
            self._log.clear()
            self._pending.clear()
            return self.boot

    # QEMU's reader threads call these two.

    def append(self, boot: int, text: str) -> None:
        """Keep `text`; wake the waiters when it ends a line (what they stream is whole lines) or one
        drains the pipe. QEMU writes the serial port a byte at a time: a wake-up per byte cost the
        guest's boot some 5 ms of its 25 under TCG."""
        with self.wakeup:
            if boot == self.boot:
                self._log.append(text)
                self._pending.append(text)
                if self._draining or "\n" in text:
                    self.wakeup.notify_all()

    @contextlib.contextmanager
    def draining(self) -> Iterator[None]:
        """While inside, every byte wakes the waiters (a wait for the pipe to be empty)."""
        with self.wakeup:
            self._draining += 1
        try:
            yield
        finally:
            with self.wakeup:
                self._draining -= 1

    def exited(self, boot: int, code: int) -> None:
        with self.wakeup:
            if boot == self.boot:
                self.exit_code = code
                self.wakeup.notify_all()

    def flush(self, whole_lines: bool = False) -> str:
        """Hand console output not yet shown to the sink; return it.

        With whole_lines, a trailing partial line waits for its newline: a slow
        serial port delivers a few bytes at a time, and a stream message per
        fragment would shred the cell's output.
        """
        with self.wakeup:
            text = "".join(self._pending)
            cut = text.rfind("\n") + 1 if whole_lines else len(text)
            text, rest = text[:cut], text[cut:]
            self._pending[:] = [rest] if rest else []
        if text and self.sink is not None:
            self.sink(text)
        return text

    @property
    def text(self) -> str:
        """Everything this boot printed."""
        with self.wakeup:
            return "".join(self._log)
