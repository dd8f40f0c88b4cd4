"""The C-cell compiler: a cell's text in, an image linked at a cell-arena address out.

A byte's path through the package: read_cell (cell_text.py) tokenizes and
groups the cell's text once (lexer.py); the caller asks the CellText whether
it is empty or one expression for GDB; CellSession.compile (cell_session.py)
classifies its chunks (chunks.py, declarations.py), hoists runtime
initializers (hoisting.py), writes the C unit (unit.py), compiles and links
it against the KernelImage and lays the result out as a LinkedCell
(linking.py, elf64.py, linked_cell.py). symbols.py reads the kernel ELF's
symbols and DWARF; callexpr.py splits calls out of C expressions.

Callers import from here (and `from ..compiler.symbols import ...`,
`from ..compiler import callexpr`), never from the other module names. The
compiler imports nothing from the guest, target, frontend, views or decoders
layers.
"""

from __future__ import annotations

from .cell_session import CELL_FLAGS, CellSession
from .cell_text import CellText, read_cell
from .chunks import Kind
from .declarations import Definition
from .errors import CellError
from .linked_cell import Carried, CellSymbol, KernelImage, LinkedCell, Registration
from .linking import ARENA_OPTION, disassembly
from .unit import RUNNER, VALUE

__all__ = [
    "CELL_FLAGS",
    "ARENA_OPTION",
    "RUNNER",
    "VALUE",
    "Carried",
    "CellError",
    "CellSession",
    "CellSymbol",
    "CellText",
    "Definition",
    "KernelImage",
    "Kind",
    "LinkedCell",
    "Registration",
    "disassembly",
    "read_cell",
]
