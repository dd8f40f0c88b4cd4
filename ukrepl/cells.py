"""C cells: compile a cell against the kernel, link it into the cell arena, remember what it defined.

How a cell becomes bytes at an arena address (CellSession.compile, top to bottom):

1. csource cuts the cell into top-level chunks and classifies them; a
   `NAME(...)` chunk whose NAME is a macro is settled by preprocessing it
   (gcc -E, only when there is one).
2. `_unit` writes the C file gcc compiles: the declarations earlier cells
   left behind, this cell's file-scope chunks, and its statements (and final
   expression) in a generated function `__ukrepl_cell<N>`. `#line`
   directives give every piece its cell's own file name and line number, so
   gcc's messages point into the cell; the cell's text is saved under that
   name (cell<N>.c) so gcc quotes its lines.
3. gcc -c with the kernel's own flags (cflags.txt), then ld with a generated
   script: the image starts at the arena's next free address, and every
   symbol of the kernel and of earlier cells is PROVIDEd at its address (so
   a cell's own definition of a name wins over an earlier one).
4. elf64 reads the linked file: the allocated sections become one image,
   followed by a symbol table for the kernel's crash reports
   (struct uk_ksym_table, <uk/ksyms.h>).

Then the guest (Guest.run_cell) has `commit` record what the cell defined,
so that later cells see its declarations and link against its symbols,
writes the image and the table into the arena and runs the cell; GDB gets
the symbol files `symbol_files` names when it next looks a name up.

Redefinition: a name defined again replaces the earlier definition for
everything compiled or evaluated afterwards. The earlier code stays in the
arena (until %reset), so pointers taken before keep working and run the old
version, and code compiled before keeps calling the old version.
"""

from __future__ import annotations

import itertools
import os
import re
import struct
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import csource, elf64
from .csource import Chunk, Definition, Kind

RUNNER = "__ukrepl_cell{}"  # the generated function that runs a cell's statements
VALUE = "value"  # its static copy of the cell's final expression
ARENA_ALIGN = 64
ARENA_OPTION = "CONFIG_UKREPL_CELL_ARENA_SIZE"
# Output sections the cell's linker script names; any other allocated section
# (.uk_inittab<class><prio>, .init_array...) registers something with the kernel.
STANDARD_SECTIONS = (".text", ".rodata", ".data", ".bss")
_DESIGNATOR = re.compile(r"[A-Za-z_]\w*(\s*(\.|->)\s*[A-Za-z_]\w*|\s*\[\s*\w+\s*\])*")
_VOID_VALUE = re.compile(r"'__ukrepl_value' declared void")
_KSYM = struct.Struct("<QQQ")  # struct uk_ksym: addr, size, name
_KSYM_TABLE = struct.Struct("<QQQQ")  # struct uk_ksym_table: next, start, end, count
TYPE_KINDS = ("typedef", "struct", "union", "enum")


class CellError(Exception):
    """A cell that cannot be loaded: compiler messages, a full arena, a name the kernel owns."""


class _VoidValue(Exception):
    """The cell's final expression has type void: it has no value to keep."""


@dataclass(frozen=True)
class Kernel:
    """What cells are compiled and linked against."""

    elf: Path
    cflags: tuple[str, ...]  # the kernel's own C flags (cflags.txt)
    arena_start: int
    arena_end: int  # end of the part cells may use
    typedef_names: frozenset[str]  # from the kernel's DWARF
    objects: frozenset[str]  # global variables
    functions: frozenset[str]


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

    @property
    def end(self) -> int:
        return self.table_address + len(self.table)

    def defined_names(self) -> set[str]:
        return {d.name for d in self.definitions if d.kind not in ("prototype", "extern") and not d.static}

    def has_static_code(self) -> bool:
        return any(s.static and s.kind == "function" for s in self.symbols)


