"""The guest's page tables for %pt: fetched from guest RAM, decoded by decoders.pagetables.

Path: CR3 of a CPU (GDB's register read) -> each table's 4 KiB read from the
guest-RAM file QEMU keeps (target.read_physical, cached per dump) ->
decoders.pagetables walks and merges -> views.paging_view renders. QEMU's own
`gva2gpa` is the check for one translation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

# The decoders work on numpy arrays: imported when page tables are first looked at, not with
# the guest (a kernel's start does not wait for numpy).
if TYPE_CHECKING:
    from ..decoders.pagetables import Range, TableEntry, Translation


class PageTableReader:
    """Reads one guest's page tables through callables for physical memory, registers and the monitor."""

    def __init__(
        self,
        read_physical: Callable[[int, int], bytes],
        registers: Callable[[tuple[str, ...], int], dict[str, int]],
        hmp: Callable[[str, int], str],
    ) -> None:
        self._read_physical, self._registers, self._hmp = read_physical, registers, hmp

    def _read_table(self, address: int) -> bytes:
        from ..decoders.x86_64.paging import TABLE_SIZE

        return self._read_physical(address, TABLE_SIZE)

    def root(self, cpu: int = 0) -> int:
        """Physical address of the top-level page table CPU `cpu` uses (its CR3)."""
        from ..decoders.x86_64.paging import ADDRESS_MASK

        return self._registers(("cr3",), cpu)["cr3"] & ADDRESS_MASK

    def ranges(self, cpu: int = 0) -> list[Range]:
        """Everything CPU `cpu`'s page tables map, merged into ranges."""
        from ..decoders.pagetables import ranges

        tables: dict[int, bytes] = {}  # a table read once per dump, however often it is linked

        def read_table(address: int) -> bytes:
            if address not in tables:
                tables[address] = self._read_table(address)
            return tables[address]

        return ranges(read_table, self.root(cpu))

    def translate(self, va: int, cpu: int = 0) -> Translation:
        """Walk one virtual address through CPU `cpu`'s page tables, level by level."""
        from ..decoders.pagetables import translate

        return translate(self._read_table, self.root(cpu), va)

    def entries(self, table: int, depth: int, base: int) -> list[TableEntry]:
        """The present entries of one page table (physical address `table`, level `depth`)."""
        from ..decoders.pagetables import table_entries

        return table_entries(self._read_table, table, depth, base)

    def qemu_translate(self, va: int, cpu: int = 0) -> int | None:
        """QEMU's own answer for a virtual address (monitor 'gva2gpa'), None if it says unmapped."""
        match = re.search(r"gpa: (0x[0-9a-f]+)", self._hmp(f"gva2gpa {va:#x}", cpu))
        return int(match.group(1), 16) if match else None
