"""The VMSAv8-64 translation tables with a 4 KiB granule and 48-bit addresses: what each
descriptor's bits mean (Arm ARM DDI 0487, D8.3 descriptors, D8.4 permissions, D8.6 attributes).

The same interface as `x86_64/paging.py`, so `pagetables.py` walks it unchanged: depth 0 is
the root (lookup level 0), depth 3 the last level (pages). A table and a page descriptor share
type 0b11 and differ by level only, so the walker combines attributes through `combine_at`,
which takes the depth. Effective attributes are bits of our own (below): the AP/XN bits of
a descriptor have other senses (AP[2] set = read-only) and tables restrict through APTable,
PXNTable and UXNTable. Pure functions of integers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .system_registers import mair_attribute

NAME = "arm64"
LEVELS = 4
LEVEL_NAMES = ("L0", "L1", "L2", "L3")  # lookup levels; indexed by depth, 0 is the root
ENTRIES = 512
TABLE_SIZE = 4096
VA_BITS = 48
ADDRESS_MASK = 0x0000_FFFF_FFFF_F000
DIRECT_MAP = 0x0000_FF80_0000_0000  # the kernel's map of PA 0-512 GiB (the release's layout)

# Descriptor bits
VALID = 1 << 0
TYPE_BIT = 1 << 1  # levels 0-2: table (1) or block (0); level 3: page (1)
ATTR_INDEX_SHIFT, ATTR_INDEX_MASK = 2, 0x7 << 2
NS = 1 << 5
AP_EL0 = 1 << 6  # AP[1]: EL0 may access
AP_RO = 1 << 7  # AP[2]: read-only
SH_SHIFT, SH_MASK = 8, 0x3 << 8
AF = 1 << 10
NG = 1 << 11
DBM = 1 << 51
CONTIGUOUS = 1 << 52
PXN = 1 << 53
UXN = 1 << 54
SOFTWARE_MASK = 0xF << 55
# Table descriptors: restrictions on everything below
PXN_TABLE = 1 << 59
UXN_TABLE = 1 << 60
AP_TABLE_NO_EL0 = 1 << 61
AP_TABLE_RO = 1 << 62
NS_TABLE = 1 << 63

# Effective attributes, as pagetables.py reads them: PRESENT, WRITABLE (at EL1), USER (EL0 may
# access), NX (EL1 may not execute: PXN here or in a table above) and UXN; the memory attributes
# of the leaf (AttrIndx, SH, nG, contiguous) at their own places. Not AF: like x86's A bit it
# says nothing about the mapping's rights.
PRESENT = VALID
NX = PXN
WRITABLE = 1 << 56
USER = 1 << 57
ATTRIBUTE_MASK = PRESENT | WRITABLE | USER | NX | UXN | ATTR_INDEX_MASK | SH_MASK | NG | CONTIGUOUS
_LEAF_KEPT = ATTR_INDEX_MASK | SH_MASK | NG | CONTIGUOUS
FLAG_BITS = ((NG, "ng"), (CONTIGUOUS, "cont"))  # what %pt's flags column names (and AttrIndx)

SHAREABILITY = {0: "non-shareable", 1: "reserved", 2: "outer shareable", 3: "inner shareable"}


def shift(depth: int) -> int:
    """Bits of virtual address below the index of the table at `depth` (39, 30, 21, 12)."""
    return 12 + 9 * (LEVELS - 1 - depth)


def index(va: int, depth: int) -> int:
    return (va >> shift(depth)) & (ENTRIES - 1)


def canonical(va: int) -> int:
    """TTBR0's addresses are 0 .. 2**48 - 1 as they are (TTBR1's upper half is not used)."""
    return va


def kind(raw: int, depth: int) -> str:
    """'invalid', 'table', 'block', 'page' or 'reserved' (valid, but no such descriptor there)."""
    if not raw & VALID:
        return "invalid"
    if depth == LEVELS - 1:
        return "page" if raw & TYPE_BIT else "reserved"
    if raw & TYPE_BIT:
        return "table"
    return "block" if depth in (1, 2) else "reserved"  # no blocks at level 0 with 4 KiB


def is_leaf(raw: int, depth: int) -> bool:
    """A block (levels 1, 2) or page (level 3) maps memory; a reserved encoding also ends the
    walk (the MMU faults there)."""
    return kind(raw, depth) in ("block", "page", "reserved")


def frame(raw: int, depth: int) -> int:
    """Physical address an entry points at: the next table, or the block or page it maps."""
    address = raw & ADDRESS_MASK
    if kind(raw, depth) == "block":
        address &= ~((1 << shift(depth)) - 1)
    return address


def rights(raw: int) -> str:
    """EL1's rights by a leaf's own bits: 'rwx', 'r-x', 'rw-', 'r--'."""
    return "r" + ("-" if raw & AP_RO else "w") + ("-" if raw & PXN else "x")


def memory_type(raw: int, mair: int | None) -> str:
    """The memory type a leaf selects through AttrIndx, decoded with the MAIR_EL1 value given."""
    slot = (raw & ATTR_INDEX_MASK) >> ATTR_INDEX_SHIFT
    if mair is None:
        return f"AttrIndx {slot}"
    return mair_attribute((mair >> (8 * slot)) & 0xFF)


@dataclass(frozen=True)
class Descriptor:
    """A descriptor decoded for people."""

    kind: str
    address: int  # next table, or the output address of a block/page
    attr_index: int
    memory: str  # from MAIR when given, else 'AttrIndx n'
    read_only: bool  # AP[2]
    el0: bool  # AP[1]
    pxn: bool
    uxn: bool
    access_flag: bool
    shareability: str
    not_global: bool
    contiguous: bool
    dirty_bit_modifier: bool
    software: int  # bits 55-58
    # table descriptors only
    pxn_table: bool = False
    uxn_table: bool = False
    no_el0_table: bool = False
    read_only_table: bool = False

    @property
    def valid(self) -> bool:
        return self.kind != "invalid"

    @property
    def leaf(self) -> bool:
        return self.kind in ("block", "page")

    @property
    def rights(self) -> str:
        return "r" + ("-" if self.read_only else "w") + ("-" if self.pxn else "x")

    def describe(self) -> str:
        if self.kind == "invalid":
            return "invalid"
        if self.kind == "reserved":
            return "reserved encoding (faults)"
        if self.kind == "table":
            parts = ["table"]
            parts += [
                name
                for flag, name in (
                    (self.read_only_table, "APTable RO"),
                    (self.no_el0_table, "APTable no-EL0"),
                    (self.pxn_table, "PXNTable"),
                    (self.uxn_table, "UXNTable"),
                )
                if flag
            ]
            return " ".join(parts)
        parts = [self.kind, self.rights, "EL0" if self.el0 else "EL1"]
        parts += ["UXN"] if self.uxn else []
        parts += [self.memory, self.shareability]
        parts += [name for flag, name in ((self.access_flag, "AF"), (self.not_global, "nG")) if flag]
        parts += ["contiguous"] if self.contiguous else []
        parts += ["DBM"] if self.dirty_bit_modifier else []
        parts += [f"sw 0x{self.software:x}"] if self.software else []
        return " ".join(parts)


def decode(raw: int, depth: int, mair: int | None = None) -> Descriptor:
    k = kind(raw, depth)
    table = k == "table"
    return Descriptor(
        kind=k,
        address=frame(raw, depth),
        attr_index=0 if table else (raw & ATTR_INDEX_MASK) >> ATTR_INDEX_SHIFT,
        memory="" if table else memory_type(raw, mair),
        read_only=not table and bool(raw & AP_RO),
        el0=not table and bool(raw & AP_EL0),
        pxn=not table and bool(raw & PXN),
        uxn=not table and bool(raw & UXN),
        access_flag=not table and bool(raw & AF),
        shareability="" if table else SHAREABILITY[(raw & SH_MASK) >> SH_SHIFT],
        not_global=not table and bool(raw & NG),
        contiguous=not table and bool(raw & CONTIGUOUS),
        dirty_bit_modifier=not table and bool(raw & DBM),
        software=0 if table else (raw & SOFTWARE_MASK) >> 55,
        pxn_table=table and bool(raw & PXN_TABLE),
        uxn_table=table and bool(raw & UXN_TABLE),
        no_el0_table=table and bool(raw & AP_TABLE_NO_EL0),
        read_only_table=table and bool(raw & AP_TABLE_RO),
    )


def _table_restrict(upper: int, raw: int) -> int:
    out = upper
    if raw & AP_TABLE_RO:
        out &= ~WRITABLE
    if raw & AP_TABLE_NO_EL0:
        out &= ~USER
    if raw & PXN_TABLE:
        out |= NX
    if raw & UXN_TABLE:
        out |= UXN
    return out


def combine(upper: int, raw: int) -> int:
    """Attributes in effect at a leaf (block or page) under the attributes of the tables above
    it (`upper` starts as PRESENT|WRITABLE|USER): write needs AP[2] clear and no APTable RO
    above, EL0 access AP[1] and no APTable no-EL0, PXN/UXN from the leaf or any table."""
    out = upper & (WRITABLE | USER | NX | UXN)
    if raw & AP_RO:
        out &= ~WRITABLE
    if not raw & AP_EL0:
        out &= ~USER
    out |= raw & (PXN | UXN)
    return out | PRESENT | (raw & _LEAF_KEPT)


def combine_at(upper: int, raw: int, depth: int) -> int:
    """combine() for an entry at `depth`: a table restricts, a leaf decides."""
    if kind(raw, depth) == "table":
        return _table_restrict(upper, raw)
    return combine(upper, raw)


# frame() and combine() for many last-level entries at once (numpy arrays of uint64 pages).
_U64 = np.uint64


def frame_many(raw: np.ndarray, depth: int) -> np.ndarray:
    assert depth == LEVELS - 1
    return raw & _U64(ADDRESS_MASK)


def combine_many(upper: np.ndarray, raw: np.ndarray) -> np.ndarray:
    """combine() of last-level pages, each under the attributes of its own table."""
    out = upper & _U64(WRITABLE | USER | NX | UXN)
    out = np.where(raw & _U64(AP_RO), out & ~_U64(WRITABLE), out)
    out = np.where(raw & _U64(AP_EL0), out, out & ~_U64(USER))
    out = out | (raw & _U64(PXN | UXN))
    return out | _U64(PRESENT) | (raw & _U64(_LEAF_KEPT))
