"""gcc and ld for a cell, and the linked file laid out as bytes for the cell arena.

A byte's path through this module: the C unit (unit.py) is written to
unit<N>.c and compiled by `Toolchain.compile` (gcc -c with the kernel's own
flags, run as cc1 | as without gcc's driver: compile_pipe); `Toolchain.link`
links the object with a generated script that starts the image at the
arena's next free address and PROVIDEs each name the object leaves undefined
at its address in the kernel (`kernel_symbols`) or an earlier cell (so a
cell's own definition of a name wins over an earlier one; ld reads a few
lines, not the kernel's thousand). `layout` reads the linked file (elf64):
the allocated sections become one image, followed by a symbol table for the
kernel's crash reports (struct uk_ksym_table, <uk/ksyms.h>), and it all
becomes a LinkedCell. gcc's and ld's messages are cleaned to speak of the
cell, not of our files (`clean_messages`); `disassembly` is objdump's view
of a linked cell.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..kernel_contract import KSYM, KSYM_TABLE
from . import compile_pipe, elf64
from .declarations import Definition
from .errors import CellError, VoidValue
from .linked_cell import Carried, CellSymbol, KernelImage, LinkedCell, Registration
from .unit import RUNNER

# W^X: a cell's code pages become r-x once loaded and its data pages stay rw-, so each cell starts
# on a page and its data starts on the page after its code (the host sets the rights per range).
PAGE = 4096
ARENA_ALIGN = PAGE  # where the next cell starts after one
ARENA_OPTION = "CONFIG_UKREPL_CELL_ARENA_SIZE"
# Output sections the cell's linker script names; any other allocated section
# (.uk_inittab<class><prio>, .init_array...) registers something with the kernel.
STANDARD_SECTIONS = (".text", ".rodata", ".data", ".bss")
_VOID_VALUE = re.compile(r"'__ukrepl_value' declared void")
_KSYM, _KSYM_TABLE = KSYM.format, KSYM_TABLE.format  # struct uk_ksym, struct uk_ksym_table
_DIAGNOSTIC = re.compile(r"^\S+:\d+:\d+: (?:error|warning|note): ")


@dataclass(frozen=True)
class Toolchain:
    """gcc and ld, run in a session's directory with the kernel's C flags."""

    directory: Path
    cflags: tuple[str, ...]
    prefix: str = ""  # of the cross tools: aarch64-linux-gnu-gcc, -ld

    def run(self, argv: list[str], stdin: str | None = None) -> subprocess.CompletedProcess:
        """Run a tool in the session directory (messages in the C locale: plain quotes).

        A tool given input (the preprocessor) also has its output captured;
        compiler and linker write files, and fewer pipes start them sooner.
        """
        pipes = (
            {"input": stdin, "stdout": subprocess.PIPE}
            if stdin is not None
            else {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL}
        )
        where = {"cwd": self.directory, "env": self._env}
        return subprocess.run(argv, stderr=subprocess.PIPE, text=True, **where, **pipes)

    def checked(self, proc: subprocess.CompletedProcess, number: int = 0) -> tuple[str, str]:
        """A tool's output and its messages cleaned for the user; CellError with the messages if it failed."""
        messages = clean_messages(proc.stderr, number, self.directory)
        if proc.returncode != 0:
            raise CellError(messages or f"{proc.args[0]} failed (status {proc.returncode})")
        return proc.stdout or "", messages

    def preprocess(self, text: str, *options: str) -> str:
        """gcc's preprocessor output for C text, with options (-E, -dM, -P) after the kernel's flags."""
        out, _ = self.checked(self.run([f"{self.prefix}gcc", *self.cflags, *options, "-x", "c", "-"], text))
        return out

    def compile(self, number: int, unit: str) -> tuple[Path, str]:
        """gcc -c of the unit; the object and gcc's warnings. CellError with its messages on failure,
        VoidValue if the final expression turned out to have type void."""
        source = self.directory / f"unit{number}.c"
        source.write_text(unit)
        obj = self.directory / f"cell{number}.o"
        if self._plan is not None:
            proc = compile_pipe.run_pipe(self._plan, source.name, obj.name, self.directory, self._env)
        else:
            proc = self.run([*self._compile_argv(source.name), "-o", obj.name])
        if proc.returncode != 0 and _VOID_VALUE.search(proc.stderr):
            raise VoidValue()
        _, warnings = self.checked(proc, number)
        return obj, warnings

    def _compile_argv(self, source: str) -> list[str]:
        # DWARF 4, not gcc 12's default 5: objdump 2.40 takes the lines of a DWARF 5 line table
        # whose files come from #line directives from the wrong file (--show-asm quotes them).
        gcc = f"{self.prefix}gcc"
        return [gcc, *self.cflags, "-gdwarf-4", "-pipe", "-fdiagnostics-color=never", "-c", source]

    @functools.cached_property
    def _plan(self) -> compile_pipe.Plan | None:
        """What gcc's driver runs for `compile`, so that compiles run it without the driver."""
        listing = self.run([*self._compile_argv(compile_pipe.SOURCE), "-o", compile_pipe.OBJECT, "-###"])
        return compile_pipe.driver_plan(listing.stderr) if listing.returncode == 0 else None

    @functools.cached_property
    def _env(self) -> dict[str, str]:
        return {**os.environ, "LC_ALL": "C"}

    def link(
        self, number: int, obj: Path, kernel: dict[str, int], addresses: dict[str, int], at: int
    ) -> Path:
        """ld of the object at address `at`, against the `kernel`'s symbols and earlier cells'
        `addresses` (those win: a cell's main replaces the kernel's weak one)."""
        script = self.directory / f"cell{number}.ld"
        needed = {s.name for s in elf64.read(obj).symbols if s.section == elf64.SHN_UNDEF}
        provides = "".join(
            f"PROVIDE({n} = {a:#x});\n"
            for n in sorted(needed)
            if (a := addresses.get(n, kernel.get(n))) is not None
        )
        script.write_text(
            f"{provides}"
            "SECTIONS\n{\n"
            f"\t. = {at:#x};\n"
            "\t.text : { *(.text .text.*) }\n"
            f"\t. = ALIGN({PAGE:#x});\n"
            "\t.rodata : { *(.rodata .rodata.*) }\n"
            "\t.data : { *(.data .data.*) }\n"
            "\t.bss : { *(.bss .bss.*) *(COMMON) }\n"
            "\t/DISCARD/ : { *(.note.GNU-stack) *(.note.gnu.property) *(.comment) *(.eh_frame) }\n"
            "}\n"
        )
        elf = self.directory / f"cell{number}.elf"
        argv = [f"{self.prefix}ld", "-static", "-T", script.name, "--build-id=none"]
        argv += ["--no-warn-rwx-segments", "-e", "0"]
        self.checked(self.run([*argv, "-o", elf.name, obj.name]), number)
        return elf


