"""The kernel's per-number system-call counts (lib/syscall_shim's uk_syscall_stats), as records.

Path: the bytes of `struct uk_syscall_stat uk_syscall_stats[]` and of the name table
`uk_syscall_names[]` (with the rodata its pointers point into), read by guest.syscalls ->
`records` and `names` here -> views.syscalls_view renders them. Pure functions of bytes.
"""

from __future__ import annotations

import errno
import struct
from dataclasses import dataclass

from ..kernel_contract import SYSCALL_STAT

MAX_ERRNO = 4095  # results -4095..-1 are errors (Linux's convention)


@dataclass(frozen=True)
class SyscallCount:
    """One number's calls: how many, the last call's arguments and result, whether anything serves it.
    `beyond` is the catch-all slot of numbers past the kernel's table (its `nr` the last one seen)."""

    nr: int
    name: str | None
    count: int
    args: tuple[int, ...]
    ret: int
    registered: bool
    beyond: bool = False

    @property
    def unknown(self) -> bool:
        """Nothing in the kernel serves it: the calls answered -ENOSYS."""
        return not self.registered

    @property
    def result(self) -> str:
        """The last result as a reader wants it: -38 -> '-ENOSYS', else the number."""
        if -MAX_ERRNO <= self.ret < 0:
            return "-" + errno.errorcode.get(-self.ret, str(-self.ret))
        return str(self.ret)


def names(table: bytes, base: int, strings: bytes) -> list[str | None]:
    """The name of each number: `table` holds one pointer per number (0: none), each into
    `strings`, the bytes read from address `base` on."""
    out: list[str | None] = []
    for (pointer,) in struct.iter_unpack("<Q", table):
        if not pointer or not base <= pointer < base + len(strings):
            out.append(None)
            continue
        start = pointer - base
        end = strings.find(b"\0", start)
        out.append(strings[start : end if end >= 0 else len(strings)].decode("ascii", "replace"))
    return out


def records(raw: bytes, known: list[str | None], everything: bool = False) -> list[SyscallCount]:
    """The slots of the array `raw` that were called (with `everything`: also those that have a
    handler), in number order; the last slot is the one for numbers beyond the table."""
    size = SYSCALL_STAT.format.size
    slots = len(raw) // size
    out = []
    for i in range(slots):
        count, nr, *rest = SYSCALL_STAT.format.unpack_from(raw, i * size)
        args, ret, registered = tuple(rest[:6]), rest[6], bool(rest[7])
        beyond = i == slots - 1
        if not count and not (everything and registered):
            continue
        name = None if beyond else known[nr] if 0 <= nr < len(known) else None
        out.append(SyscallCount(nr, name, count, args, ret, registered and not beyond, beyond))
    return out
