"""What can go wrong with the live guest, each with the next step for the user."""

from __future__ import annotations

from ..decoders import crash_report
from ..errors import UkreplError


class GuestError(UkreplError):
    """A problem with the guest or a request to it, shown as one short message."""


class NotBooted(GuestError):
    def __init__(self) -> None:
        super().__init__("the guest is not running", "use %boot first")


class GuestCrashed(GuestError):
    """The guest took an exception; the crash report is in `report`, where it was in cell code in `where`."""

    hint = "use %reboot to start again"

    def __init__(self, report: str, where: str = "") -> None:
        first = report.splitlines()[0] if report else "crash"
        site = f"\n{where}" if where else ""
        call = crash_report.syscall(report)
        inside = f", inside system call {call}" if call else ""
        super().__init__(f"guest crashed: {first.removeprefix('*** ')}{inside}{site}")
        self.report = report
        self.where = where


class GuestInterrupted(GuestError):
    """A call was stopped (the stop button) and the guest put back as it was."""

    hint = "the guest was put back as it was: go on with the next cell"


class GuestStopped(GuestError):
    """The guest stopped at a breakpoint, watchpoint or step of the user's: not a failure, the cell
    ends showing where (the message) and what can come next (the hint)."""


class GuestDied(GuestError):
    """QEMU or GDB is gone."""

    hint = "use %boot to start again"
