"""ukrepl's magics: what a notebook cell can ask of the guest besides C.

Path of a magic: IPython finds the name in the magics registered from
magic_table.MAGICS (register) -> the `<name>_magic` method here parses its
arguments (options.ArgumentParser: a bad argument is an OptionError, shown in
one line) -> one call into the guest facade -> a view renders the result.
Cells without a magic come to `ukrepl_magic` (jupyter_kernel.route_cell), which
hands them to Guest.run as they are.
"""

from __future__ import annotations

import argparse
import ast
import functools
import os
import shlex
import traceback

from IPython.display import display

from ..compiler import disassembly
from ..errors import UkreplError
from ..guest import CellResult, Guest, GuestError, GuestStopped, Value
from ..options import ArgumentParser, boot_options, boot_parser
from .cell_output import DisplayedValue, print_diagnostics, print_line, shown
from .debug_magics import DebugMagics
from .exercises import NotYet
from .magic_table import CELL_ROUTE, MAGICS, THEN_ROUTE, help_text, magic_names

_print, _print_diagnostics = print_line, print_diagnostics

STOPPED_HINT = "run it again; %reboot if the guest misbehaves afterwards"


def _cpu_list(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of CPU numbers: {text!r}") from None


def _address_range(text: str) -> tuple[int, int]:
    low, sep, high = text.partition("-")
    if not sep:
        raise argparse.ArgumentTypeError(f"not a range: {text!r} (write it like 0x100000-0x200000)")
    try:
        return int(low, 0), int(high, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a range: {text!r}") from None


def _c_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="%%c", add_help=False)
    parser.add_argument("--show-asm", action="store_true")
    return parser


def _lcpu_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="%lcpu", add_help=False)
    parser.add_argument("action", choices=("run", "start"))
    parser.add_argument("function", nargs="?")
    parser.add_argument("--cpus", type=_cpu_list, default=None, metavar="LIST")
    parser.add_argument("--timeout", type=int, default=5000, metavar="MS")
    return parser


def _pt_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="%pt", add_help=False)
    parser.add_argument("action", nargs="?", choices=("dump", "translate", "widget"), default="dump")
    parser.add_argument("address", nargs="?")
    parser.add_argument("--cpu", type=int, default=0)
    parser.add_argument("--range", type=_address_range, metavar="A-B")
    parser.add_argument("--only", default="", metavar="LIST")
    return parser


def _python_error(err: BaseException, filename: str, cell: str) -> UkreplError:
    """A %%python failure as one line at the cell's line that raised it."""
    if isinstance(err, SyntaxError) and err.filename == filename:
        lineno = err.lineno
    else:
        frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == filename]
        lineno = frames[-1].lineno if frames else None
    what = (
        "stopped (the stop button)" if isinstance(err, KeyboardInterrupt) else f"{type(err).__name__}: {err}"
    )
    if lineno is None:
        return UkreplError(f"%%python: {what}", "%tb shows the traceback")
    source = cell.splitlines()[lineno - 1].strip() if 0 < lineno <= len(cell.splitlines()) else ""
    return UkreplError(
        f"%%python line {lineno}: {what}\n  {lineno}: {source}", f"fix line {lineno}; %tb shows the traceback"
    )


