"""What the guest facade hands back: the guest's state, a C value, and the result of one cell."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from ..compiler import LinkedCell


class State(enum.Enum):
    OFF = "off"
    READY = "ready"  # boot CPU stopped at ukrepl_idle
    RUNNING = "running"  # inside a call
    STOPPED = "stopped"  # at a breakpoint of the user's, inside a call (guest.debugger)
    CRASHED = "crashed"
    WEDGED = "wedged"  # a stopped call could not be cleaned up: only %reboot helps
    DEAD = "dead"


@dataclass(frozen=True)
class Value:
    """A C value as GDB formats it, with its type."""

    text: str
    type: str

    def __str__(self) -> str:
        if self.type == "void":
            return ""
        return self.text if self.text.startswith("(") else f"({self.type}) {self.text}"


@dataclass(frozen=True)
class CellResult:
    """One cell, run: the value it shows (None: none), its console output, gcc's warnings, and the
    C cell that was loaded (None for an expression GDB evaluated)."""

    value: Value | None
    output: str = ""
    diagnostics: str = ""
    cell: LinkedCell | None = None

    @property
    def shown(self) -> Value | None:
        """The value to display: none for void."""
        return self.value if self.value is not None and self.value.type != "void" else None
