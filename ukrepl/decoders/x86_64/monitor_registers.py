"""Parse QEMU's 'info registers -a' text: per CPU, the registers GDB's stub does not expose.

QEMU's gdbstub has no GDTR, IDTR or TR; its monitor prints them for every CPU
(target/i386/cpu-dump.c). Pure text parsing, so it is tested on captured output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CPU = re.compile(r"^CPU#(\d+)", re.M)
_TABLE = re.compile(r"^(GDT|IDT)=\s+([0-9a-f]+) ([0-9a-f]+)", re.M)
_SEGMENT = re.compile(
    r"^(ES|CS|SS|DS|FS|GS|LDT|TR) ?=([0-9a-f]{4}) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)", re.M
)
_REGISTER = re.compile(r"\b(RIP|RSP|CR0|CR2|CR3|CR4|EFER)=([0-9a-f]+)")
_HALTED = re.compile(r"\bHLT=(\d)")


@dataclass(frozen=True)
class Segment:
    selector: int
    base: int
    limit: int
    flags: int


@dataclass(frozen=True)
class MonitorCpu:
    """What QEMU's monitor says about one CPU."""

    index: int
    gdt: tuple[int, int]  # base, limit
    idt: tuple[int, int]
    segments: dict[str, Segment]
    registers: dict[str, int]
    halted: bool


def parse_info_registers(text: str) -> list[MonitorCpu]:
    starts = [m.start() for m in _CPU.finditer(text)] or [0]
    cpus = []
    for n, start in enumerate(starts):
        block = text[start : starts[n + 1] if n + 1 < len(starts) else len(text)]
        index = _CPU.match(block)
        tables = {name: (int(base, 16), int(limit, 16)) for name, base, limit in _TABLE.findall(block)}
        cpus.append(
            MonitorCpu(
                index=int(index.group(1)) if index else n,
                gdt=tables.get("GDT", (0, 0)),
                idt=tables.get("IDT", (0, 0)),
                segments={
                    name: Segment(int(sel, 16), int(base, 16), int(limit, 16), int(flags, 16))
                    for name, sel, base, limit, flags in _SEGMENT.findall(block)
                },
                registers={name: int(value, 16) for name, value in _REGISTER.findall(block)},
                halted=bool((m := _HALTED.search(block)) and m.group(1) == "1"),
            )
        )
    return cpus
