"""The live guest, as notebook cells and widgets see it: boot, evaluate, call, inspect, run C cells.

Byte path of an expression cell: kernel.py -> Guest.evaluate -> callexpr (split
out calls) -> Guest._call (registers set by the SysV ABI through GDB/MI, return
caught by a hardware breakpoint on ukrepl_call_return) -> gdbmi -> QEMU's gdbstub.

Byte path of a C cell: Guest.run_cell -> cells.CellSession.compile (gcc and ld:
an image linked at the arena's next free address) -> Guest._load_cell (the image
written into the arena, its symbol table linked into the kernel's list, its
symbol file given to GDB) -> Guest._run_loaded_cell (registration entries,
statements, main, each a Guest._call).

Calls run on the boot CPU, stopped at its idle function, with interrupts
disabled, on the stack below where idle stopped. GDB's own inferior calls are
not used: they plant an int3 on the guest stack, which kills a guest under this
host's KVM; the hardware-breakpoint return works under KVM and TCG alike.
"""

from __future__ import annotations

import contextlib
import ctypes
import enum
import errno
import os
import re
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import callexpr, cells, csource, percpu, symbols
from .build import KernelBuild
from .descriptors import TSS64_SIZE, decode_tss64
from .files import (
    FILE_OPERATIONS,
    SOCKET_OPERATIONS,
    EpollWatch,
    OpenFile,
    OpenSocket,
    SocketFamily,
    afunix_state,
)
from .gdbmi import GdbDied, GdbError, MiSession, mi_quote, start_session
from .monitor_registers import parse_info_registers
from .pagetables import Range, TableEntry, Translation, ranges, table_entries, translate
from .paging_x86_64 import ADDRESS_MASK, TABLE_SIZE
from .physmem import MappedRam, ram_layout
from .qemu import RAM_REGION, MachineSpec, QemuError, QemuProcess, auto_accel

IDLE, CRASHED, CALL_RETURN = "ukrepl_idle", "ukrepl_crashed", "ukrepl_call_return"
ABANDONED = "ukrepl_call_abandoned"  # include/ukrepl/host.h: clean-up after an interrupted call
CRASH_FIRST, CRASH_LAST = "*** CRASH", "*** end of crash report"
ARGUMENT_REGISTERS = ("rdi", "rsi", "rdx", "rcx", "r8", "r9")
SAVED_REGISTERS = (
    "rax",
    "rbx",
    "rcx",
    "rdx",
    "rsi",
    "rdi",
    "rbp",
    "rsp",
    "r8",
    "r9",
    "r10",
    "r11",
    "r12",
    "r13",
    "r14",
    "r15",
    "rip",
    "eflags",
)
CALL_STACK_GAP = 512  # bytes left untouched below the interrupted stack pointer
LCPU_COUNT = "lcpu_count"  # CPUs the kernel found (arch/x86_64/lcpu.c)
LCPU_STACK_FILL = 0x5A  # LCPU_STACK_FILL in arch/x86_64/lcpu.h: IST stacks start filled with it
STRING_SCRATCH = 64 * 1024  # top of the cell arena holds string literals of one evaluation
ARENA_START, ARENA_END = "ukrepl_cell_arena_start", "ukrepl_cell_arena_end"
LOADED_SYMBOLS = "uk_ksym_loaded"  # the kernel's list of cell symbol tables (<uk/ksyms.h>)
CELL_REGISTER = "ukrepl_cell_register"  # runs a cell's registration sections (include/ukrepl/host.h)


class GuestError(Exception):
    """A problem to show the user as one short message (never a traceback)."""


class NotBooted(GuestError):
    def __init__(self) -> None:
        super().__init__("the guest is not running: use %boot first")


class GuestCrashed(GuestError):
    """The guest took an exception; the crash report is in `report`, where it was in cell code in `where`."""

    def __init__(self, report: str, where: str = "") -> None:
        first = report.splitlines()[0] if report else "crash"
        site = f"\n{where}" if where else ""
        super().__init__(f"guest crashed: {first.removeprefix('*** ')}{site}\n(use %reboot to start again)")
        self.report = report
        self.where = where


class GuestInterrupted(GuestError):
    pass


class GuestDied(GuestError):
    pass


class State(enum.Enum):
    OFF = "off"
    READY = "ready"  # boot CPU stopped at ukrepl_idle
    RUNNING = "running"  # inside a call
    CRASHED = "crashed"
    DEAD = "dead"


@dataclass(frozen=True)
class Value:
    """A C value as GDB formats it, with its type."""

    text: str
    type: str

    def __str__(self) -> str:
        if self.type == "void":
            return ""
        return self.text if self.text.startswith("(") else f"({self.type}) {self.text}"


def default_accel() -> str:
    """auto, unless UKREPL_ACCEL says otherwise (the test suite sets tcg)."""
    return os.environ.get("UKREPL_ACCEL", "auto")


@dataclass(frozen=True)
class CellRun:
    """A C cell that ran: what was loaded, and the value it shows (None: none)."""

    cell: cells.LinkedCell
    value: Value | None


@dataclass(frozen=True)
class BootOptions:
    smp: int = 1
    mem: str = "128M"
    accel: str = field(default_factory=default_accel)
    config: tuple[str, ...] = ()


