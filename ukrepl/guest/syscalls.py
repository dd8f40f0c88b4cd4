"""The guest's system-call counts for %syscalls: read in two memory reads, reset by a call.

Path: `&uk_syscall_stats` and `sizeof` it (one GDB batch) -> the array's bytes (one memory
read) -> decoders.syscall_stats.records; the names once per kernel: the pointer table
`uk_syscall_names` and the rodata it points into (two reads) -> decoders.syscall_stats.names.
Reset: a host call of uk_syscall_stats_reset (lib/syscall_shim).
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from ..decoders.syscall_stats import SyscallCount, names, records
from ..target.gdbmi import MiResult
from ..target.machine import evaluate_command
from .errors import GuestError

NO_SHIM = GuestError(
    "this kernel has no system-call shim (lib/syscall_shim)",
    "boot with CONFIG_LIBSYSCALL_SHIM=y, the default: %boot --config LIBSYSCALL_SHIM=y",
)
NAME_SLACK = 64  # bytes read past the last name's start: longer than any name


class SyscallReader:
    """Reads lib/syscall_shim's counters through a GDB batch, a memory reader and a host call."""

    def __init__(
        self,
        batch: Callable[[list[str]], list[MiResult]],
        read_memory: Callable[[int, int], bytes],
        call: Callable[[str], object],
    ) -> None:
        self._batch, self._read, self._call = batch, read_memory, call
        self._names: tuple[int, list[str | None]] | None = None  # (table address, names)

    def _values(self, expressions: list[str]) -> list[int]:
        try:
            results = self._batch([evaluate_command(e) for e in expressions])
        except GuestError as err:
            if "No symbol" in str(err):  # a kernel built without the shim
                raise NO_SHIM from err
            raise
        return [int(r.payload["value"], 0) for r in results]

    def _known(self, table: int, slots: int) -> list[str | None]:
        if self._names is None or self._names[0] != table:
            raw = self._read(table, slots * 8)
            pointers = [p for (p,) in struct.iter_unpack("<Q", raw) if p]
            base = min(pointers)
            self._names = (table, names(raw, base, self._read(base, max(pointers) - base + NAME_SLACK)))
        return self._names[1]

    def counts(self, everything: bool = False) -> list[SyscallCount]:
        """The numbers called since boot or the last reset (`everything`: and every registered one)."""
        stats, size, table, slots = self._values(
            [
                "(unsigned long)&uk_syscall_stats",
                "sizeof(uk_syscall_stats)",
                "(unsigned long)&uk_syscall_names",
                "sizeof(uk_syscall_names) / sizeof(uk_syscall_names[0])",
            ]
        )
        return records(self._read(stats, size), self._known(table, slots), everything)

    def reset(self) -> None:
        """Counts, arguments and results back to zero."""
        self._values(["(unsigned long)&uk_syscall_stats_reset"])
        self._call("uk_syscall_stats_reset")
