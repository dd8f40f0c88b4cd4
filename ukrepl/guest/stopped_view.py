"""A stopped guest as a debugger front end shows it: its CPUs as threads, a frame's variables
(structs opened member by member), the CPU's registers, expressions in any frame.

Path: the debug adapter (frontend.debug_adapter) asks StoppedView -> one GDB/MI command each
(-thread-info, -stack-list-variables, -var-create, -var-list-children,
-data-list-register-values, -data-evaluate-expression) for a CPU (GDB thread cpu + 1) and a
frame level -> Variable and CpuThread records. Variables are GDB variable objects, so a struct's
members are asked for only when someone opens it; they are deleted when the guest runs on.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Protocol

from ..target.gdbmi import GdbError, MiSession, mi_quote
from .errors import GuestError

# The registers worth a look at a stop: general purpose, flags, segments and control on x86_64;
# x0-x30, sp, pc and cpsr on arm64 (not the FPU/vector files).
SHOWN_REGISTERS = re.compile(
    r"r[a-z]{2}|r\d+|rip|eflags|[cdefgs]s|fs_base|gs_base|cr[0-8]|efer|x\d+|sp|pc|cpsr"
)


class InspectHost(Protocol):
    def session(self, inspecting: bool = False) -> MiSession: ...


@dataclass(frozen=True)
class CpuThread:
    cpu: int
    state: str  # GDB's: stopped or running
    function: str

    @property
    def name(self) -> str:
        where = f" in {self.function}" if self.function and self.function != "??" else ""
        return f"CPU {self.cpu} ({self.state}{where})"


@dataclass(frozen=True)
class Variable:
    name: str
    value: str
    type: str
    expression: str  # what evaluates to it in its frame
    handle: str = ""  # GDB's variable object when it has members to open, else ""


class StoppedView:
    """Threads, variables, registers and expressions of the stopped guest."""

    def __init__(self, host: InspectHost) -> None:
        self.host = host
        self._objects: list[str] = []  # variable objects made since the last stop
        self._register_names: list[str] = []

    def _command(self, command: str) -> dict:
        try:
            return self.host.session(inspecting=True).command(command).payload
        except GdbError as err:
            raise GuestError(str(err), "the guest must be stopped at a breakpoint for this") from None

    def threads(self) -> list[CpuThread]:
        records = self._command("-thread-info")["threads"]
        return [
            CpuThread(int(r["id"]) - 1, r.get("state", "?"), r.get("frame", {}).get("func", ""))
            for r in records
        ]

    def source_files(self) -> list[str]:
        """The kernel's source files, as GDB has them (full paths), headers left out."""
        records = self._command("-file-list-exec-source-files")["files"]
        return sorted({r["fullname"] for r in records if r.get("fullname", "").endswith((".c", ".S"))})

    def variables(self, cpu: int, level: int) -> list[Variable]:
        """The arguments, then the locals, of frame `level` of a CPU."""
        where = f"--thread {cpu + 1} --frame {level}"
        records = self._command(f"-stack-list-variables {where} --no-values")["variables"]
        ordered = sorted(records, key=lambda r: r.get("arg") != "1")  # stable: arguments first
        return [self._object(r["name"], where) for r in ordered]

    def _object(self, expression: str, where: str) -> Variable:
        record = self._command(f"-var-create {where} - * {mi_quote(expression)}")
        self._objects.append(record["name"])
        return _variable(expression, expression, record)

    def members(self, handle: str) -> list[Variable]:
        """The members (elements, pointee) of a variable object."""
        records = self._command(f"-var-list-children --all-values {handle}").get("children", [])
        return [_variable(r["exp"], r["exp"], r) for r in records]

    def registers(self, cpu: int, level: int) -> list[Variable]:
        if not self._register_names:
            self._register_names = self._command("-data-list-register-names")["register-names"]
        names = self._register_names
        numbers = [str(n) for n, name in enumerate(names) if SHOWN_REGISTERS.fullmatch(name)]
        where = f"--thread {cpu + 1} --frame {level}"
        records = self._command(f"-data-list-register-values {where} x {' '.join(numbers)}")
        return [
            Variable(names[int(r["number"])], r["value"], "register", f"${names[int(r['number'])]}")
            for r in records["register-values"]
        ]

    def evaluate(self, expression: str, cpu: int, level: int) -> Variable:
        """A C expression in a frame, as a variable (a struct's members can be opened)."""
        return self._object(expression, f"--thread {cpu + 1} --frame {level}")

    def text(self, expression: str, cpu: int, level: int) -> str:
        """A C expression's value in a frame, as GDB prints it (structs whole)."""
        where = f"--thread {cpu + 1} --frame {level}"
        return self._command(f"-data-evaluate-expression {where} {mi_quote(expression)}")["value"]

    def forget(self) -> None:
        """The guest runs on: the variable objects of this stop go."""
        objects, self._objects = self._objects, []
        mi = self.host.session(inspecting=True)
        for name in objects:
            with contextlib.suppress(GdbError):  # GDB may have restarted with the guest
                mi.command(f"-var-delete {name}")
        self._register_names = []


def _variable(name: str, expression: str, record: dict) -> Variable:
    has_members = int(record.get("numchild", "0")) > 0
    return Variable(
        name,
        record.get("value", ""),
        record.get("type", ""),
        expression,
        record["name"] if has_members else "",
    )
