"""The files by which JupyterLab's debugger knows notebook cells, and GDB's names for the same cells.

JupyterLab names a cell's code as debugInfo tells it: a prefix (a directory of this kernel's),
the murmur2 hash of the code (ipykernel's function and seed, which JupyterLab computes too), and
".c"; dumpCell writes the code there. The compiler names a C cell `cellN.c` (its #line
directives, hence GDB's line tables, crash reports and `%break cellN:LINE`). Path of a gutter
breakpoint: JupyterLab's file -> location() -> `cellN:LINE` of the newest C cell with that code
-> Debugger.add; of a stop: GDB's frame in cellN.c -> path_of_cell() -> the file the panel
highlights the line of.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from ipykernel.compiler import get_tmp_hash_seed, murmur2_x86

from .. import rundirs
from ..kernel_build import KERNEL_SRC

SUFFIX = ".c"
HASH_METHOD = "Murmur2"
HASH_SEED = get_tmp_hash_seed()


class CellFiles:
    """Cell files of one kernel; `cell_sources()` lists (number, code) of the C cells of this boot."""

    def __init__(self, cell_sources: Callable[[], list[tuple[int, str]]]) -> None:
        self.cell_sources = cell_sources
        self._directory: Path | None = None
        # The editor's text of cells, by the text the compiler got (IPython's cell magic ends it with
        # a newline the editor may not have): JupyterLab hashes the editor's.
        self.typed: dict[str, str] = {}

    def remember(self, code: str) -> None:
        """Code as the notebook has it (a cell run, a cell dumped)."""
        self.typed[code.rstrip("\n")] = code

    def _as_typed(self, code: str) -> str:
        return self.typed.get(code.rstrip("\n"), code)

    @property
    def directory(self) -> Path:
        """A private directory of this kernel's (made at first use, reaped by the next kernel if this
        one is killed), so that nobody else can plant a file the panel would show as a cell."""
        if self._directory is None:
            self._directory = rundirs.make("ukrepl-debug-")
        return self._directory

    @property
    def prefix(self) -> str:
        return f"{self.directory}{os.sep}"

    def remove(self) -> None:
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)
            self._directory = None

    def path_of(self, code: str) -> str:
        return f"{self.prefix}{murmur2_x86(code, HASH_SEED)}{SUFFIX}"

    def dump(self, code: str) -> str:
        """Write a cell's code where the panel expects it; its path."""
        self.remember(code)
        path = self.path_of(code)
        Path(path).write_text(code)
        return path

    def is_cell(self, path: str) -> bool:
        return path.startswith(self.prefix) and path.endswith(SUFFIX)

    def cell_number(self, path: str) -> int | None:
        """The newest C cell whose code has this file name."""
        cells = reversed(self.cell_sources())
        return next((n for n, code in cells if self.path_of(self._as_typed(code)) == path), None)

    def path_of_cell(self, number: int) -> str:
        code = dict(self.cell_sources()).get(number)
        return self.dump(self._as_typed(code)) if code is not None else f"cell{number}.c"

    def location(self, path: str, line: int) -> str | None:
        """What %break takes for a line of a file: cellN:LINE for a cell's file, FILE:LINE for a
        kernel source; None for a cell not run yet."""
        if not self.is_cell(path):
            with contextlib.suppress(ValueError):  # GDB knows kernel sources by their path in kernel-src/
                path = str(Path(path).relative_to(KERNEL_SRC))
            return f"{path}:{line}"
        number = self.cell_number(path)
        return None if number is None else f"cell{number}:{line}"

    def source(self, path: str) -> str:
        """The text of a file the panel shows: a cell's code, or a kernel source."""
        return Path(path).read_text(errors="replace")
