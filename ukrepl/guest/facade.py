"""The live guest, as notebook cells, the CLI and widgets see it: boot, run a cell, call, inspect.

Path of a cell: Guest.run reads the cell once (compiler.read_cell) and decides:
one expression GDB can evaluate -> guest.calls (its function calls run on the
boot CPU through a hardware-breakpoint return) -> target (GDB/MI -> QEMU's
gdbstub); anything else is a C cell -> guest.cell_loader (compiled and linked by
the compiler layer, written into the cell arena, run). Either way the result is
a CellResult: the value, the console output the cell caused, gcc's warnings.

The facade owns the guest's life cycle and state; calls, cell loading and the
kernel-state readers are modules of their own, handed what they need (the
facade itself as their CallHost, or plain callables), never importing it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..compiler import CellText, read_cell
from ..compiler.symbols import SymbolTable
from ..decoders import crash_report
from ..options import BootOptions
from ..target.arches import MACHINES
from ..target.gdbmi import GdbDied, GdbError, MiResult, MiSession, stop_reason
from ..target.machine import Target
from ..target.qemu import MachineSpec, QemuError, auto_accel, check_guest_cap
from . import boot_checks
from .call_convention import CONVENTIONS, Convention
from .calls import CALL_COUNT, CALL_RETURN, CALL_TRAP, CallRunner, write
from .cell_loader import CellLoader, kernel_image
from .cpu_state import CpuReader, CpuState
from .crash_site import crash_site, return_addresses, stop_site
from .debugger import NEXT_STEPS, Debugger
from .errors import GuestCrashed, GuestDied, GuestError, NotBooted
from .kernel_state import FilesReader
from .page_tables import PageTableReader
from .programs import ProgramRun, run_program
from .raw_commands import check_gdb, check_monitor
from .syscalls import SyscallReader
from .values import CellResult, State, Value

IDLE, CRASHED = "ukrepl_idle", "ukrepl_crashed"


class Guest:
    """One QEMU + GDB pair running the ukrepl unikernel."""

    def __init__(self, console_sink: Callable[[str], None] | None = None) -> None:
        self.target = Target(console_sink)
        self.state = State.OFF
        self.options = BootOptions()
        self.arch = self.options.arch  # of the guest booted (or booting), and how calls enter its functions
        self.convention: Convention = CONVENTIONS[self.arch]
        self.accel = ""
        self.kvm_note = ""
        self.crash_report = ""
        self.symbols: SymbolTable | None = None
        self._kvm_failure = ""  # why KVM failed to boot once: auto then sticks to TCG
        self.calls = CallRunner(self)
        self.loader = CellLoader(
            self, self.calls, lambda: kernel_image(self.options.build_config, self.arch, self.symbols)
        )
        self.files = FilesReader(self._batch)  # fds, epoll instances, sockets
        self.syscalls = SyscallReader(self._batch, self.read_memory, self.call)  # %syscalls
        self.cpu_reader = CpuReader(self._batch, self.hmp, self.registers)
        self.paging = PageTableReader(self.read_physical, self.registers, self.hmp, lambda: self.arch)
        self.debugger = Debugger(self, self.calls)

    # -- console -------------------------------------------------------------

    @property
    def console_sink(self) -> Callable[[str], None] | None:
        return self.target.console.sink

    @console_sink.setter
    def console_sink(self, sink: Callable[[str], None] | None) -> None:
        self.target.console.sink = sink

    def flush_console(self, whole_lines: bool = False) -> str:
        """Hand console output not yet shown to the sink; return it."""
        return self.target.console.flush(whole_lines)

    @property
    def console_log(self) -> str:
        return self.target.console.text

    def on_wake(self) -> None:
        """Run at every wake-up while waiting on GDB: stream console, notice QEMU's death."""
        self.flush_console(whole_lines=True)
        if self.target.console.exit_code is not None:
            self.state = State.DEAD
            raise GuestDied(boot_checks.qemu_exit_reason(self.target.console.exit_code))

    # -- life cycle ----------------------------------------------------------

    def boot(self, options: BootOptions | None = None, progress: Callable[[str], None] | None = None) -> None:
        """Build if needed, start QEMU and GDB, run to the idle function.

        Options, build and the memory the image needs are checked before the running guest is
        touched; they become the ones %reboot and auto-boot use once the boot succeeded.
        """
        options, elf, symbols = boot_checks.prepared(options or self.options, progress)
        self.shutdown()
        check_guest_cap()  # this user's other guests, now that this one is off
        self.symbols = symbols
        self.calls.types.clear()
        accel, self.kvm_note, self.arch = options.accel, "", options.arch
        self.convention = CONVENTIONS[options.arch]
        if accel == "auto" and options.arch != "x86_64":
            accel = "tcg"  # another architecture than the host's
        elif accel == "auto":
            accel, self.kvm_note = ("tcg", self._kvm_failure) if self._kvm_failure else auto_accel()
        try:
            self._start(MachineSpec(elf, options.cpus, options.mem, accel, options.arch))
        except GuestCrashed:
            self.options = options  # it booted: %reboot starts it again
            raise
        except GuestError as err:
            if options.accel != "auto" or accel != "kvm":
                raise
            self._kvm_failure = self.kvm_note = f"KVM unusable ({err}); fell back to TCG"
            self._start(MachineSpec(elf, options.cpus, options.mem, "tcg", options.arch))
        self.options = options

    def _start(self, spec: MachineSpec) -> None:
        self.shutdown()
        self.accel = spec.accel
        # Hardware traps only: int3 kills the guest under this host's KVM.
        watch = spec.accel == "tcg" and MACHINES[spec.arch].watches_returns
        trap = f"-break-watch {CALL_COUNT}" if watch else f"-break-insert -h {CALL_TRAP}"
        breakpoints = (f"-break-insert -h {IDLE}", f"-break-insert -h {CRASHED}", trap)
        try:
            self.target.start(spec, then=breakpoints)
            self.state = State.RUNNING
            self.target.run()
            self.after_stop(self.target.mi.wait_stopped(self.on_wake))
            self.target.drain_console(self.on_wake)  # the ready line is printed just before the stop
        except (GdbError, GdbDied, QemuError, GuestDied) as err:
            detail = self.target.qemu_stderr()
            self.shutdown()
            raise boot_checks.boot_failure(err, detail) from err
        except KeyboardInterrupt:
            self.shutdown()
            raise GuestDied(
                "the boot was stopped; the guest is off", "use %boot or %reboot to boot again"
            ) from None
        if self.state is State.CRASHED:
            raise GuestCrashed(self.crash_report)

    def reboot(self, progress: Callable[[str], None] | None = None) -> None:
        self.boot(self.options, progress)

    def boot_summary(self) -> str:
        """The lines that say the guest is ready, and with what (the CPUs the kernel has online)."""
        return boot_checks.summary(
            boot_checks.online_cpus(self._batch),
            self.options,
            self.accel,
            self.kvm_note,
            len(self.loader.previous),
        )

    def shutdown(self) -> None:
        """End GDB and QEMU; safe to call at any time."""
        self.calls.forget()
        self.debugger.forget()
        self.loader.forget()
        self.target.stop()
        self.state = State.OFF

    def after_stop(self, stop: dict) -> str:
        """Classify a *stopped record, update the state, return the function it stopped in."""
        func = stop.get("frame", {}).get("func", "")
        if func == CRASHED:
            self.state = State.CRASHED
            # The report precedes the stop, but its last bytes may still be in the pipe.
            self.target.mi.wait_for(lambda: crash_report.LAST_LINE in self.console_log, self.on_wake)
            self.crash_report = crash_report.extract(self.console_log)
        elif stop_reason(stop).startswith("exited"):
            self.state = State.DEAD
        else:  # idle, a call's return, an interrupt
            self.state = State.READY
        if self.state is State.READY and stop.get("thread-id", "1") != "1":
            # Calls run on the boot CPU: an interrupt may report the stop on another one.
            self.target.mi.command("-thread-select 1")
        return func

    # -- cells ---------------------------------------------------------------

    def run(
        self,
        source: str,
        progress: Callable[[str], None] | None = None,
        diagnostics: Callable[[str], None] | None = None,
        force_c: bool = False,
    ) -> CellResult:
        """Run one cell: an expression GDB evaluates, or (force_c, or anything else) a C cell.

        A guest that is off boots with its last options first, and says so
        through `progress`. A `;` after a single expression hides its value.
        """
        text = read_cell(source)
        if text.is_empty and not force_c:
            return CellResult(None)
        if self.state is State.OFF:
            if progress is not None:
                progress("[ukrepl] booting the guest with default options (use %boot to choose)")
            self.boot(progress=progress)
            self.flush_console()
            if progress is not None:
                progress(self.boot_summary())
        expression = None if force_c else self._expression(text)
        if expression is None:
            result = self.loader.run(text, diagnostics)
            return CellResult(result.value, self.flush_console(), result.diagnostics, result.cell)
        value = self.calls.evaluate(expression)
        return CellResult(None if expression.endswith(";") else value, self.flush_console())

    def expression_of(self, source: str) -> str | None:
        """The C expression a cell holds, if GDB is to evaluate it as it stands; None for a C cell."""
        return self._expression(read_cell(source))

    def _expression(self, text: CellText) -> str | None:
        return text.expression(self.loader.is_macro, self.loader.is_type)

    def run_cell(self, source: str, diagnostics: Callable[[str], None] | None = None) -> CellResult:
        """Compile a C cell, load it into the cell arena and run it (see Guest.run)."""
        return self.run(source, diagnostics=diagnostics, force_c=True)

    def evaluate(self, expression: str) -> Value:
        """Evaluate a C expression in the guest; calls in it run in the guest."""
        return self.calls.evaluate(expression)

    def call(self, function: str, *args: int | str) -> Value:
        """Call a guest function by name with integer or pointer arguments."""
        return self.calls.call(function, *args)

    @property
    def cells(self):
        """The C cells of this boot (compiler.CellSession), None before the first."""
        return self.loader.session

    @property
    def previous_cells(self) -> list[str]:
        """Sources of the C cells that ran in the boot before (what %replay runs)."""
        return self.loader.previous

    def reset_cells(self) -> int:
        """Forget every C cell of this boot; how many there were."""
        return self.loader.reset()

    def replay(self, progress: Callable[[CellResult], None] | None = None) -> int:
        """Run again, in order, the C cells that ran in the boot before; returns how many ran."""
        sources, self.loader.previous = self.loader.previous, []
        for done, source in enumerate(sources):
            try:
                run = self.run_cell(source)
            except Exception:
                self.loader.previous = sources[done:]
                raise
            if progress is not None:
                progress(run)
        return len(sources)

    # -- the CallHost side (guest.calls, guest.cell_loader) ------------------------

    def session(self, inspecting: bool = False) -> MiSession:
        """GDB, if the guest can take a request now (after a crash: only to look at it)."""
        if self.state is State.CRASHED and not inspecting:
            raise GuestCrashed(self.crash_report)
        if self.state is State.STOPPED and not inspecting:
            raise GuestError("the guest is stopped at a breakpoint", f"{NEXT_STEPS}; %reboot to start over")
        if self.state is State.WEDGED and not inspecting:
            raise GuestError("the guest could not be put back after the stop button", "use %reboot")
        if self.state is not State.OFF and (
            gone := boot_checks.gone_reason(self.target, self.state is State.DEAD)
        ):
            self.state = State.DEAD
            raise GuestDied(gone, "use %reboot (or %boot with other options)")
        if not self.target.running or self.state in (State.OFF, State.DEAD):
            raise NotBooted()
        return self.target.mi

    def crash_site(self, report: str) -> str:
        return crash_site(report, self.loader.session, self.loader.line_of)

    def stop_site(self, frame: dict, frame_pointer: int) -> str:
        returns = return_addresses(frame_pointer, self.symbols.address(CALL_RETURN), self.read_memory)
        return stop_site(frame, returns, self.loader.session, self.loader.line_of)

    def sync_cell_symbols(self) -> None:
        self.loader.sync_symbols()

    def cell_source(self, number: int) -> str | None:
        """The text of C cell `number` of this boot, for showing where a stop is."""
        session = self.loader.session
        return next((c.source for c in session.cells if c.number == number), None) if session else None

    # -- raw access ----------------------------------------------------------

    def _batch(self, commands: list[str]) -> list[MiResult]:
        """Pipelined requests; allowed after a crash too, to look at what crashed."""
        try:
            return self.session(inspecting=True).batch(commands)
        except GdbError as err:
            raise GuestError(str(err)) from err

    def gdb(self, command: str) -> str:
        """Run a raw GDB command (CLI syntax) and return its output; run control is refused."""
        check_gdb(command)
        mi = self.session(inspecting=True)
        try:
            self.sync_cell_symbols()
            return mi.console(command)
        except GdbError as err:
            raise GuestError(str(err)) from err

    def qmp(self, name: str, **arguments) -> object:
        check_monitor(name if name != "human-monitor-command" else str(arguments.get("command-line", "")))
        self.session(inspecting=True)
        return boot_checks.monitor_call(lambda: self.target.qmp(name, **arguments))

    def hmp(self, command_line: str, cpu: int | None = None) -> str:
        """A QEMU monitor command through QMP (e.g. 'info registers -a'), optionally on one CPU."""
        check_monitor(command_line)
        self.session(inspecting=True)
        return boot_checks.monitor_call(lambda: self.target.hmp(command_line, cpu))

    def read_memory(self, address: int, size: int) -> bytes:
        (result,) = self._batch([Target.read_command(address, size)])
        return Target.bytes_from(result)

    def write_memory(self, address: int, data: bytes) -> None:
        write(self, address, data)

    def read_physical(self, address: int, size: int) -> bytes:
        """Guest-physical memory: from the mapped RAM file, else (ROM, MMIO) through QMP pmemsave."""
        if not self.target.running:
            raise NotBooted()
        return self.target.read_physical(address, size)

    def registers(self, names: tuple[str, ...] | None = None, cpu: int = 0) -> dict[str, int]:
        """Registers of one CPU by name (all the ones a call saves, by default)."""
        return self.calls.registers(names, cpu)

    # -- kernel state (guest.cpu_state, guest.kernel_state, guest.page_tables) ------------

    def cpus(self) -> list[CpuState]:
        """Every CPU the kernel knows: its struct lcpu decoded, checked against QEMU's registers."""
        return self.cpu_reader.cpus(self.arch, cpu0_parked=self.state is State.READY)

    def start_cpus(self, cpus: list[int] | None = None) -> None:
        """Start offline CPUs (None: every other one) idle, serving ukplat_lcpu_run (%lcpu start)."""
        if "ukrepl_lcpu_start_idle" not in self.symbols.symbols:
            raise GuestError("this kernel runs one CPU only", "boot with --smp N to have N CPUs")
        self.cpu_reader.start_idle(self.calls, cpus)

    def run_on_cpus(self, function: str, cpus: list[int], timeout_ms: int = 5000) -> dict[int, str]:
        """Run `void function(struct __regs *, void *)` on CPUs through ukplat_lcpu_run; each CPU's output."""
        if not cpus:
            raise GuestError("no CPUs given", "name them with --cpus 1,2")
        entry = self._function_address(function)
        sink, self.console_sink = self.console_sink, None  # the output comes back per CPU instead
        try:
            return self.cpu_reader.run_on_cpus(self.calls, entry, cpus, timeout_ms)
        except GuestCrashed:
            if sink is not None:
                sink(self.crash_report + "\n")
            raise
        finally:
            self.flush_console()
            self.console_sink = sink

    def exec_program(self, path: str, args: list[str]) -> ProgramRun:
        """Run a static Linux x86_64 program from the host until it ends (%exec); its output streams."""
        if self.state is State.OFF:
            raise NotBooted()
        if "ukexec_run" not in self.symbols.symbols:
            raise GuestError("this kernel cannot run programs", "boot with CONFIG_LIBUKEXEC=y, the default")
        try:
            return run_program(self.calls.call, self.write_memory, self.syscalls.counts, path, args)
        finally:
            self.flush_console()

    def _function_address(self, name: str) -> int:
        """A function of the kernel or of a C cell (the latest definition)."""
        if self.cells is not None and name in self.cells.addresses:
            return self.cells.addresses[name]
        try:
            return self.symbols.address(name)
        except KeyError:
            raise GuestError(f"no function {name} in the kernel or in a C cell", "check the name") from None
