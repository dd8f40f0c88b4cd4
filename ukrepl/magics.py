"""ukrepl's magics: what a notebook cell can ask of the guest besides C."""

from __future__ import annotations

import argparse
import ast
import shlex
import sys

from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.display import display

from . import csource
from .cells import disassembly
from .cpu_view import CpuPanel
from .files_view import epoll_panel, fds_panel, sockets_panel
from .guest import BootOptions, CellRun, Guest, GuestError, State, Value, default_accel
from .paging_view import PageTablePanel, ranges_text, select, translation_text

HELP = """\
ukrepl: a REPL for a live unikernel.

A cell that is not a magic holds C. One expression GDB can evaluate is
evaluated in the guest (calls included): `tour_fib(10)`, `*tour_greeting@5`.
Anything else (declarations, functions, statements, macros) is a C cell: it
is compiled with the kernel's headers and flags, loaded into the running
guest and run. Its functions, types and globals are visible to later cells;
its statements run at once; a last expression without `;` is shown with its
type; a `main` runs and shows what it returns.

%%c [--show-asm] force a C cell; --show-asm also shows the loaded code
%who            functions, globals and types defined by C cells
%reset          forget all C cells (the arena is emptied)
%replay         run the C cells of the boot before again (after a crash and %reboot)

%boot [--smp N] [--mem SIZE] [--accel auto|kvm|tcg] [--config NAME=VALUE ...]
                build if needed and boot; the console streams into the cell
%reboot         boot again with the same options (also after a crash)
%shutdown       stop the guest
%cpus           per-CPU GDT, TSS, IST stacks and their use, checked against QEMU (a widget)
%lcpu run FUNC [--cpus 1,2] [--timeout MS]
                run void FUNC(struct __regs *, void *), of the kernel or of a C cell,
                on CPUs (default: all but 0)
                through ukplat_lcpu_run; each CPU's output under its own heading
%pt [--cpu N] [--range A-B] [--only w,x,u,...]
                the page tables as merged ranges with every permission bit
%pt translate ADDRESS [--cpu N]
                walk one virtual address level by level (checked with QEMU's gva2gpa)
%pt widget [--cpu N]
                the address space coloured by permission, a drill-down, a translate box
%fds            the guest's fd table: kind, flags, refcount, operations (a widget)
%epoll FD       an epoll instance's interest list with events and readiness (a widget);
                FD is a number or a C expression (ep)
%sockets        registered socket families and their operations, open sockets (a widget)
%console        the whole console log of this boot
%gdb CMD        a raw GDB command, e.g. %gdb info registers rip
%qemu CMD       a QEMU monitor command through QMP, e.g. %qemu info registers -a
%%python        Python with a ready `guest` object, for scripting and widgets
%lsmagic        list these magics
%help           this text
"""

UKREPL_MAGICS = (
    "%%c",
    "%who",
    "%reset",
    "%replay",
    "%boot",
    "%reboot",
    "%shutdown",
    "%cpus",
    "%lcpu",
    "%pt",
    "%fds",
    "%epoll",
    "%sockets",
    "%console",
    "%gdb",
    "%qemu",
    "%%python",
    "%lsmagic",
    "%help",
)


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would exit the kernel
        raise GuestError(f"{self.prog}: {message}\n{self.format_usage().strip()}")


def _boot_parser() -> _ArgumentParser:
    parser = _ArgumentParser(prog="%boot", add_help=False)
    parser.add_argument("--smp", type=int, default=1)
    parser.add_argument("--mem", default="128M")
    parser.add_argument("--accel", choices=("auto", "kvm", "tcg"), default=default_accel())
    parser.add_argument("--config", nargs="+", default=[], metavar="NAME=VALUE")
    return parser


