"""What the host mirrors from the kernel, declared once: struct layouts and constants.

Path of a mirrored fact: the kernel defines it (a struct of <ukrepl/host.h> or of
a library's header, an enumerator anchored in DWARF by UKREPL_CONTRACT) -> the
host declares its copy here -> the layers that pack, unpack or compare bytes
import it from here -> tests/guest/test_contract.py reads the kernel's DWARF
(compiler.kernel_dwarf.contract_mismatches) and fails, naming both sides, when
a kernel change leaves the copy behind.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class MirroredStruct:
    """A C struct the host packs or unpacks: its tag and its members in order, each with the
    struct-module code of its width (little-endian, no padding between them)."""

    tag: str
    members: tuple[tuple[str, str], ...]

    @property
    def format(self) -> struct.Struct:
        return struct.Struct("<" + "".join(code for _, code in self.members))

    def layout(self) -> dict[str, tuple[int, int]]:
        """member -> (offset, size), as the format places them."""
        out, offset = {}, 0
        for name, code in self.members:
            size = struct.calcsize("<" + code)
            out[name] = (offset, size)
            offset += size
        return out


@dataclass(frozen=True)
class MirroredEnum:
    """Enumerators of a C enum the host reads numbers of."""

    tag: str
    values: MappingProxyType

    @staticmethod
    def of(tag: str, **values: int) -> MirroredEnum:
        return MirroredEnum(tag, MappingProxyType(values))


def _words(tag: str, *members: str) -> MirroredStruct:
    return MirroredStruct(tag, tuple((m, "Q") for m in members))


# lib/ukreplhost: the registration sections of a loaded cell, and the arena's scratch part.
CELL_SECTION = _words("ukrepl_cell_section", "name", "start", "end")
ARENA_LAYOUT = MirroredEnum.of("ukrepl_arena_layout", UKREPL_ARENA_SCRATCH_SIZE=64 * 1024)
STRING_SCRATCH = ARENA_LAYOUT.values["UKREPL_ARENA_SCRATCH_SIZE"]

# lib/ukdebug <uk/ksyms.h>: the symbol table the host links into uk_ksym_loaded for each cell.
KSYM = _words("uk_ksym", "addr", "size", "name")
KSYM_TABLE = _words("uk_ksym_table", "next", "start", "end", "count")

# lib/uktest <uk/test.h>: one record per test case in the section uk_testtab.
TESTCASE = _words(
    "uk_testcase", "name", "desc", "func", "asserts", "file", "suite", "line", "expects", "failures"
)

# <uk/plat/lcpu.h> and the per-CPU data: what ukplat_lcpu_run takes, CPU states, IST stack fill.
LCPU_FUNC = _words("ukplat_lcpu_func", "fn", "user")
LCPU_STATES = MirroredEnum.of(
    "lcpu_state",
    LCPU_STATE_HALTED=-1,
    LCPU_STATE_OFFLINE=0,
    LCPU_STATE_INIT=1,
    LCPU_STATE_IDLE=2,
    LCPU_STATE_BUSY0=3,  # and up: nested run levels
)
# ukplat_lcpu_run's flags: ukrepl's own, queue only onto an idle CPU (-EBUSY otherwise).
LCPU_RUN_FLAGS = MirroredEnum.of("ukplat_lcpu_run_flags", UKPLAT_LCPU_RFLG_IDLEONLY=0x2)
LCPU_RFLG_DONOTBLOCK = 0x1  # a #define of Unikraft's API (no DWARF to check it against)
STACK_FILL = MirroredEnum.of("lcpu_stack_fill", LCPU_STACK_FILL=0x5A)
LCPU_STACK_FILL = STACK_FILL.values["LCPU_STACK_FILL"]

# lib/afunix <uk/afunix.h>: struct afunix_sock's state and shut fields.
AFUNIX_STATES = MirroredEnum.of("afunix_state", AFUNIX_UNCONNECTED=0, AFUNIX_LISTENING=1, AFUNIX_CONNECTED=2)
AFUNIX_SHUT = MirroredEnum.of("afunix_shut", AFUNIX_SHUT_RD=1, AFUNIX_SHUT_WR=2)

# lib/syscall_shim <uk/syscall.h>: per system-call number, what %syscalls shows.
SYSCALL_STAT = MirroredStruct(
    "uk_syscall_stat", (("count", "Q"), ("nr", "q"), ("args", "6q"), ("ret", "q"), ("registered", "q"))
)

STRUCTS = (CELL_SECTION, KSYM, KSYM_TABLE, TESTCASE, LCPU_FUNC, SYSCALL_STAT)
ENUMS = (ARENA_LAYOUT, LCPU_STATES, LCPU_RUN_FLAGS, STACK_FILL, AFUNIX_STATES, AFUNIX_SHUT)
