"""How the magics write into a cell: lines of text, gcc's diagnostics, and a C value as the result."""

from __future__ import annotations

import sys

from ..guest import Value


def print_line(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def print_diagnostics(text: str) -> None:
    sys.stderr.write(text + "\n")


class DisplayedValue:
    """A cell's value: shown as text/plain by IPython's display machinery."""

    def __init__(self, value: Value) -> None:
        self.value = value

    def __repr__(self) -> str:
        return str(self.value)


def shown(value: Value | None) -> DisplayedValue | None:
    """The cell's result for a value: nothing for none or void."""
    return DisplayedValue(value) if value is not None and value.type != "void" else None