class Guest:
    """One QEMU + GDB pair running the ukrepl unikernel."""

    def __init__(self, console_sink: Callable[[str], None] | None = None) -> None:
        self.console_sink = console_sink
        self.state = State.OFF
        self.options = BootOptions()
        self.accel = ""
        self.kvm_note = ""
        self.crash_report = ""
        self.symbols: symbols.SymbolTable | None = None
        self._wakeup = threading.Condition()
        self._log: list[str] = []
        self._pending: list[str] = []
        self._qemu: QemuProcess | None = None
        self._mi: MiSession | None = None
        self._qemu_exit: int | None = None
        self._kvm_failure = ""  # why KVM failed to boot once: auto then sticks to TCG
        self._boots = 0  # QEMU processes started so far
        self._ram: MappedRam | None = None  # guest RAM, mapped on first physical read
        self._types: dict[str, str] = {}  # expression -> type, for the symbols of this boot
        self.cells: cells.CellSession | None = None  # the C cells of this boot, made at the first one
        self.previous_cells: list[str] = []  # sources of the C cells that ran in an earlier boot (%replay)
        self._cells_run: list[str] = []  # sources of the C cells that ran to the end in this boot
        self._gdb_cell_files: list[Path] = []  # cell symbol files GDB holds, in load order
        self._gdb_cell_files_stale = False  # a cell was loaded since: see _sync_cell_symbols
        self._register_numbers: dict[str, int] = {}
        # The boot CPU's registers at rest, as the last call put them back; saves reading them before
        # the next call. Anything else that may change them (raw GDB or monitor commands) forgets them.
        self._resting: dict[str, int] | None = None

    # -- console -------------------------------------------------------------

    # QEMU's reader threads call these; `boot` says which QEMU, since a stopped
    # one may still report its last bytes and its exit after the next has started.

    def _on_console(self, boot: int, text: str) -> None:
        with self._wakeup:
            if boot == self._boots:
                self._log.append(text)
                self._pending.append(text)
                self._wakeup.notify_all()

    def _on_qemu_exit(self, boot: int, code: int) -> None:
        with self._wakeup:
            if boot == self._boots:
                self._qemu_exit = code
                self._wakeup.notify_all()

    def flush_console(self, whole_lines: bool = False) -> str:
        """Hand console output not yet shown to the sink; return it.

        With whole_lines, a trailing partial line waits for its newline: a slow
        serial port delivers a few bytes at a time, and a stream message per
        fragment would shred the cell's output.
        """
        with self._wakeup:
            text = "".join(self._pending)
            cut = text.rfind("\n") + 1 if whole_lines else len(text)
            text, rest = text[:cut], text[cut:]
            self._pending[:] = [rest] if rest else []
        if text and self.console_sink is not None:
            self.console_sink(text)
        return text

    @property
    def console_log(self) -> str:
        with self._wakeup:
            return "".join(self._log)

    def _on_wake(self) -> None:
        """Run at every wake-up while waiting on GDB: stream console, notice QEMU's death."""
        self.flush_console(whole_lines=True)
        if self._qemu_exit is not None:
            self.state = State.DEAD
            raise GuestDied(f"QEMU exited (status {self._qemu_exit}); use %boot to start again")

    # -- life cycle ----------------------------------------------------------

    def boot(self, options: BootOptions | None = None, progress: Callable[[str], None] | None = None) -> None:
        """Build if needed, start QEMU and GDB, run to the idle function."""
        self.shutdown()
        self.options = options or self.options
        elf = KernelBuild(self.options.config).run(progress)
        self.symbols = symbols.load(elf)
        self._types.clear()
        accel, self.kvm_note = self.options.accel, ""
        if accel == "auto":
            accel, self.kvm_note = ("tcg", self._kvm_failure) if self._kvm_failure else auto_accel()
        try:
            self._start(elf, accel)
        except GuestError as err:
            if self.options.accel != "auto" or accel != "kvm":
                raise
            self._kvm_failure = self.kvm_note = f"KVM unusable ({err}); fell back to TCG"
            self._start(elf, "tcg")

    def _start(self, elf: Path, accel: str) -> None:
        self.shutdown()
        self.accel = accel
        with self._wakeup:  # from here on, the previous QEMU's reports are ignored
            self._boots += 1
            boot = self._boots
            self._qemu_exit = None
            self._log.clear()
            self._pending.clear()
        spec = MachineSpec(elf, self.options.smp, self.options.mem, accel)
        self._qemu = QemuProcess(
            spec,
            lambda text: self._on_console(boot, text),
            lambda code: self._on_qemu_exit(boot, code),
            console_lock=self._wakeup,
        )
        try:
            # Hardware breakpoints only: int3 kills the guest under this host's KVM.
            breakpoints = tuple(f"-break-insert -h {f}" for f in (IDLE, CRASHED, CALL_RETURN))
            self._mi, (names, *_) = start_session(
                elf, self._qemu.gdb_socket, self._wakeup, then=("-data-list-register-names", *breakpoints)
            )
            # The name list has empty slots (absent ymm/k registers): index by position.
            self._register_numbers = {n: i for i, n in enumerate(names.payload["register-names"]) if n}
            self.state = State.RUNNING
            self._mi.command("-exec-continue")
            self._after_stop(self._mi.wait_stopped(self._on_wake))
            self._drain_console()  # the banner ends with the ready line, printed just before the stop
        except (GdbError, GdbDied, QemuError, GuestDied) as err:
            detail = self._qemu.stderr_text().strip() if self._qemu else ""
            self.shutdown()
            raise GuestDied(f"boot failed: {err}" + (f"\n{detail}" if detail else "")) from err
        if self.state is State.CRASHED:
            raise GuestCrashed(self.crash_report)

    def reboot(self, progress: Callable[[str], None] | None = None) -> None:
        self.boot(self.options, progress)

    def shutdown(self) -> None:
        """End GDB and QEMU; safe to call at any time."""
        self._resting = None
        self._forget_cells()
        if self._mi is not None:
            self._mi.close()
            self._mi = None
        if self._ram is not None:
            self._ram.close()
            self._ram = None
        if self._qemu is not None:
            self._qemu.stop()
            self._qemu = None
        self.state = State.OFF

    def _after_stop(self, stop: dict) -> str:
        """Classify a *stopped record, update the state, return the function it stopped in."""
        func = stop.get("frame", {}).get("func", "")
        if func == CRASHED:
            self.state = State.CRASHED
            # The report precedes the stop, but its last bytes may still be in the pipe.
            self._mi.wait_for(lambda: CRASH_LAST in self.console_log, self._on_wake)
            self.crash_report = _crash_report(self.console_log)
        elif func in (IDLE, CALL_RETURN) or stop.get("reason") == "signal-received":
            self.state = State.READY
        elif stop.get("reason", "").startswith("exited"):
            self.state = State.DEAD
        else:
            self.state = State.READY
        if self.state is State.READY and stop.get("thread-id", "1") != "1":
            # Calls run on the boot CPU: an interrupt may report the stop on another one.
            self._mi.command("-thread-select 1")
        return func

    # -- access --------------------------------------------------------------

    def _session(self, inspecting: bool = False) -> MiSession:
        if self.state is State.CRASHED and not inspecting:
            raise GuestCrashed(self.crash_report)
        if self._mi is None or self.state in (State.OFF, State.DEAD):
            raise NotBooted()
        return self._mi

    def gdb(self, command: str) -> str:
        """Run a raw GDB command (CLI syntax) and return its output."""
        mi = self._mi
        if mi is None:
            raise NotBooted()
        self._resting = None  # the command may set registers
        try:
            self._sync_cell_symbols()
            return mi.console(command)
        except GdbError as err:
            raise GuestError(str(err)) from err

    def qmp(self, name: str, **arguments) -> object:
        if self._qemu is None:
            raise NotBooted()
        self._resting = None  # the command may reset the CPU
        return self._qemu.connect_qmp().command(name, **arguments)

    def hmp(self, command_line: str, cpu: int | None = None) -> str:
        """A QEMU monitor command through QMP (e.g. 'info registers -a'), optionally on one CPU."""
        if self._qemu is None:
            raise NotBooted()
        self._resting = None  # the command may reset the CPU
        return self._qemu.connect_qmp().hmp(command_line, cpu)

    def read_memory(self, address: int, size: int) -> bytes:
        res = self._command(f"-data-read-memory-bytes {address:#x} {size}")
        return b"".join(bytes.fromhex(block["contents"]) for block in res.payload["memory"])

    def read_physical(self, address: int, size: int) -> bytes:
        """Guest-physical memory: from the mapped RAM file, else (ROM, MMIO) through QMP pmemsave."""
        if self._qemu is None:
            raise NotBooted()
        if self._ram is None and self._qemu.ram_file.exists():
            self._ram = MappedRam(self._qemu.ram_file, ram_layout(self.hmp("info mtree -f"), RAM_REGION))
        data = self._ram.read(address, size) if self._ram is not None else None
        if data is None:
            target = self._qemu.rundir / "pmemsave.bin"
            self.qmp("pmemsave", val=address, size=size, filename=str(target))
            data = target.read_bytes()
        return data

    def page_table_root(self, cpu: int = 0) -> int:
        """Physical address of the top-level page table CPU `cpu` uses (its CR3)."""
        return self.registers(("cr3",), cpu)["cr3"] & ADDRESS_MASK

    def page_ranges(self, cpu: int = 0) -> list[Range]:
        """Everything CPU `cpu`'s page tables map, merged into ranges."""
        tables: dict[int, bytes] = {}  # a table read once per dump, however often it is linked

        def read_table(address: int) -> bytes:
            if address not in tables:
                tables[address] = self.read_physical(address, TABLE_SIZE)
            return tables[address]

        return ranges(read_table, self.page_table_root(cpu))

    def translate(self, va: int, cpu: int = 0) -> Translation:
        """Walk one virtual address through CPU `cpu`'s page tables, level by level."""
        return translate(
            lambda address: self.read_physical(address, TABLE_SIZE), self.page_table_root(cpu), va
        )

    def page_table_entries(self, table: int, depth: int, base: int) -> list[TableEntry]:
        """The present entries of one page table (physical address `table`, level `depth`)."""
        return table_entries(lambda address: self.read_physical(address, TABLE_SIZE), table, depth, base)

    def qemu_translate(self, va: int, cpu: int = 0) -> int | None:
        """QEMU's own answer for a virtual address (monitor 'gva2gpa'), None if it says unmapped."""
        text = self.hmp(f"gva2gpa {va:#x}", cpu)
        match = re.search(r"gpa: (0x[0-9a-f]+)", text)
        return int(match.group(1), 16) if match else None

    def write_memory(self, address: int, data: bytes) -> None:
        self._command(f"-data-write-memory-bytes {address:#x} {data.hex()}")

    def registers(self, names: tuple[str, ...] = SAVED_REGISTERS, cpu: int = 0) -> dict[str, int]:
        """Registers of one CPU (GDB thread cpu + 1), by name, in one MI command."""
        numbers = " ".join(str(self._register_numbers[n]) for n in names)
        res = self._command(f"-data-list-register-values --thread {cpu + 1} x {numbers}")
        by_number = {int(r["number"]): int(r["value"], 16) for r in res.payload["register-values"]}
        return {n: by_number[self._register_numbers[n]] for n in names}

    def cpus(self) -> list[percpu.CpuState]:
        """Every CPU the kernel knows: its struct lcpu decoded, checked against QEMU's registers."""
        count, mode, crashed_cpu = (
            r.payload["value"]
            for r in self._batch(
                [
                    _eval(LCPU_COUNT),
                    _eval("lapic_mode"),
                    _eval("ukrepl_crash_info.count ? ukrepl_crash_info.cpu : -1"),
                ]
            )
        )
        facts = [self._lcpu_facts(i) for i in range(int(count))]
        monitors = {m.index: m for m in parse_info_registers(self.hmp("info registers -a"))}
        return [
            percpu.decode_cpu(
                cpu,
                percpu.apic_mode_name(mode),
                LCPU_STACK_FILL,
                monitors.get(cpu.apic_id),  # QEMU numbers x86 CPUs by APIC ID here
                crashed=int(crashed_cpu) == cpu.index,
                parked=cpu.index == 0 and self.state is State.READY,
            )
            for cpu in facts
        ]

    def run_on_cpus(self, function: str, cpus: list[int], timeout_ms: int = 5000) -> dict[int, str]:
        """Run `void function(struct __regs *, void *)` on CPUs through ukplat_lcpu_run, wait, and
        return what each CPU printed meanwhile (the kernel keeps a per-CPU copy of its console lines)."""
        if not cpus:
            raise GuestError("no CPUs given")
        entry = self._function_address(function)
        before = self._console_positions(cpus)
        sink, self.console_sink = self.console_sink, None  # the output comes back per CPU instead
        try:
            return self._run_and_wait(entry, cpus, timeout_ms, before)
        except GuestCrashed:
            if sink is not None:
                sink(self.crash_report + "\n")
            raise
        finally:
            self.flush_console()
            self.console_sink = sink

    def _run_and_wait(self, entry: int, cpus: list[int], timeout_ms: int, before: dict[int, int]) -> dict:
        scratch = _Scratch(self)
        idx = scratch.put(struct.pack(f"<{len(cpus)}I", *cpus))
        func = scratch.put(struct.pack("<QQ", entry, 0))
        num = scratch.put(struct.pack("<I", len(cpus)))  # in: list length, out: CPUs done
        rc = int(self.call("ukplat_lcpu_run", idx, num, func, 0).text, 0)
        if rc < 0:
            raise GuestError(f"ukplat_lcpu_run failed: {_errno_text(rc)}")
        self.write_memory(num, struct.pack("<I", len(cpus)))
        rc = int(self.call("ukplat_lcpu_wait", idx, num, timeout_ms * 1_000_000).text, 0)
        if rc < 0:
            raise GuestError(f"ukplat_lcpu_wait: {_errno_text(rc)} after {timeout_ms} ms")
        return self._console_since(before)

    def _function_address(self, name: str) -> int:
        """A function of the kernel or of a C cell (the latest definition)."""
        if self.cells is not None and name in self.cells.addresses:
            return self.cells.addresses[name]
        try:
            return self.symbols.address(name)
        except KeyError:
            raise GuestError(f"no function {name} in the kernel or in a C cell") from None

    def _console_positions(self, cpus: list[int]) -> dict[int, int]:
        values = self._batch([_eval(f"lcpus[{i}].conlog_len") for i in cpus])
        return {i: int(v.payload["value"]) for i, v in zip(cpus, values, strict=True)}

    def _console_since(self, before: dict[int, int]) -> dict[int, str]:
        """Each CPU's console bytes after the positions `before` (the ring keeps the newest)."""
        after = self._console_positions(list(before))
        size = int(self._batch([_eval("sizeof(lcpus[0].conlog)")])[0].payload["value"])
        addresses = self._batch([_eval(f"(unsigned long)lcpus[{i}].conlog") for i in before])
        base = {i: int(a.payload["value"]) for i, a in zip(before, addresses, strict=True)}
        rings = dict(zip(before, self._read_many([(base[i], size) for i in before]), strict=True))
        out = {}
        for i, start in before.items():
            start = max(start, after[i] - size)
            out[i] = bytes(rings[i][p % size] for p in range(start, after[i])).decode("utf-8", "replace")
        return out

    def fds(self) -> list[OpenFile]:
        """The fd table (lib/vfscore's vfscore_fdtable): each open fd and its open file."""
        self._session(inspecting=True)
        used = int(self._values([_eval("vfscore_fdtable.max_fd")])[0])
        slots = [f"vfscore_fdtable.fds[{fd}]" for fd in range(used)]
        files = self._values([_eval(f"(unsigned long){slot}.file") for slot in slots])
        open_fds = [fd for fd, address in enumerate(files) if int(address, 0)]
        out = []
        for fd in open_fds:
            f = f"vfscore_fdtable.fds[{fd}].file"
            fields = [f"vfscore_fdtable.fds[{fd}].flags", f"{f}->f_flags", f"{f}->f_count", f"{f}->f_id"]
            fields += [f"(unsigned long){f}->f_op->{op}" for op in FILE_OPERATIONS]
            name, *numbers = self._values([_eval(f"{f}->f_op->name")] + [_eval(e) for e in fields])
            fd_flags, flags, count, file_id, *ops = (int(n, 0) for n in numbers)
            kind = _c_string(name)
            implemented = tuple(op for op, address in zip(FILE_OPERATIONS, ops, strict=True) if address)
            out.append(
                OpenFile(fd, bool(fd_flags & 1), kind, flags, count, file_id, implemented, int(files[fd], 0))
            )
        return out

    def epoll_watches(self, epfd: int) -> list[EpollWatch]:
        """The interest list of the epoll instance behind `epfd`, in the order it was built."""
        kinds = {f.fd: f for f in self.fds()}
        if epfd not in kinds or kinds[epfd].kind != "epoll":
            raise GuestError(f"fd {epfd} is not an epoll instance")
        ep = f"((struct eventpoll *)vfscore_fdtable.fds[{epfd}].file->f_data)"
        watched = self._list(f"&{ep}->fd_list", "struct eventpoll_fd", "fd_link")
        triggered = set(self._list(f"&{ep}->tr_list", "struct eventpoll_fd", "tr_link"))
        out = []
        for node in watched:
            e = f"((struct eventpoll_fd *){node:#x})"
            fields = ("fd", "event.events", "event.data.u64", "revents", "disarmed")
            values = [int(v, 0) for v in self._values([_eval(f"(unsigned long){e}->{n}") for n in fields])]
            fd, events, data, revents, disarmed = values
            out.append(EpollWatch(fd, events, data, revents, bool(disarmed), node in triggered))
        return out

    def socket_families(self) -> list[SocketFamily]:
        """The families registered with posix-socket, at boot or from a cell."""
        count = int(self._values([_eval("posix_socket_driver_count")])[0])
        out = []
        for i in range(count):
            d = f"posix_socket_drivers[{i}]"
            exprs = [f"{d}.libname", f"{d}.family"] + [
                f"(unsigned long){d}.ops->{op}" for op in SOCKET_OPERATIONS
            ]
            name, family, *ops = self._values([_eval(e) for e in exprs])
            implemented = tuple(
                op for op, address in zip(SOCKET_OPERATIONS, ops, strict=True) if int(address, 0)
            )
            out.append(SocketFamily(int(family), _c_string(name), implemented))
        return out

    def sockets(self) -> list[OpenSocket]:
        """Open socket fds: family, type and the driver behind each."""
        out = []
        for f in self.fds():
            if f.kind != "socket":
                continue
            s = f"((struct posix_socket_file *)((struct vfscore_file *){f.address:#x})->f_data)"
            exprs = [
                f"{s}->driver->libname",
                f"{s}->driver->family",
                f"{s}->type",
                f"(unsigned long){s}->sock_data",
            ]
            name, family, kind, data = self._values([_eval(e) for e in exprs])
            socket = OpenSocket(f.fd, int(family), int(kind), _c_string(name), int(data, 0))
            if socket.libname == "afunix":
                socket = self._afunix_details(socket)
            out.append(socket)
        return out

    def _afunix_details(self, socket: OpenSocket) -> OpenSocket:
        """State and receive-buffer fill of one AF_UNIX socket (struct afunix_sock)."""
        s = f"((struct afunix_sock *){socket.sock_data:#x})"
        exprs = [
            f"{s}->state",
            f"{s}->shut",
            f"{s}->peer != 0 && {s}->peer->closed",
            f"{s}->rx.head - {s}->rx.tail",
            f"{s}->rx.size",
        ]
        state, shut, peer_closed, used, size = (int(v, 0) for v in self._values([_eval(e) for e in exprs]))
        return replace(
            socket, state=afunix_state(state, shut, bool(peer_closed)), buffered=used, buffer_size=size
        )

    def _list(self, head: str, container: str, member: str) -> list[int]:
        """Addresses of the `container`s on a uk_list whose head is at the C expression `head`."""
        start, offset = (
            int(v, 0)
            for v in self._values(
                [_eval(f"(unsigned long)({head})"), _eval(f"(unsigned long)&(({container} *)0)->{member}")]
            )
        )
        nodes, node = (
            [],
            int(self._values([_eval(f"(unsigned long)((struct uk_list_head *){start:#x})->next")])[0], 0),
        )
        while node and node != start and len(nodes) < 4096:
            nodes.append(node - offset)
            node = int(
                self._values([_eval(f"(unsigned long)((struct uk_list_head *){node:#x})->next")])[0], 0
            )
        return nodes

    def _values(self, commands: list[str]) -> list[str]:
        return [r.payload["value"] for r in self._batch(commands)]

    def _lcpu_facts(self, i: int) -> percpu.KernelCpu:
        """Read lcpus[i]: a few numbers, its GDT and TSS, and the IST stacks its TSS points at."""
        fields = ("id", "state", "(unsigned long)&{}.gdt", "sizeof({}.gdt)", "(unsigned long)&{}.tss")
        fields += ("(unsigned long)&{}.ist", "sizeof({}.ist.stack[0])")
        exprs = [f.format(f"lcpus[{i}]") if "{}" in f else f"lcpus[{i}].{f}" for f in fields]
        apic_id, state, gdt, gdt_size, tss, ist, stack_size = (
            int(r.payload["value"].split()[0], 0) for r in self._batch([_eval(e) for e in exprs])
        )
        gdt_bytes, tss_bytes = self._read_many([(gdt, gdt_size), (tss, TSS64_SIZE)])
        tops = decode_tss64(tss_bytes).ist
        slots = [slot for slot, top in enumerate(tops, start=1) if top]
        stacks = self._read_many([(tops[slot - 1] - stack_size, stack_size) for slot in slots])
        return percpu.KernelCpu(
            i,
            apic_id,
            state,
            gdt,
            gdt_bytes,
            tss,
            tss_bytes,
            ist,
            stack_size,
            dict(zip(slots, stacks, strict=True)),
        )

    def _read_many(self, ranges: list[tuple[int, int]]) -> list[bytes]:
        """Several memory reads in one pipelined round trip."""
        results = self._batch([f"-data-read-memory-bytes {a:#x} {n}" for a, n in ranges])
        return [b"".join(bytes.fromhex(b["contents"]) for b in r.payload["memory"]) for r in results]

    def _batch(self, commands: list[str]) -> list:
        """Pipelined reads; allowed after a crash too, to look at what crashed."""
        try:
            return self._session(inspecting=True).batch(commands)
        except GdbError as err:
            raise GuestError(str(err)) from err

    def _command(self, command: str):
        try:
            return self._session().command(command, self._on_wake)
        except GdbError as err:
            raise GuestError(str(err)) from err

    # -- evaluation ----------------------------------------------------------

    def evaluate(self, expression: str) -> Value:
        """Evaluate a C expression in the guest; calls in it run in the guest."""
        mi = self._session()
        self._sync_cell_symbols()
        text = expression.strip().rstrip(";").strip()
        if not text:
            raise GuestError("empty expression")
        if callexpr.may_call(text):
            scratch = _Scratch(self)
            # Not C (GDB syntax such as $rip or array@len)? Then GDB judges it as it stands.
            with contextlib.suppress(callexpr.NotC):
                text = callexpr.rewrite(text, self._perform, scratch.place, self.symbols.typedef_names)
            if text == _VOID_RESULT:
                return Value("", "void")
        try:
            value, vtype = self._value_and_type(mi, text)
        except GdbError as err:
            raise GuestError(str(err)) from err
        return Value(value, vtype)

    def _value_and_type(self, mi: MiSession, text: str) -> tuple[str, str]:
        """Value and type of a call-free expression, in one MI round trip.

        A C expression's type stays the same until the symbols change, so it
        is asked for (pipelined with the value) only the first time; GDB
        convenience variables ($name) can change type and are never cached.
        """
        vtype = self._types.get(text)
        if vtype is not None:
            return mi.evaluate(text), vtype
        value, typed = mi.batch(
            [
                f"-data-evaluate-expression {mi_quote(text)}",
                f"-interpreter-exec console {mi_quote('whatis ' + text)}",
            ]
        )
        vtype = typed.console.strip().removeprefix("type = ")
        if "$" not in text:
            self._types[text] = vtype
        return value.payload["value"], vtype

    def call(self, function: str, *args: int | str) -> Value:
        """Call a guest function by name with integer or pointer arguments."""
        return self.evaluate(f"{function}({', '.join(str(a) for a in args)})")

    def _perform(self, callee: str, args: list[str], call_text: str) -> str:
        """callexpr callback: run one call whose arguments hold no calls; return its value as C."""
        mi = self._session()
        try:
            rtype = mi.console(f"whatis {call_text}").strip().removeprefix("type = ")
        except GdbError as err:
            if "Function returning" not in str(err):
                raise GuestError(str(err)) from err
            # GDB types calls through function pointers (p(1), a->malloc(a, 8)) only once dereferenced.
            try:
                through = f"(*({callee}))({', '.join(args)})"
                rtype = mi.console(f"whatis {through}").strip().removeprefix("type = ")
            except GdbError as again:
                raise GuestError(str(again)) from again
        if len(args) > len(ARGUMENT_REGISTERS):
            raise GuestError(f"{callee}: at most {len(ARGUMENT_REGISTERS)} arguments can be passed")
        if re.match(r"(struct|union)\b[^*]*$", rtype) or rtype in ("float", "double", "long double"):
            raise GuestError(f"{callee} returns {rtype}: only integer and pointer results are supported")
        rax = self._call(callee, args)
        return _VOID_RESULT if rtype == "void" else f"(({rtype}){rax:#x})"

    def _call(self, callee: str, args: list[str], before: list[str] | tuple[str, ...] = ()) -> int:
        """Run callee(args) on the boot CPU and return rax.

        `before`: MI commands (memory writes the call needs) sent down the
        pipe together with the call's own set-up, one round trip for all.
        """
        mi = self._session()
        saved = self._resting or self.registers()
        self._resting = None  # until the registers are back where they were
        sp = ((saved["rsp"] - CALL_STACK_GAP) & ~0xF) - 8  # rsp+8 is 16-aligned at entry
        setup = dict(zip(ARGUMENT_REGISTERS, (f"(long)({arg})" for arg in args), strict=False))
        setup |= {
            "rax": "0",  # variadic callees read the vector-register count from al
            "rip": f"(unsigned long)({callee})",
            "rsp": f"{sp:#x}",
        }
        return_address = self.symbols.address(CALL_RETURN).to_bytes(8, "little")
        try:
            mi.batch([*before, _write(sp, return_address), self._write_registers(setup)])
        except GdbError as err:
            self._restore(saved)
            raise GuestError(str(err)) from err
        self.state = State.RUNNING
        mi.command("-exec-continue")
        try:
            stop = mi.wait_stopped(self._on_wake)
        except KeyboardInterrupt:
            mi.interrupt()
            stop = mi.wait_stopped(self._on_wake)
            self._after_stop(stop)
            self._restore(saved)
            if ABANDONED in self.symbols.symbols:  # let the kernel drop what the call had linked or locked
                self._call(ABANDONED, [])
            raise GuestInterrupted(f"interrupted: {callee} was stopped and the guest restored") from None
        func = self._after_stop(stop)
        if self.state is State.CRASHED:
            raise GuestCrashed(self.crash_report, self._crash_site(self.crash_report))
        if func != CALL_RETURN:
            self._restore(saved)
            raise GuestError(f"{callee} stopped unexpectedly ({stop.get('reason', '?')} in {func or '?'})")
        rax, _ = mi.batch([_eval("(unsigned long)$rax"), self._write_registers(_hex_values(saved))])
        self._resting = saved
        self._drain_console()
        return int(rax.payload["value"], 0)

    def _drain_console(self) -> None:
        """Wait until every byte the stopped guest printed has reached the console buffer, so that a
        cell's output is shown with that cell, not with the next one."""
        self._mi.wait_for(lambda: self._qemu.console_waiting() == 0, self._on_wake)

    def _write_registers(self, values: dict[str, str | int]) -> str:
        """The MI command that sets registers of the boot CPU (values: C expressions or numbers).

        Not `$reg=value`: GDB re-reads every register from the stub after each
        such assignment, which made a call cost some sixty packets instead of
        a dozen.
        """
        pairs = " ".join(f"{self._register_numbers[r]} {mi_quote(str(v))}" for r, v in values.items())
        return f"-data-write-register-values --thread 1 x {pairs}"

    def _restore(self, saved: dict[str, int]) -> None:
        self._session().command(self._write_registers(_hex_values(saved)))

    # -- C cells -------------------------------------------------------------

    def expression_of(self, cell: str) -> str | None:
        """The C expression a cell holds, if GDB is to evaluate it as it stands; None for a C cell.

        See csource.single_expression: one expression without macros (a name
        GDB does not know is looked up in the macros of the headers earlier
        cells included), or GDB's own syntax; declarations, statements and
        macros make a C cell.
        """
        if self.symbols is None:
            return None
        table, session = self.symbols, self.cells

        def is_type(name: str) -> bool:
            return name in table.typedef_names or (session is not None and session.is_type(name))

        def is_macro(name: str) -> bool:
            known = name in table.symbols or is_type(name) or (session is not None and session.is_value(name))
            return not known and session is not None and name in session.macros()

        return csource.single_expression(cell, is_macro, is_type)

    def run_cell(self, source: str, diagnostics: Callable[[str], None] | None = None) -> CellRun:
        """Compile a C cell, load it into the cell arena and run it.

        A compiler error raises cells.CellError before the guest is touched;
        gcc's warnings go to `diagnostics`. Crashes name the cell and line.
        """
        self._session()
        session = self._cell_session()
        cell = session.compile(source)
        if cell.warnings and diagnostics is not None:
            diagnostics(cell.warnings)
        value = self._run_loaded_cell(cell, self._load_commands(cell))
        self._cells_run.append(source)
        return CellRun(cell, value)

    @property
    def _scratch_base(self) -> int:
        """Where the scratch area starts (the top STRING_SCRATCH bytes of the cell arena)."""
        return self.symbols.address(ARENA_END) - STRING_SCRATCH

    def _cell_session(self) -> cells.CellSession:
        if self.cells is None:
            build, table = KernelBuild(self.options.config), self.symbols
            kinds = {
                kind: frozenset(n for n, s in table.symbols.items() if s.kind == kind)
                for kind in ("function", "object")
            }
            kernel = cells.Kernel(
                build.elf,
                tuple(build.cflags_file.read_text().split()),  # one flag per line, none with spaces
                table.address(ARENA_START),
                table.address(ARENA_END) - STRING_SCRATCH,
                table.typedef_names,
                kinds["object"],
                kinds["function"],
            )
            self.cells = cells.CellSession(kernel)
        return self.cells

    def _load_commands(self, cell: cells.LinkedCell) -> list[str]:
        """Remember the cell, and return the MI writes that load it: the image, its zeroed .bss, its
        crash-report symbol table, and the kernel's list head pointing at that table. GDB hears of
        the cell when it next looks a name up (_sync_cell_symbols)."""
        self.cells.commit(cell)
        self._types.clear()  # names may have new types now
        self._gdb_cell_files_stale = True
        commands = [_write(cell.address, cell.image)] if cell.image else []
        if cell.zeros:  # the contents "00", repeated over the count
            commands.append(f"-data-write-memory-bytes {cell.address + len(cell.image):#x} 00 {cell.zeros}")
        head = self.symbols.address(LOADED_SYMBOLS)
        return [
            *commands,
            _write(cell.table_address, cell.table),
            _write(head, cell.table_address.to_bytes(8, "little")),
        ]

    def _sync_cell_symbols(self, showing: cells.LinkedCell | None = None) -> None:
        """Give GDB the cells' symbol files it should hold now (cells.CellSession.symbol_files).

        Done only before GDB looks names up (expressions, raw commands, a
        cell's value), not at every load: a cell that only runs its
        statements or main never costs GDB a symbol file.
        """
        if not self._gdb_cell_files_stale and showing is None:
            return
        commands = self._symbol_file_commands(self.cells.symbol_files(showing))
        self._gdb_cell_files_stale = False
        try:
            self._mi.batch(commands)
        except GdbError as err:
            raise GuestError(f"loading cell symbols into GDB: {err}") from err

    def _symbol_file_commands(self, wanted: list[Path]) -> list[str]:
        """GDB commands that make its cell symbol files `wanted`, in that order (GDB only appends)."""
        keep = 0
        while (
            keep < min(len(wanted), len(self._gdb_cell_files)) and wanted[keep] == self._gdb_cell_files[keep]
        ):
            keep += 1
        commands = [_console(f"remove-symbol-file {path}") for path in self._gdb_cell_files[keep:]]
        commands += [_console(f"add-symbol-file {path} -o 0") for path in wanted[keep:]]
        self._gdb_cell_files = list(wanted)
        return commands

    def _run_loaded_cell(self, cell: cells.LinkedCell, loading: list[str]) -> Value | None:
        """Load the cell, then run its registration entries, statements and main; its value (None if
        it shows none). The loading writes travel with the first call's set-up."""
        pending = loading

        def call(callee: int | str, args: list[str], writes: list[str] | None = None) -> int:
            nonlocal pending
            callee_text = f"{callee:#x}" if isinstance(callee, int) else callee
            rax = self._call(callee_text, args, before=[*pending, *(writes or [])])
            pending = []
            return rax

        if cell.registrations:
            self._register_sections(cell, call)
        value = None
        if cell.runner is not None:
            call(cell.runner, [])
            if cell.shows_value:
                value = self._cell_value(cell)
        if cell.main is not None:
            main_value = self._run_main(cell, call)
            value = value or main_value
        if pending:  # nothing to run: a cell of definitions only
            try:
                self._session().batch(pending)
            except GdbError as err:
                raise GuestError(f"loading cell {cell.number}: {err}") from err
        return value

    def _register_sections(self, cell: cells.LinkedCell, call: Callable[..., int]) -> None:
        """ukrepl_cell_register on an array of struct ukrepl_cell_section {name, start, end}, written
        with the names into the scratch area in one piece."""
        base = self._scratch_base
        names, name_at = b"", []
        for r in cell.registrations:
            name_at.append(base + len(names))
            names += r.section.encode() + b"\0"
        names += bytes(-len(names) % 8)
        array = base + len(names)
        entries = (
            struct.pack("<QQQ", n, r.start, r.end) for n, r in zip(name_at, cell.registrations, strict=True)
        )
        count = str(len(cell.registrations))
        rc = ctypes.c_int32(
            call(CELL_REGISTER, [f"{array:#x}", count], [_write(base, names + b"".join(entries))])
        )
        if rc.value < 0:
            sections = ", ".join(r.section for r in cell.registrations)
            raise GuestError(
                f"cell {cell.number}: its registration sections ({sections}) failed: {_errno_text(rc.value)}"
            )

    def _cell_value(self, cell: cells.LinkedCell) -> Value:
        """The final expression's value, from the static the cell keeps it in, formatted by GDB."""
        self._sync_cell_symbols(showing=cell)
        name = f"{cells.RUNNER.format(cell.number)}::{cells.VALUE}"
        try:
            value, vtype = self._session().batch([_eval(name), _console(f"whatis {name}")])
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
            where = _eval(f"(unsigned long)&({designator})")
            value, vtype, address = self._session().batch(
                [_eval(designator), _console(f"whatis {designator}"), where]
            )
        except GdbError:
            return None
        kind = vtype.console.strip().removeprefix("type = ")
        if not kind.endswith("]") or int(address.payload["value"], 0) != int(decayed, 16):
            return None
        return Value(value.payload["value"], kind)

    def _run_main(self, cell: cells.LinkedCell, call: Callable[..., int]) -> Value:
        """main(1, {"cell<N>", NULL}), like a program's start; argv and its string in the scratch area."""
        argv = self._scratch_base
        block = struct.pack("<QQ", argv + 16, 0) + f"cell{cell.number}".encode() + b"\0"
        rc = ctypes.c_int32(call(cell.main, ["1", f"{argv:#x}"], [_write(argv, block)])).value
        return Value(str(rc), "int")

    def _crash_site(self, report: str) -> str:
        """Where the report's frames lie in cell code: function, cell file and line, the line's text
        (empty if none does).

        A function that faults before it set up its frame (a leaf, say) leaves
        its caller out of the frame-pointer backtrace; the return address is
        then the word at the top of the stack, shown as the caller.
        """
        session = self.cells
        if session is None:
            return ""
        frames = [(f"#{n}", address, symbol) for n, address, symbol in _report_frames(report)]
        top = _top_of_stack(report) or 0
        in_cells = frames and session.cell_at(frames[0][1]) and session.cell_at(top)
        if in_cells and all(address != top for _, address, _ in frames):
            frames.insert(1, ("called from", top, session.function_at(top)))
        lines = []
        for label, address, symbol in frames:
            cell = session.cell_at(address)
            if cell is None:
                continue
            # A return address points past its call; look up the call itself.
            exact = label == "#0" and "(software crash)" not in report
            place = self._cell_line(cell, address if exact else address - 1)
            if symbol.startswith(cells.RUNNER.format(cell.number)):
                symbol = f"the statements of cell {cell.number}"
            lines.append(f"  {label} {symbol or hex(address)} in {place}")
        return "in cell code:\n" + "\n".join(lines) if lines else ""

    def _cell_line(self, cell: cells.LinkedCell, address: int) -> str:
        if cell.elf not in self._gdb_cell_files:  # statement-only cells are not given to GDB until needed
            with contextlib.suppress(GdbError):
                self._mi.console(f"add-symbol-file {cell.elf} -o 0")
                self._gdb_cell_files.append(cell.elf)
        try:
            answer = self._mi.console(f"info line *{address:#x}")
        except GdbError:
            answer = ""
        match = re.search(r'Line (\d+) of "(?:[^"]*/)?cell(\d+)\.c"', answer)
        if not match:
            return f"cell {cell.number}"
        line, number = int(match.group(1)), int(match.group(2))
        source = next((c.source for c in self.cells.cells if c.number == number), "")
        text = source.splitlines()[line - 1].strip() if 0 < line <= len(source.splitlines()) else ""
        return f"cell{number}.c:{line}: {text}"

    def reset_cells(self) -> int:
        """Forget every C cell of this boot (GDB drops their symbols, the arena starts empty); how many."""
        count = len(self.cells.cells) if self.cells else 0
        commands = [*self._symbol_file_commands([]), _write(self.symbols.address(LOADED_SYMBOLS), bytes(8))]
        try:
            self._session().batch(commands)
        except GdbError as err:
            raise GuestError(str(err)) from err
        if self.cells is not None:
            self.cells.close()
        self.cells = None
        self._cells_run = []
        self._gdb_cell_files_stale = False
        self._types.clear()
        return count

    def replay(self, progress: Callable[[CellRun], None] | None = None) -> int:
        """Run again, in order, the C cells that ran in the boot before; returns how many ran."""
        sources, self.previous_cells = self.previous_cells, []
        for done, source in enumerate(sources):
            try:
                run = self.run_cell(source)
            except Exception:
                self.previous_cells = sources[done:]
                raise
            if progress is not None:
                progress(run)
        return len(sources)

    def _forget_cells(self) -> None:
        """The guest is gone: its arena and GDB with it; what ran can be replayed on the next one."""
        if self._cells_run:
            self.previous_cells = self._cells_run
        self._cells_run = []
        if self.cells is not None:
            self.cells.close()
        self.cells = None
        self._gdb_cell_files = []
        self._gdb_cell_files_stale = False


