"""What a compiled cell is linked against, and what comes out: the kernel image and the linked cell.

A byte's path: none is transformed here. KernelImage holds the facts about
the kernel build that every cell is compiled and linked against (its ELF,
its C flags, the arena's bounds, the names its DWARF and symbol table know);
LinkedCell is what CellSession.compile makes of a cell's text: the image
bytes for the arena, its crash-report symbol table, its symbols,
registrations and the declarations (Carried) it leaves to later cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .declarations import Definition


@dataclass(frozen=True)
class KernelImage:
    """Facts about the kernel build that cells are compiled and linked against."""

    elf: Path
    cflags: tuple[str, ...]  # the kernel's own C flags (cflags.txt)
    arena_start: int
    arena_end: int  # end of the part cells may use
    typedef_names: frozenset[str]  # from the kernel's DWARF
    objects: frozenset[str]  # global variables
    functions: frozenset[str]
    tool_prefix: str = ""  # the cross tools' prefix (aarch64-linux-gnu-), empty for the host's


@dataclass(frozen=True)
class CellSymbol:
    name: str
    kind: str  # function or variable
    address: int
    size: int
    cell: int
    static: bool


@dataclass(frozen=True)
class Registration:
    """An output section of a cell that registers something (see ukrepl_cell_register)."""

    section: str
    start: int
    end: int


@dataclass(frozen=True)
class Carried:
    """A declaration a cell leaves to later cells, placed at its line in the cell that wrote it."""

    cell: int
    line: int
    text: str
    names: frozenset[str]


@dataclass
class LinkedCell:
    number: int
    source: str
    elf: Path
    address: int  # where the image starts in the arena
    image: bytes  # the allocated sections up to the end of the last one with contents
    zeros: int  # bytes of .bss after that, to be zeroed
    table: bytes  # the crash-report symbol table (struct uk_ksym_table), after the .bss
    table_address: int
    symbols: list[CellSymbol]
    registrations: list[Registration]
    runner: int | None  # address of __ukrepl_cell<N>, if the cell has statements or a value
    shows_value: bool
    main: int | None
    definitions: list[Definition]
    carried: list[Carried]
    warnings: str
    # The final expression's text when it names an object (`sv`, `p->buf`, `a[2].x`): arrays decay
    # in the value's static, so the host asks GDB for the array itself.
    designator: str | None = None
    code_end: int = 0  # the page after the cell's code: [address, code_end) r-x, the rest rw- (W^X)

    @property
    def end(self) -> int:
        return self.table_address + len(self.table)

    def defined_names(self) -> set[str]:
        return {d.name for d in self.definitions if d.kind not in ("prototype", "extern") and not d.static}

    def has_static_code(self) -> bool:
        return any(s.static and s.kind == "function" for s in self.symbols)
