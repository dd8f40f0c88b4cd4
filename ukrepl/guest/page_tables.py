"""The guest's page tables for %pt: fetched from guest RAM, decoded by decoders.pagetables.

Path: the root register of a CPU (x86_64's CR3, arm64's TTBR0_EL1; GDB's
register read) -> each table's 4 KiB read from the guest-RAM file QEMU keeps
(target.read_physical, cached per dump) -> decoders.pagetables walks and merges
with the architecture's format (decoders.x86_64.paging or decoders.arm64.paging)
-> views.paging_view renders. QEMU's own `gva2gpa` is the check for one
translation (QEMU 7.2 has no `info tlb` for arm).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

# The decoders work on numpy arrays: imported when page tables are first looked at, not with
# the guest (a kernel's start does not wait for numpy).
if TYPE_CHECKING:
    from ..decoders.pagetables import Range, TableEntry, Translation

# arch -> the module of its descriptor format and the register that holds the root table's address
FORMATS: dict[str, tuple[str, str]] = {
    "x86_64": ("ukrepl.decoders.x86_64.paging", "cr3"),
    "arm64": ("ukrepl.decoders.arm64.paging", "TTBR0_EL1"),
}


class PageTableReader:
    """Reads one guest's page tables through callables for physical memory, registers and the monitor."""

    def __init__(
        self,
        read_physical: Callable[[int, int], bytes],
        registers: Callable[[tuple[str, ...], int], dict[str, int]],
        hmp: Callable[[str, int], str],
        arch: Callable[[], str],
    ) -> None:
        self._read_physical, self._registers, self._hmp, self._arch = read_physical, registers, hmp, arch

    @property
    def fmt(self) -> ModuleType:
        """The descriptor format of the guest's architecture."""
        return importlib.import_module(FORMATS[self._arch()][0])

    def _read_table(self, address: int) -> bytes:
        return self._read_physical(address, self.fmt.TABLE_SIZE)

    def root(self, cpu: int = 0) -> int:
        """Physical address of the top-level page table CPU `cpu` uses (its CR3 or TTBR0_EL1)."""
        register = FORMATS[self._arch()][1]
        return self._registers((register,), cpu)[register] & self.fmt.ADDRESS_MASK

    def ranges(self, cpu: int = 0) -> list[Range]:
        """Everything CPU `cpu`'s page tables map, merged into ranges."""
        from ..decoders.pagetables import ranges

        tables: dict[int, bytes] = {}  # a table read once per dump, however often it is linked

        def read_table(address: int) -> bytes:
            if address not in tables:
                tables[address] = self._read_table(address)
            return tables[address]

        return ranges(read_table, self.root(cpu), self.fmt)

    def translate(self, va: int, cpu: int = 0) -> Translation:
        """Walk one virtual address through CPU `cpu`'s page tables, level by level."""
        from ..decoders.pagetables import translate

        return translate(self._read_table, self.root(cpu), va, self.fmt)

    def entries(self, table: int, depth: int, base: int) -> list[TableEntry]:
        """The present entries of one page table (physical address `table`, level `depth`)."""
        from ..decoders.pagetables import table_entries

        return table_entries(self._read_table, table, depth, base, self.fmt)

    def qemu_translate(self, va: int, cpu: int = 0) -> int | None:
        """QEMU's own answer for a virtual address (monitor 'gva2gpa'), None if it says unmapped."""
        match = re.search(r"gpa: (0x[0-9a-f]+)", self._hmp(f"gva2gpa {va:#x}", cpu))
        return int(match.group(1), 16) if match else None
