"""Where a crash, or the stop button, found the guest in cell code: frames mapped to cell files and lines.

Path of a crash: the report text -> decoders.crash_report.frames / top_of_stack
-> CellSession.cell_at finds the cell that holds each address -> `line_of` (GDB's
`info line` on the cell's symbol file) gives `cellN.c:LINE: text`.
Path of a stop: the boot CPU's frame (GDB's -stack-info-frame) and its rbp ->
`return_addresses` follows the saved frame pointers up to the call's return
trap -> the same mapping, the innermost frame named in the kernel too.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from ..compiler import RUNNER, CellSession, LinkedCell
from ..decoders import crash_report
from .errors import GuestError

LineOf = Callable[[LinkedCell, int], str]
MAX_FRAMES = 32  # a frame-pointer chain longer than this is a broken one


def crash_site(report: str, session: CellSession | None, line_of: LineOf) -> str:
    """Where the report's frames lie in cell code: function, cell file and line, the line's text
    (empty if none does).

    A function that faults before it set up its frame (a leaf, say) leaves
    its caller out of the frame-pointer backtrace; the return address is
    then the word at the top of the stack, shown as the caller.
    """
    if session is None:
        return ""
    frames = [(f"#{n}", address, symbol) for n, address, symbol in crash_report.frames(report)]
    top = crash_report.top_of_stack(report) or 0
    in_cells = frames and session.cell_at(frames[0][1]) and session.cell_at(top)
    if in_cells and all(address != top for _, address, _ in frames):
        frames.insert(1, ("called from", top, session.function_at(top)))
    exact = not crash_report.is_software_crash(report)
    lines = [_cell_frame(session, line_of, *frame, exact) for frame in frames]
    lines = [line for line in lines if line]
    return "in cell code:\n" + "\n".join(lines) if lines else ""


def stop_site(frame: dict, returns: list[int], session: CellSession | None, line_of: LineOf) -> str:
    """Where the stop button found a call: the innermost frame (a cell's function and line, or the
    kernel's function, file and line, from GDB's `frame`), then each cell frame that led there."""
    rip = int(frame.get("addr", "0"), 16)
    inner = _cell_frame(session, line_of, "#0", rip, "", exact=True)
    if not inner:
        where = f" in {frame['file']}:{frame['line']}" if frame.get("file") else ""
        func = frame.get("func", "??")
        inner = f"  #0 {func if func != '??' else hex(rip)}{where}"
    lines = [inner] + [_cell_frame(session, line_of, f"#{n}", a, "") for n, a in enumerate(returns, 1)]
    return "stopped in:\n" + "\n".join(line for line in lines if line)


def return_addresses(rbp: int, until: int, read_memory: Callable[[int, int], bytes]) -> list[int]:
    """The return addresses of the frame-pointer chain from `rbp`, up to (not including) `until`:
    the return trap a host call pushed, where the interrupted call began."""
    found: list[int] = []
    while rbp and rbp % 8 == 0 and len(found) < MAX_FRAMES:
        try:
            rbp, address = struct.unpack("<QQ", read_memory(rbp, 16))
        except GuestError:  # not mapped: the chain is broken here
            break
        if address == until:
            break
        found.append(address)
    return found


def _cell_frame(
    session: CellSession | None, line_of: LineOf, label: str, address: int, symbol: str, exact: bool = False
) -> str:
    """`  #N function in cellM.c:LINE: text` of a frame in cell code, '' elsewhere. A return address
    points past its call (`exact` False): the call itself is looked up."""
    cell = session.cell_at(address) if session else None
    if cell is None:
        return ""
    place = line_of(cell, address if exact and label == "#0" else address - 1)
    symbol = symbol or session.function_at(address)
    if symbol.startswith(RUNNER.format(cell.number)):
        symbol = f"the statements of cell {cell.number}"
    return f"  {label} {symbol or hex(address)} in {place}"
