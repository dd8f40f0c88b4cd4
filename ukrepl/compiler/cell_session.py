"""C cells: compile a cell against the kernel image, link it into the cell arena, remember what it defined.

A byte's path through CellSession.compile, top to bottom:

1. The cell's text, read once by cell_text.read_cell, gives its top-level
   token groups; chunks.py classifies them. A `NAME(...)` chunk whose NAME
   is a macro is settled by preprocessing it (gcc -E, only when there is one).
2. unit.c_unit writes the C file gcc compiles: the declarations earlier
   cells left behind, this cell's file-scope chunks, and its statements (and
   final expression) in a generated function `__ukrepl_cell<N>`. The cell's
   text is saved as cell<N>.c, the name its `#line` directives give, so gcc
   quotes its lines.
3. linking.Toolchain compiles (gcc -c with the kernel's own flags) and links
   (ld at the arena's next free address, every symbol of the kernel and of
   earlier cells PROVIDEd); linking.layout turns the linked file into a
   LinkedCell: one image, then a symbol table for the kernel's crash reports.

Then the guest has `commit` record what the cell defined, so that later
cells see its declarations and link against its symbols, writes the image
and the table into the arena and runs the cell; GDB gets the symbol files
`symbol_files` names when it next looks a name up.

Redefinition: a name defined again replaces the earlier definition for
everything compiled or evaluated afterwards. The earlier code stays in the
arena (until %reset), so pointers taken before keep working and run the old
version, and code compiled before keeps calling the old version.
"""

from __future__ import annotations

import itertools
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import rundirs
from .cell_text import CellText
from .chunks import Chunk, Kind, resolve
from .declarations import Definition
from .errors import CellError, VoidValue
from .lexer import CellSyntax, tokenize
from .linked_cell import Carried, CellSymbol, KernelImage, LinkedCell
from .linking import ARENA_ALIGN, Toolchain, kernel_symbols, layout
from .unit import c_unit, value_designator

TYPE_KINDS = ("typedef", "struct", "union", "enum")

# Cells are compiled for a debugger: -Og after the kernel's -O2 keeps every variable and line
# where a breakpoint, %next and %locals look for them (y of `int y = x * x; return y;`), at the
# cost of speed that cell code seldom needs.
CELL_FLAGS = ("-Og",)


CELLS_PREFIX = "ukrepl-cells-"


def _workspace() -> tempfile.TemporaryDirectory:
    """A private directory for one session's files, recording its owner; dead owners' ones reaped first."""
    rundirs.reap(CELLS_PREFIX, rundirs.scratch_parent())
    workspace = tempfile.TemporaryDirectory(prefix=CELLS_PREFIX, dir=rundirs.scratch_parent())
    (Path(workspace.name) / rundirs.OWNER).write_text(rundirs.owner_line())
    return workspace


