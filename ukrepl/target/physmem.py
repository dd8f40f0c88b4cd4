"""Guest physical memory, read by the host at memory speed.

QEMU keeps the guest's RAM in a file of our private run directory (a shared
memory backend); mapping it gives the host every physical byte without asking
QEMU or GDB. Which guest-physical addresses live where in that file is QEMU's
business (microvm puts RAM above 3 GiB at 4 GiB, and firmware ROM over part of
the first megabyte), so the layout comes from QEMU's own 'info mtree -f'.
Measured on this project's machine (bench/pagetable_dump.py, 4 MiB reads): the
mapped file 1.3 to 1.9 GB/s, QMP pmemsave (the fallback, for ROM and MMIO)
0.65 to 0.9 GB/s, GDB in QEMU's physical-memory mode 4 to 6 MB/s.
"""

from __future__ import annotations

import mmap
import re
from dataclasses import dataclass
from pathlib import Path

_FLAT_RANGE = re.compile(r"^\s*([0-9a-f]+)-([0-9a-f]+) \(prio -?\d+, ram\): (\S+)(?: @([0-9a-f]+))?", re.M)


@dataclass(frozen=True)
class RamSlice:
    """Guest-physical [start, end) is the file's bytes from `offset`."""

    start: int
    end: int
    offset: int


def ram_layout(mtree: str, region: str) -> list[RamSlice]:
    """The slices of `region` in QEMU's flat memory view ('info mtree -f')."""
    slices = {}
    for start, last, name, offset in _FLAT_RANGE.findall(mtree):
        if name == region:  # each flat view lists them again; keep one of each
            slices[int(start, 16)] = RamSlice(int(start, 16), int(last, 16) + 1, int(offset or "0", 16))
    return sorted(slices.values(), key=lambda s: s.start)


class MappedRam:
    """The guest RAM file, mapped read-only."""

    def __init__(self, path: Path, layout: list[RamSlice]) -> None:
        with path.open("rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
        self.layout = layout

    def read(self, address: int, size: int) -> bytes | None:
        """The bytes, or None when [address, address + size) is not all in one RAM slice."""
        for piece in self.layout:
            if piece.start <= address and address + size <= piece.end:
                begin = piece.offset + address - piece.start
                return self._map[begin : begin + size]
        return None

    def close(self) -> None:
        self._map.close()
