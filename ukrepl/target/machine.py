"""One target: a QEMU running a kernel image, with GDB attached to its stub; raw access to it.

Path of a request: a caller's MI command (a memory read, a register write, a
continue) -> Target -> gdbmi.MiSession (GDB/MI over pipes) -> GDB -> QEMU's
gdbstub on a Unix socket in QEMU's private run directory. Physical memory takes
a shorter path: QEMU keeps guest RAM in a file of that directory, which
physmem.MappedRam maps. Monitor commands go through QMP (qemu.QmpChannel).

The target knows nothing of cells, calls or the kernel's data structures: it
starts, stops, reads, writes and waits; what a stop means is its caller's
business.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .console import ConsoleLog
from .gdbmi import MiResult, MiSession, Wakeup, mi_quote, start_session
from .physmem import MappedRam, ram_layout
from .qemu import RAM_REGION, MachineSpec, QemuProcess


def evaluate_command(expression: str) -> str:
    """The MI command that evaluates a C expression."""
    return f"-data-evaluate-expression {mi_quote(expression)}"


def write_command(address: int, data: bytes) -> str:
    """The MI command that writes bytes to guest memory."""
    return f"-data-write-memory-bytes {address:#x} {data.hex()}"


def console_command(command: str) -> str:
    """The MI command that runs a GDB CLI command."""
    return f"-interpreter-exec console {mi_quote(command)}"


class Target:
    """QEMU + GDB for one boot at a time; `start` again replaces both."""

    def __init__(self, console_sink: Callable[[str], None] | None = None) -> None:
        self.wakeup = Wakeup()
        self.console = ConsoleLog(self.wakeup, console_sink)
        self.qemu: QemuProcess | None = None
        self.mi: MiSession | None = None
        self._ram: MappedRam | None = None  # guest RAM, mapped on the first physical read
        self._register_numbers: dict[str, int] = {}

    @property
    def running(self) -> bool:
        """QEMU and GDB are up (the guest may be stopped or running)."""
        return self.mi is not None and self.qemu is not None

    def start(self, spec: MachineSpec, then: tuple[str, ...] = ()) -> list[MiResult]:
        """Start QEMU on spec and GDB on its stub; run the MI commands `then` in the same round trip.
        The guest stays paused until `run`."""
        self.stop()
        boot = self.console.new_boot()
        self.qemu = QemuProcess(
            spec,
            lambda text: self.console.append(boot, text),
            lambda code: self.console.exited(boot, code),
            console_lock=self.wakeup,
        )
        self._register_numbers = {}
        self.mi, results = start_session(
            spec.kernel, self.qemu.gdb_socket, self.wakeup, then=then, gdb=spec.machine.gdb
        )
        return results

    def run(self) -> None:
        """Let the guest `start` left paused run; GDB lists the register names meanwhile (it has
        nothing else to do while the guest boots, so the boot no longer waits for that)."""
        _, names = self.mi.batch(["-exec-continue", "-data-list-register-names"])
        # The name list has empty slots (absent ymm/k registers): index by position.
        self._register_numbers = {n: i for i, n in enumerate(names.payload["register-names"]) if n}

    def stop(self) -> None:
        """End GDB and QEMU; safe at any time."""
        if self.mi is not None:
            self.mi.close()
            self.mi = None
        if self._ram is not None:
            self._ram.close()
            self._ram = None
        if self.qemu is not None:
            self.qemu.stop()
            self.qemu = None

    def qemu_stderr(self) -> str:
        return self.qemu.stderr_text().strip() if self.qemu is not None else ""

    # -- waiting -------------------------------------------------------------

    def drain_console(self, on_wake: Callable[[], None]) -> None:
        """Wait until every byte the stopped guest printed has reached the console log, so that a
        cell's output is shown with that cell, not with the next one."""
        with self.console.draining():
            self.mi.wait_for(lambda: self.qemu.console_waiting() == 0, on_wake)

    # -- registers -----------------------------------------------------------

    def registers_command(self, names: tuple[str, ...], cpu: int = 0) -> str:
        numbers = " ".join(str(self._register_numbers[n]) for n in names)
        return f"-data-list-register-values --thread {cpu + 1} x {numbers}"

    def registers_from(self, result: MiResult, names: tuple[str, ...]) -> dict[str, int]:
        by_number = {int(r["number"]): int(r["value"], 16) for r in result.payload["register-values"]}
        return {n: by_number[self._register_numbers[n]] for n in names}

    def write_registers_command(self, values: dict[str, str | int], cpu: int = 0) -> str:
        """The MI command that sets registers of one CPU (values: C expressions or numbers).

        Not `$reg=value`: GDB re-reads every register from the stub after each
        such assignment, which made a call cost some sixty packets instead of
        a dozen.
        """
        pairs = " ".join(f"{self._register_numbers[r]} {mi_quote(str(v))}" for r, v in values.items())
        return f"-data-write-register-values --thread {cpu + 1} x {pairs}"

    # -- memory --------------------------------------------------------------

    @staticmethod
    def read_command(address: int, size: int) -> str:
        return f"-data-read-memory-bytes {address:#x} {size}"

    @staticmethod
    def bytes_from(result: MiResult) -> bytes:
        return b"".join(bytes.fromhex(block["contents"]) for block in result.payload["memory"])

    def read_physical(self, address: int, size: int) -> bytes:
        """Guest-physical memory: from the mapped RAM file, else (ROM, MMIO) through QMP pmemsave."""
        if self._ram is None and self.qemu.ram_file.exists():
            self._ram = MappedRam(self.qemu.ram_file, ram_layout(self.hmp("info mtree -f"), RAM_REGION))
        data = self._ram.read(address, size) if self._ram is not None else None
        if data is None:
            target = self.qemu.rundir / "pmemsave.bin"
            self.qmp("pmemsave", val=address, size=size, filename=str(target))
            data = target.read_bytes()
        return data

    # -- monitor -------------------------------------------------------------

    def qmp(self, name: str, **arguments) -> object:
        return self.qemu.connect_qmp().command(name, **arguments)

    def hmp(self, command_line: str, cpu: int | None = None) -> str:
        """A QEMU monitor command through QMP (e.g. 'info registers -a'), optionally on one CPU."""
        return self.qemu.connect_qmp().hmp(command_line, cpu)

    @property
    def rundir(self) -> Path:
        """QEMU's private 0700 run directory: the GDB and QMP sockets, the guest-RAM file."""
        return self.qemu.rundir

    def pids(self) -> dict[str, int]:
        """Process IDs of QEMU and GDB, for whoever must watch or reap them."""
        return {"qemu": self.qemu.process.pid, "gdb": self.mi.process.pid}