@dataclass
class CellSession:
    """The C cells loaded into one boot of the guest, and what they defined."""

    image: KernelImage
    # cell<N>.c, the unit gcc compiles, objects, linker scripts, linked files; removed with the session
    workspace: tempfile.TemporaryDirectory = field(default_factory=lambda: _workspace(), repr=False)
    cells: list[LinkedCell] = field(default_factory=list)
    # Declarations carried on to later cells, by slot (dict order: definition order; a redefinition
    # takes the slot of the earliest entry it replaces); which slot holds each name; the directives.
    _slots: dict[int, Carried] = field(default_factory=dict, repr=False)
    _slot_of: dict[str, int] = field(default_factory=dict, repr=False)
    _directives: dict[str, None] = field(default_factory=dict, repr=False)
    _slot_numbers: itertools.count = field(default_factory=itertools.count, repr=False)
    addresses: dict[str, int] = field(default_factory=dict)  # latest definition of each global
    typedefs: set[str] = field(default_factory=set)
    next_address: int = 0
    numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.directory = Path(self.workspace.name)
        self.tools = Toolchain(self.directory, (*self.image.cflags, *CELL_FLAGS), self.image.tool_prefix)
        self._macros: tuple[str, frozenset[str]] | None = None  # (the directives, the names they define)
        self.next_address = self.image.arena_start
        self._kernel_symbols, self._strong_kernel_names = kernel_symbols(self.image.elf)

    def close(self) -> None:
        """Remove the session's files (GDB must hold none of its symbol files any more)."""
        self.workspace.cleanup()

    # -- names ---------------------------------------------------------------

    @property
    def carried(self) -> list[Carried]:
        """Earlier cells' declarations later cells see, in definition order."""
        return list(self._slots.values())

    def is_value(self, name: str) -> bool:
        """A function or object of the kernel or of a cell."""
        return name in self.image.functions or name in self.image.objects or name in self.addresses

    def is_type(self, name: str) -> bool:
        return name in self.image.typedef_names or name in self.typedefs

    def macros(self) -> frozenset[str]:
        """Names #defined by the headers and #defines that earlier cells used (cached per set of them)."""
        directives = "\n".join(text for text in self._directives if text.lstrip().startswith("#"))
        if self._macros is None or self._macros[0] != directives:
            out = self.tools.preprocess(directives + "\n", "-dM", "-E")
            self._macros = (directives, frozenset(re.findall(r"^#define (\w+)", out, re.MULTILINE)))
        return self._macros[1]

    def current_symbols(self) -> list[CellSymbol]:
        """Functions and variables cells defined: current definitions of globals, and statics.

        Not what we generate (the statement runner, the value) nor the
        compiler's numbered copies of static locals (`count.0`).
        """
        out = []
        for cell in self.cells:
            for s in cell.symbols:
                if s.name.startswith("__ukrepl_") or "." in s.name:
                    continue
                if s.static or self.addresses.get(s.name) == s.address:
                    out.append(s)
        return out

    def current_types(self) -> list[tuple[Definition, int]]:
        """Types defined by cells (latest definitions) and the cell that defined each."""
        latest: dict[tuple[str, str], int] = {}
        for cell in self.cells:
            for d in cell.definitions:
                if d.kind in TYPE_KINDS:
                    latest[(d.kind, d.name)] = cell.number
        return [(Definition(name, kind), number) for (kind, name), number in latest.items()]

    def cell_at(self, address: int) -> LinkedCell | None:
        return next((c for c in self.cells if c.address <= address < c.end), None)

    def function_at(self, address: int) -> str:
        """'name+0xoffset' of the cell function containing address, or ''."""
        cell = self.cell_at(address)
        for s in cell.symbols if cell else ():
            if s.kind == "function" and s.address <= address < s.address + s.size:
                return f"{s.name}+{address - s.address:#x}"
        return ""

    # -- compiling -----------------------------------------------------------

    def compile(self, text: CellText) -> LinkedCell:
        """Compile and link a cell at the arena's next free address. Nothing is remembered yet (commit)."""
        number = next(self.numbers)
        try:
            chunks = text.chunks(self.is_value, self.is_type)
        except CellSyntax as err:
            raise CellError(f"cell{number}.c: {err}") from None
        if not chunks:
            raise CellError("the cell holds no C")
        self._settle_macros(chunks)
        definitions = [d for c in chunks for d in c.definitions()]
        self._refuse_kernel_names(definitions)
        (self.directory / f"cell{number}.c").write_text(text.source)
        header = self._header_for({d.name for d in definitions if d.kind not in ("prototype", "extern")})
        unit, shows_value = self._unit(number, chunks, header, value_as_statement=False)
        try:
            obj, warnings = self.tools.compile(number, unit)
        except VoidValue:
            unit, shows_value = self._unit(number, chunks, header, value_as_statement=True)
            obj, warnings = self.tools.compile(number, unit)
        try:
            elf = self.tools.link(number, obj, self._kernel_symbols, self.addresses, self.next_address)
        except CellError as err:
            raise CellError("\n".join(filter(None, (warnings, str(err))))) from None
        carried = [
            Carried(number, c.line, carried_text, frozenset(d.name for d in c.definitions()))
            for c in chunks
            if (carried_text := c.carried_text()) is not None
        ]
        previous_table = self.cells[-1].table_address if self.cells else 0  # the kernel's list: newest first
        cell = layout(
            elf,
            number=number,
            source=text.source,
            start=self.next_address,
            previous_table=previous_table,
            kernel=self.image,
            definitions=definitions,
            carried=carried,
            shows_value=shows_value,
            warnings=warnings,
        )
        if shows_value:
            cell.designator = value_designator(chunks)
        return cell

    def _unit(
        self, number: int, chunks: list[Chunk], header: list[Carried], value_as_statement: bool
    ) -> tuple[str, bool]:
        is_object = {*self.image.objects, *self.addresses}.__contains__
        typedefs = self.image.typedef_names | self.typedefs
        own = {d.name for c in chunks for d in c.definitions()}
        functions = {*self.image.functions, *self.addresses, *own}.__contains__
        return c_unit(number, chunks, header, is_object, typedefs, value_as_statement, functions)

    def _settle_macros(self, chunks: list[Chunk]) -> None:
        """Preprocess the NAME(...) chunks whose NAME is a macro; their expansion says what they are."""
        ambiguous = [i for i, c in enumerate(chunks) if c.kind is Kind.AMBIGUOUS]
        if not ambiguous:
            return
        lines = [c.text for c in self._header_for(set())]
        for i, chunk in enumerate(chunks):
            if chunk.kind is Kind.DIRECTIVE:
                lines.append(chunk.text)
            elif i in ambiguous:
                lines.append(f"__ukrepl_probe_{i} " + chunk.text.replace("\n", " "))
        out = self.tools.preprocess("\n".join(lines), "-E", "-P")
        pieces = re.split(r"__ukrepl_probe_(\d+)", out)
        expansions = {int(pieces[k]): pieces[k + 1] for k in range(1, len(pieces) - 1, 2)}
        for i in ambiguous:
            resolve(chunks[i], tokenize(expansions.get(i, ""))[:4])

    def _refuse_kernel_names(self, definitions: list[Definition]) -> None:
        for d in definitions:
            if d.kind in ("function", "variable") and not d.static and d.name in self._strong_kernel_names:
                raise CellError(
                    f"{d.name} is defined by the kernel: a cell cannot replace it (the kernel's own "
                    "callers are linked to it); choose another name"
                )

    def _header_for(self, defined: set[str]) -> list[Carried]:
        """Earlier cells' declarations, without those of names this cell defines anew."""
        return [c for c in self.carried if not c.names & defined]

    # -- remembering ---------------------------------------------------------

    def commit(self, cell: LinkedCell) -> None:
        """Remember a loaded cell: its code stays, its names replace earlier ones, its declarations
        carry on into later cells."""
        self.cells.append(cell)
        self.next_address = (cell.end + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1)
        for s in cell.symbols:
            if not s.static and not s.name.startswith("__ukrepl_"):
                self.addresses[s.name] = s.address
        self.typedefs |= {d.name for d in cell.definitions if d.kind == "typedef"}
        for entry in cell.carried:
            self._carry(entry)

    def _carry(self, entry: Carried) -> None:
        """Carry a declaration on; it replaces every earlier one sharing a name with it, at the place
        of the earliest (later declarations may use what it declares). Costs the entry's names, not
        the number of earlier declarations: a cell of 20,000 globals is carried in linear time."""
        if not entry.names:  # a directive: once is enough
            if entry.text not in self._directives:
                self._directives[entry.text] = None
                self._slots[next(self._slot_numbers)] = entry
            return
        replaced = sorted({self._slot_of[n] for n in entry.names if n in self._slot_of})
        slot = replaced[0] if replaced else next(self._slot_numbers)
        for old in replaced:
            for name in self._slots[old].names:
                if self._slot_of.get(name) == old:
                    del self._slot_of[name]
            if old != slot:
                del self._slots[old]
        self._slots[slot] = entry
        for name in entry.names:
            self._slot_of[name] = slot

    def symbol_files(self, showing: LinkedCell | None = None) -> list[Path]:
        """The cells' symbol files GDB should hold, in the order it should search them.

        GDB looks a name up in its symbol files in load order, so a cell one
        of whose names a later cell redefined must come after that later cell;
        a cell with nothing left to look up (every name redefined, no static
        code that may still run, no value to show) is left out.
        """
        later: set[str] = set()  # names defined by cells newer than the one at hand
        fresh: list[Path] = []
        stale: list[Path] = []  # newest first
        for cell in reversed(self.cells):
            names = cell.defined_names()
            if names - later or cell.has_static_code() or cell is showing:
                if names & later:
                    stale.append(cell.elf)
                else:
                    fresh.insert(0, cell.elf)
            later |= names
        return fresh + stale