class UkreplMagics:
    """The magics of one kernel, over its guest."""

    def __init__(self, shell, guest: Guest) -> None:
        self.shell = shell
        self.guest = guest
        self.last_traceback = ""  # of the last failed magic or cell, for %tb
        self.debug = DebugMagics(guest)
        self.stop_waiter = None  # JupyterLab's debugger panel (debug_panel.DebugPanel), when a kernel has one

    def register(self) -> None:
        """Register every magic of magic_table with IPython, under its table name."""
        for spec in (*MAGICS, CELL_ROUTE, THEN_ROUTE):
            owner = self.debug if spec.group == "debug" else self
            self.shell.register_magic_function(
                self._guarded(getattr(owner, spec.method)), spec.kind, spec.name
            )

    def _guarded(self, method):
        """The magic, with every failure as one UkreplError line (the traceback kept for %tb): the stop
        button outside a guest call, and anything unexpected, become a message with a next step."""

        @functools.wraps(method)
        def guarded(*args):
            try:
                try:
                    return method(*args)
                except GuestStopped as stop:  # a breakpoint of the user's: where, and what next
                    if self.stop_waiter is not None and self.stop_waiter.attached:
                        return self.stop_waiter.wait_in_stop(stop)  # the debugger panel drives it
                    _print(f"{stop.message}\n({stop.hint})")
                    return None
            except UkreplError:
                self.last_traceback = traceback.format_exc()
                raise
            except KeyboardInterrupt:
                self.last_traceback = traceback.format_exc()
                raise UkreplError(
                    "stopped (the stop button) before the guest was involved", STOPPED_HINT
                ) from None
            except Exception as err:
                self.last_traceback = traceback.format_exc()
                raise UkreplError(
                    f"internal error: {type(err).__name__}: {err}",
                    "%tb shows the traceback; %reboot if the guest misbehaves",
                ) from None

        return guarded

    def tb_magic(self, line: str) -> None:
        """Show the internal traceback of the last failed magic or cell."""
        _print(self.last_traceback or "no traceback recorded in this session")

    def ukrepl_then_magic(self, line: str, cell: str) -> DisplayedValue | None:
        """A line magic followed by C in one cell: the magic runs first, then the C."""
        name, _, arguments = line.strip().partition(" ")
        self.shell.run_line_magic(name, arguments)
        return self.ukrepl_magic("", cell)

    # -- cells ---------------------------------------------------------------

    def ukrepl_magic(self, line: str, cell: str) -> DisplayedValue | None:
        """C for the guest (cells without a magic come here): an expression GDB evaluates, or a C cell."""
        return shown(self.guest.run(cell, progress=_print, diagnostics=_print_diagnostics).value)

    def c_magic(self, line: str, cell: str) -> DisplayedValue | None:
        """%%c [--show-asm]: compile the cell as C, load it into the guest and run it."""
        args = _c_parser().parse_args(shlex.split(line))
        result = self.guest.run(cell, progress=_print, diagnostics=_print_diagnostics, force_c=True)
        if args.show_asm:
            _print(disassembly(result.cell))
        return shown(result.value)

    def python_magic(self, line: str, cell: str) -> object:
        """Run the cell as Python in the kernel, with `guest` at hand; show the last expression.

        An error names the cell's line (the internal frames are kept for %tb).
        """
        namespace = self.shell.user_ns
        filename = self.shell.compile.cache(cell)  # linecache has the source: tracebacks quote it
        try:
            tree = ast.parse(cell, filename)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, filename, "exec"), namespace)  # noqa: S102 - the user's own code
            if last is not None:
                return eval(compile(ast.Expression(last.value), filename, "eval"), namespace)  # noqa: S307
        except NotYet:  # an exercise's check: its own one line
            raise
        except (Exception, KeyboardInterrupt) as err:
            self.last_traceback = "".join(traceback.format_exception(err))
            raise _python_error(err, filename, cell) from None
        return None

    def who_magic(self, line: str) -> None:
        """List the functions, globals and types C cells defined."""
        session = self.guest.cells
        if session is None or not session.cells:
            _print("no C cells loaded")
            return
        rows = [("name", "kind", "address", "size", "cell")]
        for sym in session.current_symbols():
            kind = f"static {sym.kind}" if sym.static else sym.kind
            rows.append((sym.name, kind, f"{sym.address:#x}", str(sym.size), str(sym.cell)))
        for definition, number in session.current_types():
            rows.append((definition.name, definition.kind, "-", "-", str(number)))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            _print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())

    def reset_magic(self, line: str) -> None:
        """Forget all C cells: the arena is emptied and GDB drops their symbols."""
        count = self.guest.reset_cells()
        _print(f"[ukrepl] forgot {count} C cell(s); the cell arena is empty")

    def replay_magic(self, line: str) -> None:
        """Run the C cells of the boot before this one again, in order."""
        if not self.guest.previous_cells:
            _print("[ukrepl] no C cells to replay")
            return

        def show(run: CellResult) -> None:
            value = f": {run.shown}" if run.shown is not None else ""
            _print(f"[ukrepl] replayed as cell {run.cell.number}{value}")

        count = self.guest.replay(show)
        _print(f"[ukrepl] {count} C cell(s) loaded again")

    # -- life cycle ----------------------------------------------------------

    def boot_magic(self, line: str) -> None:
        """Build if needed and boot the guest."""
        options = boot_options(boot_parser("%boot").parse_args(shlex.split(line)))
        self.guest.boot(options, progress=_print)
        self.guest.flush_console()
        _print(self.guest.boot_summary())

    def reboot_magic(self, line: str) -> None:
        """Boot again with the previous options."""
        self.guest.reboot(progress=_print)
        self.guest.flush_console()
        _print(self.guest.boot_summary())

    def shutdown_magic(self, line: str) -> None:
        """Stop the guest."""
        self.guest.shutdown()
        _print("[ukrepl] guest stopped")

    # -- inspection ----------------------------------------------------------

    def cpus_magic(self, line: str) -> None:
        """Per-CPU state as a widget: descriptor tables and interrupt stacks (x86_64), system
        registers (arm64)."""
        from ..views.cpu_view import CpuPanel  # the views (ipywidgets) load with their first magic

        display(CpuPanel(self.guest.cpus))

    def lcpu_magic(self, line: str) -> None:
        """%lcpu run FUNC [--cpus LIST] [--timeout MS] | %lcpu start [--cpus LIST]"""
        args = _lcpu_parser().parse_args(shlex.split(line))
        if args.action == "start":
            self.guest.start_cpus(args.cpus)
            online = [cpu.index for cpu in self.guest.cpus() if cpu.state != "offline"]
            _print(f"CPUs online: {', '.join(map(str, online))}")
            return
        if not args.function:
            raise GuestError("%lcpu run needs a function", "e.g. %lcpu run myfunc --cpus 1,2")
        cpus = args.cpus
        if cpus is None:
            cpus = [cpu.index for cpu in self.guest.cpus() if cpu.index != 0 and cpu.state != "offline"]
        outputs = self.guest.run_on_cpus(args.function, cpus, args.timeout)
        for cpu, text in outputs.items():
            _print(f"--- CPU {cpu} ---")
            _print(text or "(printed nothing)")

    def pt_magic(self, line: str) -> None:
        """%pt [--cpu N] [--range A-B] [--only LIST] | %pt translate VA | %pt widget"""
        from ..views.paging_view import PageTablePanel, ranges_text, select, translation_text

        args = _pt_parser().parse_args(shlex.split(line))
        guest, cpu = self.guest, args.cpu
        count = guest.options.cpus
        if not 0 <= cpu < count:
            raise GuestError(
                f"%pt --cpu {cpu}: the guest has {count} CPU(s), 0 to {count - 1}", "e.g. --cpu 0"
            )
        root, fmt = guest.paging.root(cpu), guest.paging.fmt
        heading = f"CPU {cpu}: page tables at {root:#x} ({fmt.NAME}, {fmt.LEVELS} levels)"
        if args.action == "translate":
            if args.address is None:
                raise GuestError("%pt translate needs a virtual address", "e.g. %pt translate tour_fib")
            va = self._number(args.address)
            walk = guest.paging.translate(va, cpu)
            _print(translation_text(walk, guest.paging.qemu_translate(va, cpu), fmt))
            return
        ranges = guest.paging.ranges(cpu)
        if args.action == "widget":

            def translate(va: int) -> str:
                return translation_text(
                    guest.paging.translate(va, cpu), guest.paging.qemu_translate(va, cpu), fmt
                )

            display(
                PageTablePanel(
                    lambda: guest.paging.ranges(cpu),
                    heading,
                    guest.symbols.place,
                    root,
                    guest.paging.entries,
                    translate,
                    fmt,
                )
            )
            return
        low, high = args.range or (0, 1 << 64)
        try:
            chosen = select(ranges, args.only, low, high, fmt)
        except ValueError as err:
            raise GuestError(f"%pt: {err}", "--only takes letters such as w,x,u") from None
        _print(ranges_text(chosen, heading, guest.symbols.place, fmt))

    def _number(self, text: str) -> int:
        """A number (0x101000) or a C expression for one (tour_fib, &tour_counter, ep)."""
        try:
            return int(text, 0)
        except ValueError:
            return int(self.guest.evaluate(f"(unsigned long)({text})").text, 0)

    def fds_magic(self, line: str) -> None:
        """The guest's file descriptors."""
        from ..views.kernel_state_view import fds_panel

        display(fds_panel(self.guest.files.fds))

    def epoll_magic(self, line: str) -> None:
        """%epoll FD: the interest list of an epoll instance."""
        if not line.strip():
            raise GuestError("usage: %epoll FD", "FD is a number, or a C expression such as ep")
        from ..views.kernel_state_view import epoll_panel

        display(epoll_panel(self._number(line.strip()), self.guest.files.epoll_watches))

    def sockets_magic(self, line: str) -> None:
        """Registered socket families and open sockets."""
        from ..views.kernel_state_view import sockets_panel

        display(sockets_panel(self.guest.files.socket_families, self.guest.files.sockets))

    def exec_magic(self, line: str) -> DisplayedValue | None:
        """%exec PATH [ARGS ...]: run a static Linux program in the guest."""
        words = shlex.split(line)
        if not words:
            raise GuestError("usage: %exec PATH [ARGS ...]", "e.g. %exec ./hello world")
        run = self.guest.exec_program(os.path.expanduser(words[0]), words[1:])
        if run.unknown:
            listed = ", ".join(f"{name} ({n}x)" for name, n in sorted(run.unknown.items()))
            _print(f"[ukrepl] system calls the kernel lacks (answered -ENOSYS): {listed}")
        return shown(Value(str(run.status), "int"))

    def syscalls_magic(self, line: str) -> None:
        """%syscalls [--all] [--reset]: the counts per system-call number."""
        words = line.split()
        if set(words) - {"--all", "--reset"}:
            raise GuestError(
                f"%syscalls: unknown option {line.strip()!r}", "usage: %syscalls [--all] [--reset]"
            )
        from ..views.syscalls_view import SyscallsPanel

        if "--reset" in words:
            self.guest.syscalls.reset()
        display(
            SyscallsPanel(lambda: self.guest.syscalls.counts("--all" in words), self.guest.syscalls.reset)
        )

    def console_magic(self, line: str) -> None:
        """Print the whole console log of this boot."""
        self.guest.flush_console()
        _print(self.guest.console_log)

    def gdb_magic(self, line: str) -> None:
        """Run a raw GDB command."""
        _print(self.guest.gdb(line))
        self.guest.flush_console()

    def qemu_magic(self, line: str) -> None:
        """Run a QEMU monitor command through QMP."""
        _print(self.guest.hmp(line))

    def lsmagic_magic(self, line: str) -> None:
        """List ukrepl's magics."""
        _print("  ".join(magic_names()))

    def help_magic(self, line: str) -> None:
        """Show ukrepl's help."""
        _print(help_text())
