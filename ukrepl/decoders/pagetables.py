"""Walk a page-table tree, merge what it maps into ranges, translate one address step by step.

Pure functions of a `read_table(physical_address) -> bytes` callable and a format
module (paging_x86_64, or arm64.paging: the same interface: LEVELS,
LEVEL_NAMES, ENTRIES, TABLE_SIZE, shift, index, canonical, is_leaf, frame,
decode, combine, PRESENT/WRITABLE/USER/NX and ATTRIBUTE_MASK, plus the array
forms frame_many and combine_many for last-level entries; a format whose
entries mean different things by level also has combine_at(upper, raw, depth)).

Path of a dump: root -> read_table of each table (bytes) -> the upper levels
entry by entry, each last-level table as one numpy array -> leaf arrays (va,
pa, size, attributes) -> range boundaries found over all leaves at once.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from .x86_64 import paging as paging_x86_64

ReadTable = Callable[[int], bytes]


def _combine(fmt: ModuleType, upper: int, raw: int, depth: int) -> int:
    """fmt.combine, told the depth where the format needs it (arm64: a table and a page descriptor
    share one encoding, level 3 decides)."""
    by_depth = getattr(fmt, "combine_at", None)
    return by_depth(upper, raw, depth) if by_depth else fmt.combine(upper, raw)


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
            attributes = _combine(fmt, upper, raw, depth)
            if fmt.is_leaf(raw, depth):
                yield fmt.canonical(va), fmt.frame(raw, depth), span, attributes, raw
            else:
                yield from visit(fmt.frame(raw, depth), depth + 1, va, attributes)

    yield from visit(root, 0, 0, everything)


def ranges(read_table: ReadTable, root: int, fmt: ModuleType = paging_x86_64) -> list[Range]:
    """All mappings, merged where the virtual addresses and the attributes continue.

    The same result as merging `leaves` one by one, computed a table at a time:
    the tables above the last level are walked entry by entry (a few hundred
    entries), and the last-level tables' entries are decoded together as one
    array; the merge then finds the range boundaries over all leaves at once.
    """
    found = _leaf_arrays(read_table, root, fmt)
    va, pa, size, attributes = found.va, found.pa, found.size, found.attributes
    if not len(va):
        return []
    after = va[:-1] + size[:-1]  # where each leaf's successor starts if it continues it
    starts = np.flatnonzero(np.concatenate(([True], (va[1:] != after) | (attributes[1:] != attributes[:-1]))))
    ends = np.append(starts[1:], len(va))
    jumps = np.flatnonzero(pa[1:] != pa[:-1] + size[:-1]) + 1  # leaves not physically after their neighbour
    owner = np.searchsorted(starts, jumps, side="right") - 1
    broken = np.zeros(len(starts), dtype=bool)
    broken[owner[starts[owner] != jumps]] = True  # a jump where a range starts breaks nothing
    pages = _page_counts(starts, ends, found)
    return [
        Range(
            int(va[b]), int(va[e - 1] + size[e - 1]), int(pa[b]), not broken[k], int(attributes[b]), pages[k]
        )
        for k, (b, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True))
    ]


@dataclass
class _Leaves:
    """Every present leaf as arrays in address order; `large` are the indices of the leaves above
    the last level (the rest are pages of `page_size`)."""

    va: np.ndarray
    pa: np.ndarray
    size: np.ndarray
    attributes: np.ndarray
    large: np.ndarray
    page_size: int


def _page_counts(starts: np.ndarray, ends: np.ndarray, found: _Leaves) -> list[dict[int, int]]:
    """Per range: page size -> how many leaves of that size (large leaves are few: counted apart)."""
    counts = [{found.page_size: int(n)} if n else {} for n in (ends - starts).tolist()]
    owners = np.searchsorted(starts, found.large, side="right") - 1
    for k, leaf in zip(owners.tolist(), found.large.tolist(), strict=True):
        big = int(found.size[leaf])
        counts[k][big] = counts[k].get(big, 0) + 1
        counts[k][found.page_size] -= 1
        if not counts[k][found.page_size]:
            del counts[k][found.page_size]
    return counts


def _leaf_arrays(read_table: ReadTable, root: int, fmt: ModuleType) -> _Leaves:
    """Every present leaf (va, pa, page size, effective attributes), in address order."""
    last = fmt.LEVELS - 1
    tables: list[tuple[int, int, int]] = []  # last-level tables in walk order: address, base va, upper attrs
    large: list[tuple[int, ...]] = []  # leaves above the last level: (tables before it, va, pa, size, attrs)

    def visit(table: int, depth: int, base: int, upper: int) -> None:
        raw = np.frombuffer(read_table(table)[: fmt.TABLE_SIZE], dtype="<u8")
        span = 1 << fmt.shift(depth)
        for i in np.flatnonzero(raw & fmt.PRESENT).tolist():
            entry, va = int(raw[i]), base + i * span
            attributes = _combine(fmt, upper, entry, depth)
            if fmt.is_leaf(entry, depth):
                large.append((len(tables), fmt.canonical(va), fmt.frame(entry, depth), span, attributes))
            elif depth + 1 == last:
                tables.append((fmt.frame(entry, depth), fmt.canonical(va), attributes))
            else:
                visit(fmt.frame(entry, depth), depth + 1, va, attributes)

    visit(root, 0, 0, fmt.PRESENT | fmt.WRITABLE | fmt.USER)
    # Every last-level table at once: its entries side by side, the present ones in walk order.
    raw = np.frombuffer(b"".join(read_table(t)[: fmt.TABLE_SIZE] for t, _, _ in tables), dtype="<u8")
    present = np.flatnonzero(raw & fmt.PRESENT)
    rows, columns = np.divmod(present, fmt.ENTRIES)
    entries = raw[present]
    page = 1 << fmt.shift(last)
    # A table never straddles the canonical hole, so its base alone needs the sign extension.
    bases = np.array([base for _, base, _ in tables], dtype=np.uint64)
    va = bases[rows] + columns.astype(np.uint64) * np.uint64(page)
    uppers = np.array([upper for _, _, upper in tables], dtype=np.uint64)
    arrays = [va, fmt.frame_many(entries, last), np.full(len(entries), page, dtype=np.uint64)]
    arrays.append(fmt.combine_many(uppers[rows], entries))
    at = np.empty(0, dtype=np.int64)
    if large:  # each goes where the walk met it: after the leaves of the tables before it
        first_leaf = np.searchsorted(rows, np.arange(len(tables) + 1))
        at = first_leaf[[before for before, *_ in large]]
        extra = list(zip(*(leaf[1:] for leaf in large), strict=True))
        arrays = [np.insert(a, at, np.array(x, dtype=np.uint64)) for a, x in zip(arrays, extra, strict=True)]
        at = at + np.arange(len(at))  # their indices once inserted
    return _Leaves(*arrays, at, page)


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
        attributes = _combine(fmt, attributes, raw, depth)
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
