"""Walk a page-table tree, merge what it maps into ranges, translate one address step by step.

Pure functions of a `read_table(physical_address) -> bytes` callable and a format
module (paging_x86_64 today; an arm64 one follows the same interface: LEVELS,
LEVEL_NAMES, ENTRIES, TABLE_SIZE, shift, index, canonical, is_leaf, frame,
decode, combine, PRESENT/WRITABLE/USER/NX and ATTRIBUTE_MASK).
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType

from .x86_64 import paging as paging_x86_64

ReadTable = Callable[[int], bytes]


@dataclass
class Range:
    """Contiguous virtual addresses mapped with the same effective attributes."""

    start: int
    end: int  # exclusive
    physical: int  # of `start`
    contiguous: bool  # physical addresses follow the virtual ones throughout
    attributes: int  # effective: W/U granted by every level, NX from any level
    pages: dict[int, int]  # page size -> how many pages of that size

    @property
    def size(self) -> int:
        return self.end - self.start


def leaves(read_table: ReadTable, root: int, fmt: ModuleType = paging_x86_64) -> Iterator[tuple]:
    """Every present leaf, in address order: (va, pa, page size, effective attributes, leaf raw)."""
    everything = fmt.PRESENT | fmt.WRITABLE | fmt.USER
    unpack = struct.Struct(f"<{fmt.ENTRIES}Q").unpack

    def visit(table: int, depth: int, base: int, upper: int) -> Iterator[tuple]:
        span = 1 << fmt.shift(depth)
        for i, raw in enumerate(unpack(read_table(table)[: fmt.TABLE_SIZE])):
            if not raw & fmt.PRESENT:
                continue
            va = base + i * span
            attributes = fmt.combine(upper, raw)
            if fmt.is_leaf(raw, depth):
                yield fmt.canonical(va), fmt.frame(raw, depth), span, attributes, raw
            else:
                yield from visit(fmt.frame(raw, depth), depth + 1, va, attributes)

    yield from visit(root, 0, 0, everything)


def ranges(read_table: ReadTable, root: int, fmt: ModuleType = paging_x86_64) -> list[Range]:
    """All mappings, merged where the virtual addresses and the attributes continue."""
    out: list[Range] = []
    last: Range | None = None
    for va, pa, size, attributes, _raw in leaves(read_table, root, fmt):
        if last is not None and last.end == va and last.attributes == attributes:
            last.contiguous = last.contiguous and last.physical + last.size == pa
            last.end += size
            last.pages[size] = last.pages.get(size, 0) + 1
            continue
        last = Range(va, va + size, pa, True, attributes, {size: 1})
        out.append(last)
    return out


@dataclass(frozen=True)
class TableEntry:
    """A present entry of one table, for drilling down level by level."""

    index: int
    va: int  # first virtual address it covers
    raw: int
    meaning: str
    leaf: bool
    next_table: int  # physical address of the table below (or of the page, for a leaf)


def table_entries(
    read_table: ReadTable, table: int, depth: int, base: int, fmt: ModuleType = paging_x86_64
) -> list[TableEntry]:
    """The present entries of the table at `depth` whose first address is `base`."""
    span = 1 << fmt.shift(depth)
    unpack = struct.Struct(f"<{fmt.ENTRIES}Q").unpack
    return [
        TableEntry(
            i,
            fmt.canonical(base + i * span),
            raw,
            fmt.decode(raw, depth).describe(),
            fmt.is_leaf(raw, depth),
            fmt.frame(raw, depth),
        )
        for i, raw in enumerate(unpack(read_table(table)[: fmt.TABLE_SIZE]))
        if raw & fmt.PRESENT
    ]


@dataclass(frozen=True)
class Step:
    """One level of a translation."""

    level: str  # PML4, PDPT, ...
    table: int  # physical address of the table
    index: int
    raw: int
    meaning: str  # the entry's bits decoded
    leaf: bool


@dataclass(frozen=True)
class Translation:
    va: int
    steps: list[Step]
    physical: int | None  # None: not mapped
    attributes: int


def translate(read_table: ReadTable, root: int, va: int, fmt: ModuleType = paging_x86_64) -> Translation:
    """Walk one virtual address through every level, as the MMU does."""
    steps, table, attributes = [], root, fmt.PRESENT | fmt.WRITABLE | fmt.USER
    for depth in range(fmt.LEVELS):
        i = fmt.index(va, depth)
        raw = struct.unpack_from("<Q", read_table(table), i * 8)[0]
        leaf = bool(raw & fmt.PRESENT) and fmt.is_leaf(raw, depth)
        steps.append(Step(fmt.LEVEL_NAMES[depth], table, i, raw, fmt.decode(raw, depth).describe(), leaf))
        if not raw & fmt.PRESENT:
            return Translation(va, steps, None, 0)
        attributes = fmt.combine(attributes, raw)
        if leaf:
            offset = va & ((1 << fmt.shift(depth)) - 1)
            return Translation(va, steps, fmt.frame(raw, depth) + offset, attributes)
        table = fmt.frame(raw, depth)
    raise AssertionError("a walk ends at a leaf or a hole")


def permissions(attributes: int, fmt: ModuleType = paging_x86_64) -> str:
    """rwx plus u/s, in the shape of QEMU's 'info mem': e.g. 'r-x s' or 'rw- u'."""
    return (
        "r"
        + ("w" if attributes & fmt.WRITABLE else "-")
        + ("-" if attributes & fmt.NX else "x")
        + (" u" if attributes & fmt.USER else " s")
    )
