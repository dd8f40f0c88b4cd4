"""Where a crash lies in cell code: each frame of the kernel's report mapped to a cell's file and line.

Path: the report text -> decoders.crash_report.frames / top_of_stack ->
CellSession.cell_at finds the cell that holds each address -> `line_of` (GDB's
`info line` on the cell's symbol file) gives `cellN.c:LINE: text`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..compiler import RUNNER, CellSession, LinkedCell
from ..decoders import crash_report


def crash_site(report: str, session: CellSession | None, line_of: Callable[[LinkedCell, int], str]) -> str:
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
    lines = []
    for label, address, symbol in frames:
        cell = session.cell_at(address)
        if cell is None:
            continue
        # A return address points past its call; look up the call itself.
        exact = label == "#0" and not crash_report.is_software_crash(report)
        place = line_of(cell, address if exact else address - 1)
        if symbol.startswith(RUNNER.format(cell.number)):
            symbol = f"the statements of cell {cell.number}"
        lines.append(f"  {label} {symbol or hex(address)} in {place}")
    return "in cell code:\n" + "\n".join(lines) if lines else ""
