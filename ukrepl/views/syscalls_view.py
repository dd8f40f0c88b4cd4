"""`%syscalls`: per system-call number, its count and last call, as text, HTML and a widget with
Refresh and Reset; numbers nothing in the kernel serves (answered -ENOSYS) are highlighted.

Path: guest.syscalls reads the counts -> decoders.syscall_stats records -> the rows here; the
Reset button calls the reader's reset (a host call) and draws the zeroed counts.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from ..decoders.syscall_stats import SyscallCount
from .panel import RefreshPanel, text_table

HEADERS = ["nr", "name", "count", "last arguments", "last result", ""]
_UNKNOWN = "background:#fde2e2"  # no handler: the calls got -ENOSYS
_CELL = "border:1px solid #ccc;padding:1px 6px;text-align:left"
_TABLE = "border-collapse:collapse;font-family:monospace;font-size:12px;margin:4px 0"
BEYOND = "beyond the table"


def _name(c: SyscallCount) -> str:
    if c.beyond:
        return f"({BEYOND}, last {c.nr})"
    return c.name or "?"


def _args(c: SyscallCount) -> str:
    """The six argument registers, trailing zeros dropped (a call with fewer leaves them 0 or junk)."""
    args = list(c.args)
    while args and not args[-1]:
        args.pop()
    return ", ".join(f"{a:#x}" if abs(a) > 9 else str(a) for a in args)


def rows(counts: list[SyscallCount]) -> list[list[str]]:
    return [
        [
            "" if c.beyond else str(c.nr),
            _name(c),
            str(c.count),
            _args(c) if c.count else "",
            c.result if c.count else "",
            "unknown: -ENOSYS" if c.unknown else "",
        ]
        for c in counts
    ]


def syscalls_text(counts: list[SyscallCount]) -> str:
    calls = sum(c.count for c in counts)
    unknown = sum(c.count for c in counts if c.unknown)
    return (
        f"{calls} system calls through the shim, {unknown} of them to numbers nothing serves\n"
        + text_table(HEADERS, rows(counts))
    )


def syscalls_html(counts: list[SyscallCount]) -> str:
    head = "".join(f'<th style="{_CELL}">{html.escape(h)}</th>' for h in HEADERS)
    body = ""
    for c, row in zip(counts, rows(counts), strict=True):
        style = f' style="{_UNKNOWN}"' if c.unknown and c.count else ""
        body += f"<tr{style}>" + "".join(f'<td style="{_CELL}">{html.escape(x)}</td>' for x in row) + "</tr>"
    summary = html.escape(syscalls_text(counts).splitlines()[0])
    return f'<div>{summary}</div><table style="{_TABLE}"><tr>{head}</tr>{body}</table>'


class SyscallsPanel(RefreshPanel[list[SyscallCount]]):
    """The counts with Refresh, and Reset (zero them in the guest, then draw them again)."""

    def __init__(self, load: Callable[[], list[SyscallCount]], reset: Callable[[], None]) -> None:
        self.body = self.content = w.HTML()
        self._reset = reset
        super().__init__(load)
        self.reset_button = w.Button(description="Reset", icon="eraser")
        self.reset_button.on_click(lambda _button: self.reset())
        header = self.box.children[0]
        header.children = (self.refresh_button, self.reset_button, self.status)

    def reset(self) -> None:
        try:
            self._reset()
        except Exception as err:  # a button has no cell to raise into
            self.status.value = f"<span style='color:#b00'>{html.escape(str(err))}</span>"
            return
        self.refresh()

    def html(self) -> str:
        return syscalls_html(self.data)

    def text(self) -> str:
        return syscalls_text(self.data)

    def render(self) -> None:
        self.body.value = self.html()
