"""JupyterLab's debugger panel bound to the kernel: debug requests from the control thread, the
stopped cell waiting on the shell thread, debug events on IOPub.

Threads (ipykernel 7): control messages are handled one at a time on the control thread's event
loop, cells run on the main (shell) thread. Path of a stop with the panel on: a cell's call stops
at a breakpoint (GuestStopped) -> the magics' guard hands it to DebugPanel.wait_in_stop on the
shell thread, which sends the `stopped` event and blocks on a queue, the cell still busy -> the
panel's stackTrace, scopes, variables, evaluate are answered on the control thread (nothing else
uses GDB while the shell thread waits) -> continue, next, stepIn or stepOut put the resume on
the queue and answer at once -> the shell thread resumes the guest as %continue, %next, %step or
%finish would: a new stop waits again, a return ends the cell with the call's value. `pause`
interrupts the guest from the control thread; the waiting call then stops as at a breakpoint.
"""

from __future__ import annotations

import itertools
import queue
from collections.abc import Callable

from ..guest import Guest, GuestError, GuestStopped
from ..guest.debugger import NEXT_STEPS
from .cell_files import CellFiles
from .cell_output import DisplayedValue, print_line
from .debug_adapter import DebugAdapter
from .debug_magics import DebugMagics

SHUTDOWN = ""  # what the queue of resumes carries when no resume will come


class DebugPanel:
    """The debug protocol of one kernel. `publish` sends a debug_event's content on IOPub."""

    def __init__(self, guest: Guest, publish: Callable[[dict], None], magics: DebugMagics) -> None:
        self.publish = publish
        self.magics = magics
        self.resumes: queue.Queue[str] = queue.Queue()
        self.waiting = False  # a cell is stopped and waits for the panel to resume it
        self._events = itertools.count(1)
        self.files = CellFiles(
            lambda: [(c.number, c.source) for c in guest.cells.cells] if guest.cells else []
        )
        self.adapter = DebugAdapter(guest, self.files, self._event, self._resume)

    @property
    def attached(self) -> bool:
        """The panel is on: stops wait for it instead of ending the cell."""
        return self.adapter.started

    def request(self, message: dict) -> dict:
        """A debug_request's content (a DAP request) -> the debug_reply's content."""
        return self.adapter.handle(message)

    def cell_starts(self, code: str) -> None:
        """Before a cell runs: its text as the notebook has it (the panel names cells by it)."""
        self.files.remember(code)

    def cells_ran(self) -> None:
        if self.attached:
            self.adapter.cells_ran()

    def _event(self, name: str, body: dict) -> None:
        self.publish({"type": "event", "seq": next(self._events), "event": name, "body": body})

    def _resume(self, how: str, going: Callable[[], None]) -> None:
        if not self.waiting:
            raise GuestError(
                "no cell waits at this stop (it was stopped with the stop button)",
                "resume with %continue, %next, %step or %finish in a cell",
            )
        self.waiting = False
        going()
        self.resumes.put(how)

    def close(self) -> None:
        """The kernel shuts down: a cell waiting at a stop ends, the cell files go."""
        if self.waiting:
            self.waiting = False
            self.resumes.put(SHUTDOWN)
        self.files.remove()

    def wait_in_stop(self, stopped: GuestStopped) -> DisplayedValue | None:
        """On the shell thread: the cell stays busy, the panel drives the guest until the call returns."""
        while True:
            print_line(stopped.message)
            self.waiting = True
            self._event("stopped", self.adapter.stopped_event())
            try:
                how = self.resumes.get()
            except KeyboardInterrupt:
                self.waiting = False
                message = "the stop button: the guest stays stopped where it was"
                raise GuestError(message, NEXT_STEPS) from None
            if how == SHUTDOWN:
                raise GuestError("the kernel shuts down", "start it again")
            try:
                return getattr(self.magics, f"{how}_magic")("")
            except GuestStopped as again:
                stopped = again
