"""The Jupyter face of ukrepl: an IPython kernel whose non-magic cells are C for the guest.

Path of a cell: Jupyter's execute_request -> IPython -> route_cell (the input
transformer) prefixes %%ukrepl to a cell that is not a magic -> magics.py ->
Guest.run -> the value comes back as the cell's result, errors as one line.

Subclassing IPythonKernel gives widgets, display(), output parents and history;
one input transformer routes every cell that is not a magic to %%ukrepl.
QEMU and GDB run in their own sessions, so Jupyter's Ctrl-C (sent to this
process group) reaches only this process, where it interrupts the guest call.
"""

from __future__ import annotations

import inspect
import re
import sys
import threading

from ipykernel.ipkernel import IPythonKernel

from .. import __version__
from ..compiler.symbols import SymbolTable, load
from ..errors import UkreplError
from ..guest import Guest
from ..guest.boot_checks import warm_up
from ..kernel_build import KernelBuild
from .debug_panel import DebugPanel
from .exercises import answered, check
from .magic_table import magic_names
from .magics import UkreplMagics

_WORD_BEFORE = re.compile(r"%{0,2}[A-Za-z_]\w*$")
# IPython writes each cell's input to its SQLite history as the cell starts, and the cell waits
# for the previous write's commit (measured: 2 ms a cell here, more than a guest expression costs).
# Written every this many cells instead, and when the kernel ends or history is asked for.
HISTORY_BATCH = 20
_WORD_AT = re.compile(r"[A-Za-z_]\w*")


def route_cell(lines: list[str]) -> list[str]:
    """Input transformer: magics stay, everything else goes to the guest as C."""
    index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if index is None:
        return lines
    first = lines[index].lstrip()
    if first.startswith("%%"):
        return lines
    if first.startswith("%"):
        rest = lines[index + 1 :]
        if any(line.strip() and not line.lstrip().startswith("%") for line in rest):
            return [f"%%ukrepl_then {first[1:].strip()}\n", *rest]  # the magic, then the C below it
        return lines
    return ["%%ukrepl\n", *lines]


def _short_error(shell, etype, value, tb, tb_offset=None) -> list[str]:
    """Custom exception handler: a one-line red message instead of a traceback."""
    stb = [f"\x1b[0;31m{etype.__name__}\x1b[0m: {value}"]
    shell._showtraceback(etype, value, stb)
    return stb


