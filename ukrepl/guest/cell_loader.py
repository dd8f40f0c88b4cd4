"""C cells in the live guest: compiled by the compiler layer, written into the cell arena, run.

Path of a C cell: CellLoader.run -> compiler.CellSession.compile (gcc and ld:
an image linked at the arena's next free address) -> load_commands (the image,
its zeroed .bss and its crash-report symbol table written into the arena, the
table linked into the kernel's uk_ksym_loaded list; all MI writes, sent with the
first call's set-up) -> the kernel's ukrepl_cell_register runs the cell's
registration sections -> the generated statement runner -> main -> the value,
read back through GDB with the cell's symbol file (given to GDB only when a
name is looked up).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import struct
from collections.abc import Callable
from pathlib import Path

from ..compiler import RUNNER, VALUE, CellSession, CellText, KernelImage, LinkedCell
from ..compiler.symbols import SymbolTable
from ..kernel_build import KernelBuild
from ..kernel_contract import CELL_SECTION, STRING_SCRATCH
from ..target.arches import MACHINES
from ..target.gdbmi import GdbError
from ..target.machine import console_command, evaluate_command, write_command
from .calls import ARENA_END, CallHost, CallRunner
from .errors import GuestError
from .values import CellResult, Value

ARENA_START = "ukrepl_cell_arena_start"
LOADED_SYMBOLS = "uk_ksym_loaded"  # the kernel's list of cell symbol tables (<uk/ksyms.h>)
CELL_PROTECT = "ukrepl_cell_protect"  # W^X for a cell's pages (<ukrepl/host.h>, lib/ukreplhost)
CELL_RUN = "ukrepl_cell_run"  # protect, then run an entry: a new cell's first two calls in one
PROT_RW, PROT_RX = 0x3, 0x5  # PAGE_ATTR_PROT_READ | _WRITE, PAGE_ATTR_PROT_READ | _EXEC
PAGE = 4096
CELL_REGISTER = (
    "ukrepl_cell_register"  # runs a cell's registration sections (<ukrepl/host.h>, lib/ukreplhost)
)


def kernel_image(build_config: tuple[str, ...], arch: str, table: SymbolTable) -> KernelImage:
    """What the cells of a boot link against: the kernel's ELF and cell flags, the arena (less the
    string scratch at its top), and the kernel's names by kind."""
    build = KernelBuild(build_config, arch)
    kinds = {k: frozenset(n for n, s in table.symbols.items() if s.kind == k) for k in ("function", "object")}
    return KernelImage(
        build.elf,
        tuple(build.cflags_file.read_text().split()),  # one flag per line, none with spaces
        table.address(ARENA_START),
        table.address(ARENA_END) - STRING_SCRATCH,
        table.typedef_names,
        kinds["object"],
        kinds["function"],
        MACHINES[arch].tool_prefix,
    )