_VOID_RESULT = "((void)0)"


class _Scratch:
    """Data of one evaluation (string literals, argument blocks), placed at the top of the cell arena."""

    def __init__(self, guest: Guest) -> None:
        self.guest = guest
        self.next = guest._scratch_base

    def put(self, data: bytes) -> int:
        """Write `data` to the next free 8-aligned spot; return its address."""
        end = self.guest.symbols.address(ARENA_END)
        if self.next + len(data) > end:
            raise GuestError("string literals too large for the scratch area")
        self.guest.write_memory(self.next, data)
        address, self.next = self.next, (self.next + len(data) + 7) & ~7
        return address

    def place(self, data: bytes) -> str:
        """put() for callexpr: the C text of a pointer to the bytes."""
        return f"((char *){self.put(data):#x})"


def _errno_text(rc: int) -> str:
    name = errno.errorcode.get(-rc, "?")
    return f"{rc} (-{name}: {os.strerror(-rc)})"


def _c_string(value: str) -> str:
    """The text of a char * as GDB prints it: 0x10c0a8 "afunix" -> afunix."""
    return value.split('"')[1] if '"' in value else value


def _eval(expression: str) -> str:
    return f"-data-evaluate-expression {mi_quote(expression)}"


def _write(address: int, data: bytes) -> str:
    return f"-data-write-memory-bytes {address:#x} {data.hex()}"