def kernel_symbols(kernel_elf: Path) -> tuple[dict[str, int], frozenset[str]]:
    """Every global of the kernel by name (weak ones too: a cell's main replaces the kernel's), and
    the names of the strong ones, which cells may not define."""
    addresses, strong = {}, set()
    for s in elf64.read(kernel_elf).symbols:
        if s.binding in (elf64.STB_GLOBAL, elf64.STB_WEAK) and s.section != elf64.SHN_UNDEF:
            addresses[s.name] = s.address
            if s.binding == elf64.STB_GLOBAL:
                strong.add(s.name)
    return addresses, frozenset(strong)


def layout(
    elf_path: Path,
    *,
    number: int,
    source: str,
    start: int,
    previous_table: int,
    kernel: KernelImage,
    definitions: list[Definition],
    carried: list[Carried],
    shows_value: bool,
    warnings: str,
) -> LinkedCell:
    """The linked file as bytes for the arena at `start`: sections, then the crash-report symbol table.

    previous_table: the newest earlier cell's table (0: none), which this
    one's points to. Trailing .bss is not part of the image: `zeros` counts
    it, and the loader writes it as zeros. CellError if
    the arena has no room for it.
    """
    elf = elf64.read(elf_path)
    sections = elf.allocated()
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
    table = ksym_table(table_address, previous_table, start, end, functions)
    needed = table_address + len(table) - start
    if start + needed > kernel.arena_end:
        raise CellError(_arena_full(kernel, start, number, needed))
    code_end = _code_end(sections, start, number)
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
        code_end=code_end,
    )


def _arena_full(kernel: KernelImage, next_address: int, number: int, needed: int) -> str:
    size = kernel.arena_end - kernel.arena_start
    used = next_address - kernel.arena_start
    suggestion = 2 * ((size + needed) // 1024 + 64)
    return (
        f"cell {number} needs {_kib(needed)} but the cell arena has {_kib(size - used)} free "
        f"({_kib(used)} of {_kib(size)} used by earlier cells): boot with a larger arena, "
        f"e.g. %boot --config {ARENA_OPTION.removeprefix('CONFIG_')}={suggestion} "
        f"({ARENA_OPTION}, in KiB), or %reset to forget all cells"
    )


def ksym_table(address: int, next_table: int, start: int, end: int, functions: list[CellSymbol]) -> bytes:
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


def clean_messages(text: str, number: int, directory: Path) -> str:
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


def _code_end(sections: list[elf64.Section], start: int, number: int) -> int:
    """The page after the cell's code (start: none); everything else must lie at or above it."""
    code = [s for s in sections if s.flags & elf64.SHF_EXECINSTR]
    end = max((s.address + s.size for s in code), default=start)
    end = (end + PAGE - 1) & ~(PAGE - 1)
    mixed = [s.name for s in sections if not s.flags & elf64.SHF_EXECINSTR and s.address < end]
    if mixed:  # the linker put data among the code: it could not be made r-x alone
        raise CellError(f"cell{number}: sections {', '.join(mixed)} lie among the code pages (W^X)")
    return end