def _cpu_list(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of CPU numbers: {text!r}") from None


def _c_parser() -> _ArgumentParser:
    parser = _ArgumentParser(prog="%%c", add_help=False)
    parser.add_argument("--show-asm", action="store_true")
    return parser


def _lcpu_parser() -> _ArgumentParser:
    parser = _ArgumentParser(prog="%lcpu", add_help=False)
    parser.add_argument("action", choices=("run",))
    parser.add_argument("function")
    parser.add_argument("--cpus", type=_cpu_list, default=None, metavar="LIST")
    parser.add_argument("--timeout", type=int, default=5000, metavar="MS")
    return parser


def _address_range(text: str) -> tuple[int, int]:
    low, sep, high = text.partition("-")
    if not sep:
        raise argparse.ArgumentTypeError(f"not a range: {text!r} (write it like 0x100000-0x200000)")
    try:
        return int(low, 0), int(high, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a range: {text!r}") from None


def _pt_parser() -> _ArgumentParser:
    parser = _ArgumentParser(prog="%pt", add_help=False)
    parser.add_argument("action", nargs="?", choices=("dump", "translate", "widget"), default="dump")
    parser.add_argument("address", nargs="?")
    parser.add_argument("--cpu", type=int, default=0)
    parser.add_argument("--range", type=_address_range, metavar="A-B")
    parser.add_argument("--only", default="", metavar="LIST")
    return parser


class DisplayedValue:
    """A cell's value: shown as text/plain by IPython's display machinery."""

    def __init__(self, value: Value) -> None:
        self.value = value

    def __repr__(self) -> str:
        return str(self.value)


@magics_class
class UkreplMagics(Magics):
    def __init__(self, shell, guest: Guest) -> None:
        super().__init__(shell)
        self.guest = guest

    def _print(self, text: str) -> None:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")

    @line_magic
    def boot(self, line: str) -> None:
        """Build if needed and boot the guest."""
        args = _boot_parser().parse_args(shlex.split(line))
        options = BootOptions(args.smp, args.mem, args.accel, tuple(args.config))
        self.guest.boot(options, progress=self._print)
        self._print_boot_summary()

    @line_magic
    def reboot(self, line: str) -> None:
        """Boot again with the previous options."""
        self.guest.reboot(progress=self._print)
        self._print_boot_summary()

    def _print_boot_summary(self) -> None:
        self.guest.flush_console()
        note = f"\n{self.guest.kvm_note}" if self.guest.kvm_note else ""
        self._print(
            f"[ukrepl] guest ready: {self.guest.options.smp} CPU(s), "
            f"{self.guest.options.mem}, accel={self.guest.accel}{note}"
        )
        if self.guest.previous_cells:
            self._print(
                f"[ukrepl] {len(self.guest.previous_cells)} C cell(s) ran before this boot: "
                "%replay loads them again"
            )

    @line_magic
    def shutdown(self, line: str) -> None:
        """Stop the guest."""
        self.guest.shutdown()
        self._print("[ukrepl] guest stopped")

    @line_magic
    def cpus(self, line: str) -> None:
        """Per-CPU descriptor tables and interrupt stacks, as a widget."""
        display(CpuPanel(self.guest.cpus))

    @line_magic
    def lcpu(self, line: str) -> None:
        """%lcpu run FUNC [--cpus LIST] [--timeout MS]"""
        args = _lcpu_parser().parse_args(shlex.split(line))
        cpus = args.cpus
        if cpus is None:
            cpus = [cpu.index for cpu in self.guest.cpus() if cpu.index != 0 and cpu.state != "offline"]
        outputs = self.guest.run_on_cpus(args.function, cpus, args.timeout)
        for cpu, text in outputs.items():
            self._print(f"--- CPU {cpu} ---")
            self._print(text or "(printed nothing)")

    @line_magic
    def pt(self, line: str) -> None:
        """%pt [--cpu N] [--range A-B] [--only LIST] | %pt translate VA | %pt widget"""
        args = _pt_parser().parse_args(shlex.split(line))
        root = self.guest.page_table_root(args.cpu)
        heading = f"CPU {args.cpu}: page tables at {root:#x} (x86_64, 4 levels)"
        if args.action == "translate":
            if args.address is None:
                raise GuestError("%pt translate needs a virtual address")
            va = self._number(args.address)
            walk = self.guest.translate(va, args.cpu)
            self._print(translation_text(walk, self.guest.qemu_translate(va, args.cpu)))
            return
        ranges = self.guest.page_ranges(args.cpu)
        if args.action == "widget":
            display(
                PageTablePanel(
                    ranges,
                    heading,
                    self.guest.symbols.place,
                    root,
                    self.guest.page_table_entries,
                    lambda va: translation_text(
                        self.guest.translate(va, args.cpu), self.guest.qemu_translate(va, args.cpu)
                    ),
                )
            )
            return
        low, high = args.range or (0, 1 << 64)
        try:
            chosen = select(ranges, args.only, low, high)
        except ValueError as err:
            raise GuestError(f"%pt: {err}") from None
        self._print(ranges_text(chosen, heading, self.guest.symbols.place))

    def _number(self, text: str) -> int:
        """A number (0x101000) or a C expression for one (tour_fib, &tour_counter, ep)."""
        try:
            return int(text, 0)
        except ValueError:
            return int(self.guest.evaluate(f"(unsigned long)({text})").text, 0)

    @line_magic
    def fds(self, line: str) -> None:
        """The guest's file descriptors."""
        display(fds_panel(self.guest.fds))

    @line_magic
    def epoll(self, line: str) -> None:
        """%epoll FD: the interest list of an epoll instance."""
        if not line.strip():
            raise GuestError("usage: %epoll FD (a number, or a C expression such as ep)")
        display(epoll_panel(self._number(line.strip()), self.guest.epoll_watches))

    @line_magic
    def sockets(self, line: str) -> None:
        """Registered socket families and open sockets."""
        display(sockets_panel(self.guest.socket_families, self.guest.sockets))

    @line_magic
    def console(self, line: str) -> None:
        """Print the whole console log of this boot."""
        self.guest.flush_console()
        self._print(self.guest.console_log)

    @line_magic
    def gdb(self, line: str) -> None:
        """Run a raw GDB command."""
        self._print(self.guest.gdb(line))
        self.guest.flush_console()

    @line_magic
    def qemu(self, line: str) -> None:
        """Run a QEMU monitor command through QMP."""
        self._print(self.guest.hmp(line))

    @line_magic
    def lsmagic(self, line: str) -> None:
        """List ukrepl's magics."""
        self._print("  ".join(UKREPL_MAGICS))

    @line_magic
    def help(self, line: str) -> None:
        """Show ukrepl's help."""
        self._print(HELP)

    @cell_magic
    def python(self, line: str, cell: str) -> object:
        """Run the cell as Python in the kernel, with `guest` at hand; show the last expression."""
        namespace = self.shell.user_ns
        tree = ast.parse(cell, "<%%python>")
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "<%%python>", "exec"), namespace)  # noqa: S102 - the user's own code
        if last is not None:
            return eval(compile(ast.Expression(last.value), "<%%python>", "eval"), namespace)  # noqa: S307
        return None

    @cell_magic
    def ukrepl(self, line: str, cell: str) -> DisplayedValue | None:
        """C for the guest (cells without a magic come here): an expression GDB evaluates, or a C cell."""
        if not csource.tokenize(cell):  # empty, or comments only
            return None
        self._boot_if_off()
        expression = self.guest.expression_of(cell)
        if expression is None:
            return self._run_c_cell(cell)
        value = self.guest.evaluate(expression)
        self.guest.flush_console()
        shown = value.type != "void" and not expression.endswith(";")  # `;` ends a statement: no value
        return DisplayedValue(value) if shown else None

    @cell_magic
    def c(self, line: str, cell: str) -> DisplayedValue | None:
        """%%c [--show-asm]: compile the cell as C, load it into the guest and run it."""
        args = _c_parser().parse_args(shlex.split(line))
        self._boot_if_off()
        return self._run_c_cell(cell, args.show_asm)

    def _boot_if_off(self) -> None:
        if self.guest.state is State.OFF:
            self._print("[ukrepl] booting the guest with default options (use %boot to choose)")
            self.guest.boot()

    def _run_c_cell(self, cell: str, show_asm: bool = False) -> DisplayedValue | None:
        run = self.guest.run_cell(cell, diagnostics=_print_diagnostics)
        self.guest.flush_console()
        if show_asm:
            self._print(disassembly(run.cell))
        return DisplayedValue(run.value) if run.value is not None and run.value.type != "void" else None

    @line_magic
    def who(self, line: str) -> None:
        """List the functions, globals and types C cells defined."""
        session = self.guest.cells
        if session is None or not session.cells:
            self._print("no C cells loaded")
            return
        rows = [("name", "kind", "address", "size", "cell")]
        for sym in session.current_symbols():
            kind = f"static {sym.kind}" if sym.static else sym.kind
            rows.append((sym.name, kind, f"{sym.address:#x}", str(sym.size), str(sym.cell)))
        for definition, number in session.current_types():
            rows.append((definition.name, definition.kind, "-", "-", str(number)))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self._print(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )

    @line_magic
    def reset(self, line: str) -> None:
        """Forget all C cells: the arena is emptied and GDB drops their symbols."""
        count = self.guest.reset_cells()
        self._print(f"[ukrepl] forgot {count} C cell(s); the cell arena is empty")

    @line_magic
    def replay(self, line: str) -> None:
        """Run the C cells of the boot before this one again, in order."""
        if not self.guest.previous_cells:
            self._print("[ukrepl] no C cells to replay")
            return

        def show(run: CellRun) -> None:
            self.guest.flush_console()
            value = f": {run.value}" if run.value is not None and run.value.type != "void" else ""
            self._print(f"[ukrepl] replayed as cell {run.cell.number}{value}")

        count = self.guest.replay(show)
        self._print(f"[ukrepl] {count} C cell(s) loaded again")


def _print_diagnostics(text: str) -> None:
    sys.stderr.write(text + "\n")