def _hex_values(registers: dict[str, int]) -> dict[str, str]:
    return {name: hex(value) for name, value in registers.items()}


def _console(command: str) -> str:
    return f"-interpreter-exec console {mi_quote(command)}"


_FRAME = re.compile(r"^(?:RIP:|\s+#(\d+))\s+0x([0-9a-f]+)(?: <([^>]+)>)?", re.MULTILINE)


_STACK_TOP = re.compile(r"^Stack at 0x[0-9a-f]+:\n\s+0x[0-9a-f]+: 0x([0-9a-f]+)", re.MULTILINE)


def _top_of_stack(report: str) -> int | None:
    """The first word of the report's stack dump."""
    match = _STACK_TOP.search(report)
    return int(match.group(1), 16) if match else None


def _report_frames(report: str) -> list[tuple[int, int, str]]:
    """(frame number, address, symbol) of the crash report's backtrace (RIP counts as frame 0)."""
    frames = {}
    for match in _FRAME.finditer(report):
        number = int(match.group(1) or 0)
        frames.setdefault(number, (number, int(match.group(2), 16), match.group(3) or ""))
    return sorted(frames.values())


def _crash_report(log: str) -> str:
    start = log.rfind(CRASH_FIRST)
    if start < 0:
        return "the guest stopped in ukrepl_crashed without a report"
    end = log.find(CRASH_LAST, start)
    return log[start : end + len(CRASH_LAST) if end >= 0 else len(log)].strip()
