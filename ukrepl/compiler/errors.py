"""The errors of the cell compiler: a cell that cannot be loaded, and a value that turned out void.

A byte's path: none passes through here. gcc's and ld's messages about a
cell (cleaned by linking.py), a full arena or a name the kernel owns become a
CellError, which the Jupyter face and the CLI show as it stands; VoidValue
only travels from linking.Toolchain.compile to CellSession.compile, which
compiles the cell again without keeping its value.
"""

from __future__ import annotations

from ..errors import UkreplError


class CellError(UkreplError):
    """A cell that cannot be loaded: compiler messages, a full arena, a name the kernel owns.

    Its text is the message alone (no hint): users and tests read gcc's messages as they are.
    """

    hint = ""


class VoidValue(Exception):
    """The cell's final expression has type void: it has no value to keep."""
