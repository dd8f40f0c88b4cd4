"""Views of page tables: the `%pt` text dump, the translate walk, and the teaching widget.

They render what pagetables.py returns; the widget gets its data through the
callables it is given, so it knows nothing of GDB or QEMU.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from types import ModuleType

import ipywidgets as w

from ..decoders.pagetables import Range, TableEntry, Translation, permissions
from ..decoders.x86_64 import paging as x86
from .panel import RefreshPanel

# Colour by effective permission: code, data, read-only, and the W+X that W^X forbids.
_COLOURS = {"r-x": "#d9534f", "rw-": "#5cb85c", "r--": "#5bc0de", "rwx": "#f0ad4e"}
_ONLY_TOKENS = {"r", "w", "x", "u", "s", "uc", "g", "ng", "cont", "-w", "-x"}


def flags(attributes: int, fmt: ModuleType = x86) -> str:
    """The format's flag bits by name (x86_64: uc = PCD, wt = PWT, g = global; arm64: ng = not global,
    cont = contiguous hint, attrN = MAIR attribute index N)."""
    named = [name for bit, name in fmt.FLAG_BITS if attributes & bit]
    if hasattr(fmt, "ATTR_INDEX_MASK"):
        named.append(f"attr{(attributes & fmt.ATTR_INDEX_MASK) >> fmt.ATTR_INDEX_SHIFT}")
    return ",".join(named) or "-"


def select(
    ranges: list[Range], only: str = "", low: int = 0, high: int = 1 << 64, fmt: ModuleType = x86
) -> list[Range]:
    """Ranges overlapping [low, high) that have every permission in `only` ("w,x", "u", "-x", ...)."""
    wanted = {token.strip() for token in only.split(",") if token.strip()}
    unknown = wanted - _ONLY_TOKENS
    if unknown:
        raise ValueError(
            f"unknown --only item(s) {', '.join(sorted(unknown))}; use {', '.join(sorted(_ONLY_TOKENS))}"
        )

    def keep(r: Range) -> bool:
        perm, extra = permissions(r.attributes, fmt), flags(r.attributes, fmt).split(",")
        have = {c for c in perm[:3] if c != "-"} | {perm[-1]} | set(extra)
        return all(t[1:] not in have if t.startswith("-") else t in have for t in wanted)

    return [r for r in ranges if r.end > low and r.start < high and keep(r)]


def _pages(r: Range) -> str:
    names = {1 << 12: "4K", 1 << 21: "2M", 1 << 30: "1G"}
    return "+".join(f"{n}x{names.get(size, hex(size))}" for size, n in sorted(r.pages.items()))


def ranges_text(
    ranges: list[Range], heading: str, place: Callable[[int], str] = lambda _a: "", fmt: ModuleType = x86
) -> str:
    """The shape of QEMU's 'info mem', with the physical side and every bit: one line per range.

    `place` names what starts a range (a section, an object), for the last column.
    """
    header = f"{'virtual range':<37} {'size':>12} {'physical':>14}  perm   flags     {'pages':<16} what"
    lines = [heading, header]
    for r in ranges:
        physical = f"{r.physical:#014x}" + ("" if r.contiguous else "+")
        lines.append(
            f"{r.start:016x}-{r.end:016x} {r.size:>#12x} {physical:>14}  "
            f"{permissions(r.attributes, fmt)}  {flags(r.attributes, fmt):<9} {_pages(r):<16} "
            f"{place(r.start)}".rstrip()
        )
    lines.append(f"{len(ranges)} ranges ('+' after a physical address: its frames are not contiguous)")
    return "\n".join(lines)


def translation_text(t: Translation, qemu_gpa: int | None = None, fmt: ModuleType = x86) -> str:
    lines = [f"virtual {t.va:#x}"]
    for s in t.steps:
        index = f"{s.level}[{s.index}]"
        lines.append(
            f"  {index:<10} table {s.table:#x}  entry {s.raw:#018x}  {s.meaning}"
            + ("  (leaf)" if s.leaf else "")
        )
    if t.physical is None:
        lines.append("  not mapped: the walk ends at a non-present entry (a page fault)")
    else:
        effective = f"{permissions(t.attributes, fmt)} {flags(t.attributes, fmt)}"
        lines.append(f"  physical {t.physical:#x}, effective {effective}")
    if qemu_gpa is not None:
        agree = "agrees" if qemu_gpa == t.physical else "DISAGREES"
        lines.append(f"  QEMU's gva2gpa: {qemu_gpa:#x} ({agree})")
    return "\n".join(lines)


def _segment_width(r: Range) -> int:
    return max(2, r.size.bit_length() - 11)  # log scale: a 4 KiB page and a GiB both stay visible


def space_bar_html(ranges: list[Range], fmt: ModuleType = x86) -> str:
    """The mapped address space as one bar coloured by permission (log-scaled widths)."""
    cells, previous_end = [], None
    for r in ranges:
        if previous_end is not None and r.start != previous_end:
            cells.append('<div title="not mapped" style="width:3px;background:#eee"></div>')
        perm = permissions(r.attributes, fmt)
        title = html.escape(f"{r.start:#x}-{r.end:#x} {perm} {flags(r.attributes, fmt)} {_pages(r)}")
        colour = _COLOURS.get(perm[:3], "#999")
        cells.append(f'<div title="{title}" style="flex:{_segment_width(r)};background:{colour}"></div>')
        previous_end = r.end
    legend = " ".join(
        f'<span style="background:{c};padding:0 6px">&nbsp;</span> {p}' for p, c in _COLOURS.items()
    )
    bar = '<div style="display:flex;height:22px;border:1px solid #888">' + "".join(cells) + "</div>"
    return (
        bar + f"<div style='font-size:11px'>{legend} &nbsp; grey: holes (hover a segment for its range)</div>"
    )


class PageTablePanel(RefreshPanel[list[Range]]):
    """The address space bar, a drill-down from the root table to the leaves, and a translate box.

    Refresh reads the ranges and the tables again and keeps the drill-down: the entry chosen at
    each level is chosen again by its index, as far down as it still exists.
    """

    def __init__(
        self,
        load: Callable[[], list[Range]],
        heading: str,
        place: Callable[[int], str],
        root: int,
        entries: Callable[[int, int, int], list[TableEntry]],
        translate: Callable[[int], str],
        fmt: ModuleType = x86,
    ) -> None:
        self.heading, self.place, self.root, self.fmt = heading, place, root, fmt
        self._entries, self._translate = entries, translate
        self.levels = [w.Select(rows=8, layout=w.Layout(width="auto")) for _ in fmt.LEVEL_NAMES]
        for depth, box in enumerate(self.levels):
            box.observe(lambda change, d=depth: self._chosen(d, change["new"]), names="value")
        self.address = w.Text(
            placeholder="virtual address, e.g. 0x101000", description="translate", continuous_update=False
        )
        self.walk = w.HTML()
        go = w.Button(description="Walk")
        go.on_click(lambda _button: self._walk())
        self.address.observe(lambda _change: self._walk(), names="value")  # Enter or leaving the box
        drill = w.GridBox(
            [
                w.VBox([w.HTML(f"<b>{name}</b>"), box], layout=w.Layout(min_width="0"))
                for name, box in zip(fmt.LEVEL_NAMES, self.levels, strict=True)
            ],
            # minmax(0, 1fr): four equal columns that shrink with the page (25% each plus the
            # boxes' borders overflowed the last column by 2 px)
            layout=w.Layout(grid_template_columns="repeat(4, minmax(0, 1fr))", grid_gap="0 4px"),
        )
        self.bar = w.HTML()
        self.content = w.VBox([self.bar, drill, w.HBox([self.address, go]), self.walk])
        super().__init__(load)

    @property
    def ranges(self) -> list[Range]:
        return self.data

    def render(self) -> None:
        self.bar.value = f"<b>{html.escape(self.heading)}</b>" + space_bar_html(self.ranges, self.fmt)
        chosen = [box.value[1].index if box.value else None for box in self.levels]
        typed = self.address.value  # choosing a leaf again would put its address there
        self._fill(0, self.root, 0)
        for box, index in zip(self.levels, chosen, strict=True):
            again = next((value for _label, value in box.options if value[1].index == index), None)
            if again is None:
                break
            box.value = again  # observed: fills the level below
        self.address.value = typed
        if typed:
            self._walk()

    def _fill(self, depth: int, table: int, base: int) -> None:
        options = []
        for e in self._entries(table, depth, base):
            label = f"[{e.index:3}] {e.va:#x} {e.meaning}" + ("" if e.leaf else " ->")
            options.append((label, (depth, e)))
        for box in self.levels[depth:]:
            box.options = []  # nothing chosen: new options alone would choose their first
        self.levels[depth].options = options

    def _chosen(self, depth: int, value: tuple[int, TableEntry] | None) -> None:
        if value is None:
            return
        _depth, entry = value
        if entry.leaf:
            self.address.value = f"{entry.va:#x}"  # observed: walks it
        elif depth + 1 < len(self.levels):
            self._fill(depth + 1, entry.next_table, entry.va)

    def _walk(self) -> None:
        try:
            text = self._translate(int(self.address.value, 0))
        except Exception as err:  # a button has no cell to raise into: show it here
            text = f"error: {err}"
        self.walk.value = f"<pre>{html.escape(text)}</pre>"

    def html(self) -> str:
        return space_bar_html(self.ranges, self.fmt) + f"<pre>{html.escape(self.text())}</pre>"

    def text(self) -> str:
        return ranges_text(self.ranges, self.heading, self.place, self.fmt)
