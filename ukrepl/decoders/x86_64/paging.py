"""The x86_64 4-level page-table format: what each entry's bits mean (Intel SDM vol. 3A, 4.5).

One of the formats pagetables.py walks; an arm64 (VMSAv8-64) module will sit beside it.
Pure functions of integers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NAME = "x86_64"
LEVELS = 4  # PML4, PDPT, PD, PT
LEVEL_NAMES = ("PML4", "PDPT", "PD", "PT")  # indexed by depth: 0 is the root
ENTRIES = 512
TABLE_SIZE = 4096
VA_BITS = 48
ADDRESS_MASK = 0x000F_FFFF_FFFF_F000

PRESENT, WRITABLE, USER, PWT, PCD, ACCESSED, DIRTY, LARGE, GLOBAL = (1 << n for n in range(9))
NX = 1 << 63
# The bits a leaf's attributes are compared by when ranges are merged (not A/D: the CPU sets them).
ATTRIBUTE_MASK = PRESENT | WRITABLE | USER | PWT | PCD | GLOBAL | NX
FLAG_BITS = ((PCD, "uc"), (PWT, "wt"), (GLOBAL, "g"))  # what %pt's flags column names


def shift(depth: int) -> int:
    """Bits of virtual address below the index of the table at `depth` (39, 30, 21, 12)."""
    return 12 + 9 * (LEVELS - 1 - depth)


def index(va: int, depth: int) -> int:
    return (va >> shift(depth)) & (ENTRIES - 1)


def canonical(va: int) -> int:
    """Sign-extend bit 47, as the CPU requires of every address."""
    return va | ~((1 << VA_BITS) - 1) & 0xFFFF_FFFF_FFFF_FFFF if va & (1 << (VA_BITS - 1)) else va


def is_leaf(raw: int, depth: int) -> bool:
    """A PT entry always maps a page; a PDPT or PD entry does when PS (bit 7) is set."""
    return depth == LEVELS - 1 or (depth in (1, 2) and bool(raw & LARGE))


def frame(raw: int, depth: int) -> int:
    """Physical address an entry points at: the next table, or the page it maps.

    In a 2 MiB or 1 GiB leaf, bit 12 is PAT, not address, so the low bits are masked off.
    """
    address = raw & ADDRESS_MASK
    if is_leaf(raw, depth) and depth < LEVELS - 1:
        address &= ~((1 << shift(depth)) - 1)
    return address


@dataclass(frozen=True)
class EntryBits:
    """An entry decoded for people."""

    present: bool
    writable: bool
    user: bool
    write_through: bool
    cache_disabled: bool
    accessed: bool
    dirty: bool
    large: bool
    global_: bool
    no_execute: bool

    def describe(self) -> str:
        if not self.present:
            return "not present"
        parts = ["P", "RW" if self.writable else "RO", "U" if self.user else "S"]
        parts += [name for flag, name in ((self.write_through, "PWT"), (self.cache_disabled, "PCD")) if flag]
        parts += [
            name for flag, name in ((self.accessed, "A"), (self.dirty, "D"), (self.large, "PS")) if flag
        ]
        parts += ["G"] if self.global_ else []
        parts.append("NX" if self.no_execute else "X")
        return " ".join(parts)


def decode(raw: int, depth: int) -> EntryBits:
    return EntryBits(
        present=bool(raw & PRESENT),
        writable=bool(raw & WRITABLE),
        user=bool(raw & USER),
        write_through=bool(raw & PWT),
        cache_disabled=bool(raw & PCD),
        accessed=bool(raw & ACCESSED),
        dirty=bool(raw & DIRTY),
        large=is_leaf(raw, depth) and depth < LEVELS - 1,
        global_=bool(raw & GLOBAL) and is_leaf(raw, depth),
        no_execute=bool(raw & NX),
    )


def combine(upper: int, raw: int) -> int:
    """Attributes in effect after one more level: W and U must be granted at every level,
    one NX anywhere forbids execution (SDM 4.6.1). `upper` starts as PRESENT|WRITABLE|USER."""
    granted = upper & raw & (WRITABLE | USER)
    return (raw & ATTRIBUTE_MASK & ~(WRITABLE | USER | NX)) | granted | ((upper | raw) & NX)


# frame() and combine() for many last-level entries at once (numpy arrays of uint64 entries).
_U64 = np.uint64


def frame_many(raw: np.ndarray, depth: int) -> np.ndarray:
    """frame() of last-level entries (no PAT bit to mask there)."""
    assert depth == LEVELS - 1
    return raw & _U64(ADDRESS_MASK)


def combine_many(upper: np.ndarray, raw: np.ndarray) -> np.ndarray:
    """combine() of last-level entries, each under the attributes of its own table (`upper`)."""
    granted = upper & raw & _U64(WRITABLE | USER)
    kept = raw & _U64(ATTRIBUTE_MASK & ~(WRITABLE | USER | NX))
    return kept | granted | ((upper | raw) & _U64(NX))


# QEMU's x86 'info tlb' prints one line per leaf: "VA: PA XGPDACTUW" (target/i386/monitor.c).
_TLB_FLAGS = ((NX, "X"), (GLOBAL, "G"), (LARGE, "P"), (DIRTY, "D"), (ACCESSED, "A"))
_TLB_FLAGS += ((PCD, "C"), (PWT, "T"), (USER, "U"), (WRITABLE, "W"))


def tlb_flags(raw: int) -> str:
    """A leaf entry's own bits in the letters of QEMU's 'info tlb'."""
    return "".join(letter if raw & bit else "-" for bit, letter in _TLB_FLAGS)


def parse_info_tlb(text: str) -> set[tuple[int, int, str]]:
    """QEMU's 'info tlb' as a set of (virtual address, physical address, flags)."""
    out = set()
    for line in text.splitlines():
        va, sep, rest = line.partition(":")
        if sep and rest.split():
            pa, flags = rest.split()
            out.add((int(va, 16), int(pa, 16), flags))
    return out
