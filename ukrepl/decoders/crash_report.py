"""The kernel's crash report, as text on the console: where it is, its frames, its top of stack.

Path of a report: the guest's crash handler prints it between `*** CRASH` and
`*** end of crash report` (arch/x86_64/crash.c) -> the console log -> `extract`
cuts it out -> `frames` and `top_of_stack` read the addresses the host then maps
to cell files and lines. Pure text; no guest, no GDB.
"""

from __future__ import annotations

import re

FIRST_LINE, LAST_LINE = "*** CRASH", "*** end of crash report"

_FRAME = re.compile(r"^(?:RIP:|\s+#(\d+))\s+0x([0-9a-f]+)(?: <([^>]+)>)?", re.MULTILINE)
_SYSCALL = re.compile(r"^Syscall: (\S+) \((-?\d+)\)", re.MULTILINE)
_STACK_TOP = re.compile(r"^Stack at 0x[0-9a-f]+:\n\s+0x[0-9a-f]+: 0x([0-9a-f]+)", re.MULTILINE)


def extract(log: str) -> str:
    """The last crash report in a console log."""
    start = log.rfind(FIRST_LINE)
    if start < 0:
        return "the guest stopped in ukrepl_crashed without a report"
    end = log.find(LAST_LINE, start)
    return log[start : end + len(LAST_LINE) if end >= 0 else len(log)].strip()


def frames(report: str) -> list[tuple[int, int, str]]:
    """(frame number, address, symbol) of the report's backtrace (RIP counts as frame 0)."""
    found: dict[int, tuple[int, int, str]] = {}
    for match in _FRAME.finditer(report):
        number = int(match.group(1) or 0)
        found.setdefault(number, (number, int(match.group(2), 16), match.group(3) or ""))
    return sorted(found.values())


def top_of_stack(report: str) -> int | None:
    """The first word of the report's stack dump."""
    match = _STACK_TOP.search(report)
    return int(match.group(1), 16) if match else None


def is_software_crash(report: str) -> bool:
    """A crash the kernel raised itself (UK_CRASH, an assertion), not an exception."""
    return "(software crash)" in report


def syscall(report: str) -> str | None:
    """The system call the crashing CPU was serving ("write (1)"), from the report's Syscall line
    (lib/syscall_shim's crash note), or None."""
    match = _SYSCALL.search(report)
    return f"{match.group(1)} ({match.group(2)})" if match else None