class CellLoader:
    """The C cells of one boot: what ran, what GDB holds of them, and how to run another."""

    def __init__(self, host: CallHost, calls: CallRunner, image: Callable[[], KernelImage]) -> None:
        self.host, self.calls = host, calls
        self._image = image  # what cells link against; asked for at the first cell of a boot
        self.session: CellSession | None = None  # made at the first cell
        self.ran: list[str] = []  # sources of the C cells that ran to the end in this boot
        self.previous: list[str] = []  # sources of the C cells that ran in an earlier boot (%replay)
        self.gdb_files: list[Path] = []  # cell symbol files GDB holds, in load order
        self.gdb_files_stale = False  # a cell was loaded since: see sync_symbols
        self.code_pages: set[int] = set()  # arena pages made r-x in this boot (W^X, see _protect)

    # -- names ---------------------------------------------------------------

    def is_type(self, name: str) -> bool:
        session = self.session
        return name in self.host.symbols.typedef_names or (session is not None and session.is_type(name))

    def is_macro(self, name: str) -> bool:
        """A name GDB does not know that a header or #define of an earlier cell defines."""
        session, table = self.session, self.host.symbols
        if session is None or name in table.symbols or self.is_type(name) or session.is_value(name):
            return False
        return name in session.macros()

    # -- running -------------------------------------------------------------

    def run(self, text: CellText, diagnostics: Callable[[str], None] | None = None) -> CellResult:
        """Compile a C cell, load it into the cell arena and run it.

        A compiler error raises CellError before the guest is touched; gcc's
        warnings go to `diagnostics` and into the result. Crashes name the cell
        and line.
        """
        self.host.session()
        session = self._session()
        cell = session.compile(text)
        if cell.warnings and diagnostics is not None:
            diagnostics(cell.warnings)
        value = self._run_loaded(cell, self._load_commands(cell))
        self.ran.append(text.source)
        return CellResult(value, diagnostics=cell.warnings, cell=cell)

    def _session(self) -> CellSession:
        if self.session is None:
            self.session = CellSession(self._image())
        return self.session

    def _load_commands(self, cell: LinkedCell) -> list[str]:
        """Remember the cell, and return the MI writes that load it: the image, its zeroed .bss and
        its crash-report symbol table (from one file), and the kernel's list head pointing at that
        table. GDB hears of the cell when it next looks a name up (sync_symbols)."""
        self.session.commit(cell)
        self.calls.types.clear()  # names may have new types now
        self.gdb_files_stale = True
        head = self.host.symbols.address(LOADED_SYMBOLS)
        return [self._image_write(cell), write_command(head, cell.table_address.to_bytes(8, "little"))]

    def _image_write(self, cell: LinkedCell) -> str:
        """The MI command that writes a cell: its image, its .bss zeroed and its symbol table, which
        GDB restores from one file of the session. GDB reads a command line one character at a
        time, so the image as hex on the command line cost more than QEMU's writing it (4 KiB:
        5 ms; from a file: 0.7 ms)."""
        memory = bytearray(cell.table_address - cell.address)  # the .bss and padding stay zero
        memory[: len(cell.image)] = cell.image
        path = self.session.directory / f"cell{cell.number}.bin"
        path.write_bytes(memory + cell.table)
        return console_command(f"restore {path} binary {cell.address:#x}")

    def sync_symbols(self, showing: LinkedCell | None = None) -> None:
        """Give GDB the cells' symbol files it should hold now (CellSession.symbol_files).

        Done only before GDB looks names up (expressions, raw commands, a
        cell's value), not at every load: a cell that only runs its
        statements or main never costs GDB a symbol file.
        """
        if self.session is None or (not self.gdb_files_stale and showing is None):
            return
        commands = self._symbol_file_commands(self.session.symbol_files(showing))
        self.gdb_files_stale = False
        try:
            self.host.session().batch(commands)
        except GdbError as err:
            raise GuestError(f"loading cell symbols into GDB: {err}") from err

    def _symbol_file_commands(self, wanted: list[Path]) -> list[str]:
        """GDB commands that make its cell symbol files `wanted`, in that order (GDB only appends)."""
        keep = 0
        while keep < min(len(wanted), len(self.gdb_files)) and wanted[keep] == self.gdb_files[keep]:
            keep += 1
        commands = [console_command(f"remove-symbol-file {path}") for path in self.gdb_files[keep:]]
        commands += [console_command(f"add-symbol-file {path} -o 0") for path in wanted[keep:]]
        self.gdb_files = list(wanted)
        return commands

    def _run_loaded(self, cell: LinkedCell, loading: list[str]) -> Value | None:
        """Run the cell's registration entries, statements and main; its value (None if it shows
        none). The loading writes travel with the first call's set-up."""
        pending = loading
        # What messages call the generated functions ("interrupted: cell 3 was stopped ...").
        named = {cell.runner: f"cell {cell.number}", cell.main: f"main of cell {cell.number}"}

        def call(callee: int | str, args: list[str], writes: list[str] | None = None, entry: int = 0) -> int:
            """One call with what is still to be written; `entry`: the cell's function it runs."""
            nonlocal pending
            callee_text = f"{callee:#x}" if isinstance(callee, int) else callee
            try:
                rax = self.calls.call_address(callee_text, args, before=[*pending, *(writes or [])])
            except GuestError as err:
                shown = named.get(entry or callee)
                if shown and callee_text in err.message:
                    err.message = err.message.replace(callee_text, shown)
                    err.args = (err.message,)
                raise
            pending = []
            return rax

        ran = self._protect(cell, call)  # with the first entry, when nothing must run between them
        if cell.registrations:
            self._register_sections(cell, call)
        value = None
        if cell.runner is not None:
            if ran is None:
                call(cell.runner, [])
            if cell.shows_value:
                value = self._cell_value(cell)
        if cell.main is not None:
            main_value = ran if ran is not None and cell.runner is None else self._run_main(cell, call)
            value = value or main_value
        if pending:  # nothing to run: a cell of definitions only
            try:
                self.host.session().batch(pending)
            except GdbError as err:
                raise GuestError(f"loading cell {cell.number}: {err}") from err
        return value

    def _protect(self, cell: LinkedCell, call: Callable[..., int]) -> Value | None:
        """W^X: the cell's code pages r-x, once GDB wrote them (debug writes ignore page rights), and
        its data pages rw- again where an earlier boot's or a forgotten cell's code was. The last
        range is protected by ukrepl_cell_run together with the cell's first entry (its statements,
        else main) when no registration must run in between: then that entry's value (main's)."""
        data_end = (cell.end + PAGE - 1) & ~(PAGE - 1)
        ranges = []
        if cell.code_end > cell.address:
            ranges.append((cell.address, cell.code_end, PROT_RX))
            self.code_pages |= set(range(cell.address, cell.code_end, PAGE))
        reused = self.code_pages & set(range(cell.code_end, data_end, PAGE))
        if reused:
            ranges.append((cell.code_end, data_end, PROT_RW))
            self.code_pages -= reused
        entry = None if cell.registrations else cell.runner if cell.runner is not None else cell.main
        ran = None
        for i, (lo, hi, prot) in enumerate(ranges):
            protect = [f"{lo:#x}", f"{hi - lo:#x}", str(prot)]
            if entry is None or i < len(ranges) - 1:
                rc = ctypes.c_int32(call(CELL_PROTECT, protect)).value
            else:
                args, writes = ([], []) if entry == cell.runner else self._main_arguments(cell)
                arguments = [*protect, f"{entry:#x}", *args, "0", "0"][:6]
                rc = ctypes.c_int64(call(CELL_RUN, arguments, writes, entry=entry)).value
                ran = Value(str(ctypes.c_int32(self.calls.result_high or 0).value), "int")
            if rc < 0:
                raise GuestError(f"cell {cell.number}: protecting its pages failed: {errno_text(rc)}")
        return ran

    def _register_sections(self, cell: LinkedCell, call: Callable[..., int]) -> None:
        """ukrepl_cell_register on an array of struct ukrepl_cell_section {name, start, end}, written
        with the names into the scratch area in one piece."""
        base = self.calls.scratch_base
        names, name_at = b"", []
        for r in cell.registrations:
            name_at.append(base + len(names))
            names += r.section.encode() + b"\0"
        names += bytes(-len(names) % 8)
        array = base + len(names)
        entries = (
            CELL_SECTION.format.pack(n, r.start, r.end)
            for n, r in zip(name_at, cell.registrations, strict=True)
        )
        count = str(len(cell.registrations))
        writes = [write_command(base, names + b"".join(entries))]
        rc = ctypes.c_int32(call(CELL_REGISTER, [f"{array:#x}", count], writes))
        if rc.value < 0:
            sections = ", ".join(r.section for r in cell.registrations)
            raise GuestError(
                f"cell {cell.number}: its registration sections ({sections}) failed: {errno_text(rc.value)}"
            )

    def _cell_value(self, cell: LinkedCell) -> Value:
        """The final expression's value, from the static the cell keeps it in, formatted by GDB."""
        self.sync_symbols(showing=cell)
        name = f"{RUNNER.format(cell.number)}::{VALUE}"
        try:
            value, vtype = self.host.session().batch(
                [evaluate_command(name), console_command(f"whatis {name}")]
            )
        except GdbError as err:
            raise GuestError(f"the value of cell {cell.number}: {err}") from err
        shown = Value(value.payload["value"], vtype.console.strip().removeprefix("type = "))
        if cell.designator and shown.type.endswith("*"):
            return self._array_value(cell.designator, shown.text.split()[0]) or shown
        return shown

    def _array_value(self, designator: str, decayed: str) -> Value | None:
        """The array a cell's final expression names, if GDB finds one at the address the cell's
        value decayed to (None otherwise, or if GDB cannot read the text, e.g. a macro)."""
        try:
            where = evaluate_command(f"(unsigned long)&({designator})")
            value, vtype, address = self.host.session().batch(
                [evaluate_command(designator), console_command(f"whatis {designator}"), where]
            )
        except GdbError:
            return None
        kind = vtype.console.strip().removeprefix("type = ")
        if not kind.endswith("]") or int(address.payload["value"], 0) != int(decayed, 16):
            return None
        return Value(value.payload["value"], kind)

    def _main_arguments(self, cell: LinkedCell) -> tuple[list[str], list[str]]:
        """main(1, {"cell<N>", NULL}), like a program's start: its arguments, and the write that
        puts argv and its string in the scratch area."""
        argv = self.calls.scratch_base
        block = struct.pack("<QQ", argv + 16, 0) + f"cell{cell.number}".encode() + b"\0"
        return ["1", f"{argv:#x}"], [write_command(argv, block)]

    def _run_main(self, cell: LinkedCell, call: Callable[..., int]) -> Value:
        args, writes = self._main_arguments(cell)
        rc = ctypes.c_int32(call(cell.main, args, writes)).value
        return Value(str(rc), "int")

    # -- crash reports -------------------------------------------------------

    def line_of(self, cell: LinkedCell, address: int) -> str:
        """`cellN.c:LINE: text` of an address in a cell's code (GDB's `info line`)."""
        mi = self.host.target.mi
        if cell.elf not in self.gdb_files:  # statement-only cells are not given to GDB until needed
            with contextlib.suppress(GdbError):
                mi.console(f"add-symbol-file {cell.elf} -o 0")
                self.gdb_files.append(cell.elf)
        try:
            answer = mi.console(f"info line *{address:#x}")
        except GdbError:
            answer = ""
        match = re.search(r'Line (\d+) of "(?:[^"]*/)?cell(\d+)\.c"', answer)
        if not match:
            return f"cell {cell.number}"
        line, number = int(match.group(1)), int(match.group(2))
        source = next((c.source for c in self.session.cells if c.number == number), "")
        text = source.splitlines()[line - 1].strip() if 0 < line <= len(source.splitlines()) else ""
        return f"cell{number}.c:{line}: {text}"

    # -- forgetting ----------------------------------------------------------

    def reset(self) -> int:
        """Forget every C cell of this boot (GDB drops their symbols, the arena starts empty); how many."""
        count = len(self.session.cells) if self.session else 0
        head = self.host.symbols.address(LOADED_SYMBOLS)
        commands = [*self._symbol_file_commands([]), write_command(head, bytes(8))]
        try:
            self.host.session().batch(commands)
        except GdbError as err:
            raise GuestError(str(err)) from err
        self._close()
        self.ran = []
        self.calls.types.clear()
        return count

    def forget(self) -> None:
        """The guest is gone: its arena and GDB with it; what ran can be replayed on the next one."""
        if self.ran:
            self.previous = self.ran
        self.ran = []
        self._close()
        self.gdb_files = []
        self.code_pages = set()  # a new boot maps the whole arena rw- again

    def _close(self) -> None:
        if self.session is not None:
            self.session.close()
        self.session = None
        self.gdb_files_stale = False


def errno_text(rc: int) -> str:
    """-12 -> '-12 (-ENOMEM: Cannot allocate memory)'."""
    name = errno.errorcode.get(-rc, "?")
    return f"{rc} (-{name}: {os.strerror(-rc)})"