class UkreplKernel(IPythonKernel):
    implementation = "ukrepl"
    implementation_version = __version__
    banner = f"ukrepl {__version__}: a REPL for a live unikernel (%help for help)"
    # Exactly what the notebooks store: JupyterLab writes the kernel's language_info into the
    # notebook on connecting, and any difference marks every notebook modified. The spec's
    # pygments_lexer and codemirror_mode are left out because they would equal name and mimetype.
    language_info = {"name": "c", "mimetype": "text/x-csrc", "file_extension": ".c"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.guest = Guest(console_sink=self._write_console)
        self.shell.user_ns.update(guest=self.guest, answered=answered, check=check)  # check cells use these
        self.shell.input_transformers_cleanup.append(route_cell)
        self.shell.history_manager.db_cache_size = HISTORY_BATCH
        magics = UkreplMagics(self.shell, self.guest)
        magics.register()
        # JupyterLab's debugger panel speaks to our own adapter, not to ipykernel's debugpy.
        self.panel = magics.stop_waiter = DebugPanel(self.guest, self._publish_debug_event, magics.debug)
        self.shell.events.register("pre_run_cell", lambda info: self.panel.cell_starts(info.raw_cell))
        self.shell.events.register("post_run_cell", lambda *_: self.panel.cells_ran())
        self.shell.set_custom_exc((UkreplError,), _short_error)
        # Console output that arrived between cells is shown at the start of the next one.
        self.shell.events.register("pre_run_cell", lambda *_: self.guest.flush_console())
        # While the user types the first cell: what any boot needs, no boot (it may be %boot --smp 4).
        threading.Thread(
            target=warm_up, args=(self.guest.options,), name="ukrepl-warm-up", daemon=True
        ).start()

    @staticmethod
    def _write_console(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    @property
    def kernel_info(self) -> dict:
        info = super().kernel_info
        # No subshells (one guest, one cell at a time); the debugger is ours (debug_panel).
        info["supported_features"] = ["debugger"]
        info["debugger"] = True  # what front ends of protocol 5.5 and before look for
        return info

    async def do_debug_request(self, msg: dict) -> dict:
        """A DAP request of JupyterLab's debugger panel, on the control thread."""
        return self.panel.request(msg)

    async def poll_stopped_queue(self) -> None:
        """ipykernel's loop for debugpy's stops: ukrepl's stops come from the guest (debug_panel)."""

    def _symbols(self) -> SymbolTable | None:
        if self.guest.symbols is not None:
            return self.guest.symbols
        elf = KernelBuild().elf
        return load(elf) if elf.exists() else None

    async def do_complete(self, code: str, cursor_pos: int | None) -> dict:
        cursor_pos = len(code) if cursor_pos is None else cursor_pos
        if code.lstrip().startswith("%%python"):
            return await _maybe_await(super().do_complete(code, cursor_pos))
        match = _WORD_BEFORE.search(code[:cursor_pos])
        word = match.group() if match else ""
        if word.startswith("%"):
            candidates = magic_names()
        else:
            table = self._symbols()
            candidates = table.names() if table else []
            if self.guest.cells is not None:  # what C cells defined
                candidates += sorted(self.guest.cells.addresses)
        return {
            "status": "ok",
            "matches": [c for c in candidates if c.startswith(word)] if word else [],
            "cursor_start": cursor_pos - len(word),
            "cursor_end": cursor_pos,
            "metadata": {},
        }

    async def do_inspect(self, code: str, cursor_pos: int, detail_level: int = 0, omit_sections=()) -> dict:
        """The name under the cursor, else the function whose call's arguments hold the cursor."""
        reply = {"status": "ok", "found": False, "data": {}, "metadata": {}}
        for name in dict.fromkeys(n for n in (_word_at(code, cursor_pos), call_at(code, cursor_pos)) if n):
            found = self._describe(name)
            if found is not None:
                reply.update(found=True, data={"text/plain": found})
                break
        return reply

    def _describe(self, name: str) -> str | None:
        """A name's prototype and where it is defined, from a C cell or the kernel's DWARF."""
        table = self._symbols()
        if table is None:
            return None
        cell_text = self._cell_declaration(name)
        if cell_text is not None:
            return cell_text
        decl = table.declarations.get(name)
        sym = table.symbols.get(name)
        if decl is None and sym is None:
            return None
        lines = []
        if decl is not None:
            lines += [decl.signature, f"defined at {decl.file}:{decl.line}"]
        if sym is not None:
            lines.append(f"{sym.kind} at {sym.address:#x}, {sym.size} bytes")
        return "\n".join(lines)

    def _cell_declaration(self, name: str) -> str | None:
        """What later cells see of a name a C cell defined (its prototype, extern, type), and where."""
        session = self.guest.cells
        if session is None:
            return None
        for entry in session.carried:
            if name in entry.names:
                address = session.addresses.get(name)
                where = f"defined in cell {entry.cell} (cell{entry.cell}.c:{entry.line})"
                return "\n".join([entry.text, where] + ([f"at {address:#x}"] if address is not None else []))
        return None

    async def do_is_complete(self, code: str) -> dict:
        if code.lstrip().startswith("%"):
            return await _maybe_await(super().do_is_complete(code))
        depth = sum(code.count(o) - code.count(c) for o, c in ("()", "{}", "[]"))
        if depth > 0:
            return {"status": "incomplete", "indent": ""}
        return {"status": "invalid" if depth < 0 else "complete"}

    async def do_shutdown(self, restart: bool) -> dict:
        self.guest.shutdown()
        self.panel.close()
        return await _maybe_await(super().do_shutdown(restart))


async def _maybe_await(result):
    return await result if inspect.isawaitable(result) else result


def _word_at(code: str, cursor_pos: int) -> str:
    for match in _WORD_AT.finditer(code):
        if match.start() <= cursor_pos <= match.end():
            return match.group()
    return ""


def call_at(code: str, cursor_pos: int) -> str:
    """The name of the innermost call whose parentheses hold the cursor: `tour_fib(` or `f(a, |b)` -> f.

    Parentheses inside string and character literals do not count; a parenthesis
    not preceded by a name (a cast, a grouping) is skipped for the call around it.
    """
    opened: list[int] = []  # positions of the '(' still open before the cursor
    quote = ""
    i = 0
    before = code[:cursor_pos]
    while i < len(before):
        ch = before[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "(":
            opened.append(i)
        elif ch == ")" and opened:
            opened.pop()
        i += 1
    for position in reversed(opened):
        match = _WORD_BEFORE.search(before[:position].rstrip())
        if match and not match.group().startswith("%"):
            return match.group()
    return ""