@dataclass
class CellSession:
    """The C cells loaded into one boot of the guest, and what they defined."""

    kernel: Kernel
    # cell<N>.c, the unit gcc compiles, objects, linker scripts, linked files; removed with the session
    workspace: tempfile.TemporaryDirectory = field(
        default_factory=lambda: tempfile.TemporaryDirectory(prefix="ukrepl-cells-"), repr=False
    )
    cells: list[LinkedCell] = field(default_factory=list)
    carried: list[Carried] = field(default_factory=list)  # in definition order
    addresses: dict[str, int] = field(default_factory=dict)  # latest definition of each global
    typedefs: set[str] = field(default_factory=set)
    next_address: int = 0
    numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.directory = Path(self.workspace.name)
        self._macros: tuple[str, frozenset[str]] | None = None  # (the directives, the names they define)
        self.next_address = self.kernel.arena_start
        self._kernel_script = self.directory / "kernel-symbols.ld"
        self._strong_kernel_names = _write_kernel_script(self.kernel.elf, self._kernel_script)

    def close(self) -> None:
        """Remove the session's files (GDB must hold none of its symbol files any more)."""
        self.workspace.cleanup()

    # -- names ---------------------------------------------------------------

    def is_value(self, name: str) -> bool:
        """A function or object of the kernel or of a cell."""
        return name in self.kernel.functions or name in self.kernel.objects or name in self.addresses

    def is_type(self, name: str) -> bool:
        return name in self.kernel.typedef_names or name in self.typedefs

    def macros(self) -> frozenset[str]:
        """Names #defined by the headers and #defines that earlier cells used (cached per set of them)."""
        directives = "\n".join(c.text for c in self.carried if c.text.lstrip().startswith("#"))
        if self._macros is None or self._macros[0] != directives:
            argv = ["gcc", *self.kernel.cflags, "-dM", "-E", "-x", "c", "-"]
            out, _ = self._checked(self._run(argv, directives + "\n"))
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

    def compile(self, source: str) -> LinkedCell:
        """Compile and link a cell at the arena's next free address. Nothing is remembered yet (commit)."""
        number = next(self.numbers)
        try:
            chunks = csource.chunks(source, self.is_value, self.is_type)
        except csource.CellSyntax as err:
            raise CellError(f"cell{number}.c: {err}") from None
        if not chunks:
            raise CellError("the cell holds no C")
        self._settle_macros(chunks)
        definitions = [d for c in chunks for d in c.definitions()]
        self._refuse_kernel_names(definitions)
        (self.directory / f"cell{number}.c").write_text(source)
        header = self._header_for({d.name for d in definitions if d.kind not in ("prototype", "extern")})
        unit, shows_value = self._unit(number, chunks, header, value_as_statement=False)
        try:
            obj, warnings = self._compile(number, unit)
        except _VoidValue:
            unit, shows_value = self._unit(number, chunks, header, value_as_statement=True)
            obj, warnings = self._compile(number, unit)
        try:
            elf = self._link(number, obj)
        except CellError as err:
            raise CellError("\n".join(filter(None, (warnings, str(err))))) from None
        carried = [
            Carried(number, c.line, text, frozenset(d.name for d in c.definitions()))
            for c in chunks
            if (text := c.carried_text()) is not None
        ]
        cell = self._layout(number, source, elf, definitions, carried, shows_value, warnings)
        if shows_value:
            final = [c for c in chunks if c.kind is Kind.EXPRESSION][-1].text.strip()
            cell.designator = final if _DESIGNATOR.fullmatch(final) else None
        return cell

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
        out, _ = self._checked(
            self._run(["gcc", *self.kernel.cflags, "-E", "-P", "-x", "c", "-"], "\n".join(lines))
        )
        pieces = re.split(r"__ukrepl_probe_(\d+)", out)
        expansions = {int(pieces[k]): pieces[k + 1] for k in range(1, len(pieces) - 1, 2)}
        for i in ambiguous:
            csource.resolve(chunks[i], csource.tokenize(expansions.get(i, ""))[:4])

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

    def _unit(
        self, number: int, chunks: list[Chunk], header: list[Carried], value_as_statement: bool
    ) -> tuple[str, bool]:
        """The C file for gcc, and whether the cell shows a value."""
        name = f"cell{number}.c"
        is_object = {*self.kernel.objects, *self.addresses}.__contains__
        typedefs = self.kernel.typedef_names | self.typedefs
        top: list[str] = [f'#line {c.line} "cell{c.cell}.c"\n{c.text}\n' for c in header]
        body: list[str] = []
        shows_value = False
        for chunk in chunks:
            at = f'#line {chunk.line} "{name}"\n'
            hoisted = csource.hoist(chunk, is_object, typedefs)
            if hoisted is not None:
                top += [at, hoisted.declaration, "\n"]
                body += [at, " ".join(hoisted.assignments), "\n"]
            elif chunk.kind in (Kind.DIRECTIVE, Kind.DECLARATION, Kind.FUNCTION):
                top += [at, chunk.placed_text(), "\n"]
            elif chunk.kind is Kind.EXPRESSION and not value_as_statement:
                # Evaluated once, kept in a static the host reads through GDB with its type.
                body += [at, "__auto_type __ukrepl_value =\n", at, chunk.placed_text(), "\n;\n"]
                body += [f"static __typeof__(__ukrepl_value) {VALUE} __attribute__((used));\n"]
                body += [f"{VALUE} = __ukrepl_value;\n"]
                shows_value = True
            else:
                body += [at, chunk.placed_text(), ";\n" if chunk.kind is Kind.EXPRESSION else "\n"]
        if body:  # the function's own lines count as the first statement's (ld names them)
            top += [body[0], f"void {RUNNER.format(number)}(void)\n{{\n", *body, "}\n"]
        return "".join(top), shows_value

    def _compile(self, number: int, unit: str) -> tuple[Path, str]:
        """gcc -c of the unit; the object and gcc's warnings. CellError with its messages on failure,
        _VoidValue if the final expression turned out to have type void."""
        source = self.directory / f"unit{number}.c"
        source.write_text(unit)
        obj = self.directory / f"cell{number}.o"
        # DWARF 4, not gcc 12's default 5: objdump 2.40 takes the lines of a DWARF 5 line table
        # whose files come from #line directives from the wrong file (--show-asm quotes them).
        argv = [
            "gcc",
            *self.kernel.cflags,
            "-gdwarf-4",
            "-pipe",
            "-fdiagnostics-color=never",
            "-c",
            source.name,
        ]
        proc = self._run([*argv, "-o", obj.name])
        if proc.returncode != 0 and _VOID_VALUE.search(proc.stderr):
            raise _VoidValue()
        _, warnings = self._checked(proc, number)
        return obj, warnings

    def _link(self, number: int, obj: Path) -> Path:
        script = self.directory / f"cell{number}.ld"
        provides = "".join(f"PROVIDE({n} = {a:#x});\n" for n, a in self.addresses.items())
        script.write_text(
            f"INCLUDE {self._kernel_script.name}\n{provides}"
            "SECTIONS\n{\n"
            f"\t. = {self.next_address:#x};\n"
            "\t.text : { *(.text .text.*) }\n"
            "\t.rodata : { *(.rodata .rodata.*) }\n"
            "\t.data : { *(.data .data.*) }\n"
            "\t.bss : { *(.bss .bss.*) *(COMMON) }\n"
            "\t/DISCARD/ : { *(.note.GNU-stack) *(.note.gnu.property) *(.comment) *(.eh_frame) }\n"
            "}\n"
        )
        elf = self.directory / f"cell{number}.elf"
        argv = ["ld", "-static", "-T", script.name, "--build-id=none", "--no-warn-rwx-segments", "-e", "0"]
        self._checked(self._run([*argv, "-o", elf.name, obj.name]), number)
        return elf

    def _run(self, argv: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
        """Run a tool in the session directory (messages in the C locale: plain quotes).

        A tool given input (the preprocessor) also has its output captured;
        compiler and linker write files, and fewer pipes start them sooner.
        """
        env = {**os.environ, "LC_ALL": "C"}
        pipes = (
            {"input": stdin, "stdout": subprocess.PIPE}
            if stdin is not None
            else {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL}
        )
        return subprocess.run(argv, stderr=subprocess.PIPE, text=True, cwd=self.directory, env=env, **pipes)

    def _checked(self, proc: subprocess.CompletedProcess, number: int = 0) -> tuple[str, str]:
        """A tool's output and its messages cleaned for the user; CellError with the messages if it failed."""
        messages = _clean_messages(proc.stderr, number, self.directory)
        if proc.returncode != 0:
            raise CellError(messages or f"{proc.args[0]} failed (status {proc.returncode})")
        return proc.stdout or "", messages

    def _layout(
        self,
        number: int,
        source: str,
        elf_path: Path,
        definitions: list[Definition],
        carried: list[Carried],
        shows_value: bool,
        warnings: str,
    ) -> LinkedCell:
        """The linked file as bytes for the arena: sections, then the crash-report symbol table.

        Trailing .bss is not part of the image (a large array would cost a
        large write): the guest zeroes it in place.
        """
        elf = elf64.read(elf_path)
        sections = elf.allocated()
        start = self.next_address
        end = max((s.address + s.size for s in sections), default=start)
        loaded_end = max((s.address + len(s.data) for s in sections if s.data), default=start)
        image = bytearray(loaded_end - start)
        for s in sections:
            if s.data:
                image[s.address - start : s.address - start + len(s.data)] = s.data
        symbols = [
            CellSymbol(
                s.name,
                "function" if s.type == elf64.STT_FUNC else "variable",
                s.address,
                s.size,
                number,
                s.binding == elf64.STB_LOCAL,
            )
            for s in elf.symbols
            if s.defined_here and s.type in (elf64.STT_FUNC, elf64.STT_OBJECT)
        ]
        table_address = (end + 7) & ~7
        functions = [s for s in symbols if s.kind == "function"]
        previous = self.cells[-1].table_address if self.cells else 0  # the kernel's list: newest first
        table = _ksym_table(table_address, previous, start, end, functions)
        needed = table_address + len(table) - start
        if start + needed > self.kernel.arena_end:
            raise CellError(self._arena_full(number, needed))
        registrations = [
            Registration(s.name, s.address, s.address + s.size)
            for s in sorted(sections, key=lambda s: s.name)
            if not s.name.startswith(STANDARD_SECTIONS)
        ]
        by_name = {s.name: s.address for s in symbols}
        defines_main = any(d.name == "main" and d.kind == "function" for d in definitions)
        return LinkedCell(
            number,
            source,
            elf_path,
            start,
            bytes(image),
            end - loaded_end,
            table,
            table_address,
            symbols,
            registrations,
            by_name.get(RUNNER.format(number)),
            shows_value,
            by_name.get("main") if defines_main else None,
            definitions,
            carried,
            warnings,
        )

    def _arena_full(self, number: int, needed: int) -> str:
        size = self.kernel.arena_end - self.kernel.arena_start
        used = self.next_address - self.kernel.arena_start
        suggestion = 2 * ((size + needed) // 1024 + 64)
        return (
            f"cell {number} needs {_kib(needed)} but the cell arena has {_kib(size - used)} free "
            f"({_kib(used)} of {_kib(size)} used by earlier cells): boot with a larger arena, "
            f"e.g. %boot --config {ARENA_OPTION.removeprefix('CONFIG_')}={suggestion} "
            f"({ARENA_OPTION}, in KiB), or %reset to forget all cells"
        )

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
        if not entry.names:  # a directive: once is enough
            if all(c.text != entry.text for c in self.carried):
                self.carried.append(entry)
            return
        replaced = [i for i, c in enumerate(self.carried) if c.names & entry.names]
        if not replaced:
            self.carried.append(entry)
            return
        self.carried[replaced[0]] = entry  # in place: later declarations may use what it declares
        for i in reversed(replaced[1:]):
            del self.carried[i]

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


def _write_kernel_script(kernel_elf: Path, script: Path) -> frozenset[str]:
    """PROVIDE every global of the kernel (weak ones too: a cell's main replaces the kernel's);
    return the names of the strong ones, which cells may not define."""
    lines, strong = [], set()
    for s in elf64.read(kernel_elf).symbols:
        if s.binding in (elf64.STB_GLOBAL, elf64.STB_WEAK) and s.section != elf64.SHN_UNDEF:
            lines.append(f"PROVIDE({s.name} = {s.address:#x});\n")
            if s.binding == elf64.STB_GLOBAL:
                strong.add(s.name)
    script.write_text("".join(lines))
    return frozenset(strong)


def _ksym_table(address: int, next_table: int, start: int, end: int, functions: list[CellSymbol]) -> bytes:
    """struct uk_ksym_table of a cell's functions [start, end), to be placed at `address`."""
    by_address = {s.address: s for s in sorted(functions, key=lambda s: not s.static)}  # globals win
    functions = sorted(by_address.values(), key=lambda s: s.address)
    names_at = address + _KSYM_TABLE.size + _KSYM.size * len(functions)
    entries, names = b"", b""
    for s in functions:
        entries += _KSYM.pack(s.address, s.size, names_at + len(names))
        names += s.name.encode() + b"\0"
    return _KSYM_TABLE.pack(next_table, start, end, len(functions)) + entries + names


def _kib(n: int) -> str:
    return f"{(n + 1023) // 1024} KiB"


_DIAGNOSTIC = re.compile(r"^\S+:\d+:\d+: (?:error|warning|note): ")


def _clean_messages(text: str, number: int, directory: Path) -> str:
    """Compiler and linker messages as the user should read them: about the cell, not our files.

    Messages about the value variable we generate only follow from an error
    in the cell's final expression, which gcc reports already: left out.
    """
    kept, skipping = [], False
    for line in text.splitlines():
        if _DIAGNOSTIC.match(line):
            skipping = "__ukrepl_value" in line
        elif not line[:1].isspace():
            skipping = False
        if not skipping:
            kept.append(line)
    text = "\n".join(kept)
    runner = RUNNER.format(number)
    text = text.replace(f"In function '{runner}'", "In the cell's statements")
    text = text.replace(f"in function `{runner}'", "in the cell's statements")
    text = text.replace(f"{directory}/", "")
    text = re.sub(r"(?m)^\S*\bld: ", "ld: ", text)
    return text.strip()


def disassembly(cell: LinkedCell) -> str:
    """objdump's disassembly of a linked cell, with the cell's source lines between the instructions."""
    proc = subprocess.run(
        ["objdump", "-d", "-S", "--no-show-raw-insn", cell.elf.name],
        capture_output=True,
        text=True,
        cwd=cell.elf.parent,
        env={**os.environ, "LC_ALL": "C"},
    )
    if proc.returncode != 0:
        raise CellError(proc.stderr.strip() or "objdump failed")
    text = proc.stdout.split("Disassembly of section", 1)[-1]
    return "Disassembly of section" + text.rstrip()
