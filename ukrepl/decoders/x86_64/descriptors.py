"""Decoders for x86_64 descriptor tables and the 64-bit TSS: pure functions of bytes.

Layouts follow the Intel SDM vol. 3A, 3.4.5 (segment descriptors), 7.2.3 (TSS
descriptor in 64-bit mode, 16 bytes), 7.7 (64-bit TSS) and 6.14.1 (64-bit IDT gates).
In long mode the system descriptors for an LDT or a TSS take two GDT slots; a
decoder that reads the GDT as 8-byte rows shows them as two wrong entries.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

# System descriptor types in IA-32e mode (S = 0), SDM table 3-2.
_SYSTEM_TYPES = {
    0x2: "ldt",
    0x9: "tss64-available",
    0xB: "tss64-busy",
    0xC: "call-gate64",
    0xE: "interrupt-gate64",
    0xF: "trap-gate64",
}
_SIXTEEN_BYTE_TYPES = {0x2, 0x9, 0xB, 0xC}


@dataclass(frozen=True)
class Descriptor:
    """One GDT entry; `width` is 8, or 16 for an LDT, TSS or call gate in long mode."""

    index: int  # first slot it occupies
    kind: str  # null, code, data, tss64-available, tss64-busy, ldt, ...
    base: int
    limit: int  # in bytes, granularity applied
    dpl: int
    present: bool
    long_mode: bool  # L
    default_big: bool  # D/B
    granularity: bool  # G: limit counts 4 KiB pages
    type_bits: int
    width: int
    raw: bytes

    @property
    def selector(self) -> int:
        return self.index * 8

    @property
    def flags(self) -> str:
        """Short attribute text in the style of QEMU's 'info registers'."""
        parts = []
        if self.kind == "code":
            parts.append("CS64" if self.long_mode else ("CS32" if self.default_big else "CS16"))
            parts.append("R" if self.type_bits & 0x2 else "-")
            parts.append("C" if self.type_bits & 0x4 else "-")
        elif self.kind == "data":
            parts.append("DS")
            parts.append("W" if self.type_bits & 0x2 else "-")
            parts.append("E" if self.type_bits & 0x4 else "-")
        if self.kind in ("code", "data"):
            parts.append("A" if self.type_bits & 0x1 else "-")
        return " ".join(parts)


def decode_descriptor(data: bytes, index: int = 0) -> Descriptor:
    """Decode the descriptor at the start of `data` (8 or 16 bytes are read)."""
    if len(data) < 8:
        raise ValueError("a descriptor needs 8 bytes")
    low = int.from_bytes(data[:8], "little")
    if low == 0:
        return Descriptor(index, "null", 0, 0, 0, False, False, False, False, 0, 8, bytes(data[:8]))
    limit = (low & 0xFFFF) | ((low >> 32) & 0xF0000)
    base = ((low >> 16) & 0xFFFFFF) | ((low >> 32) & 0xFF000000)
    access = (low >> 40) & 0xFF
    flags = (low >> 52) & 0xF
    type_bits, system = access & 0xF, not access & 0x10
    granularity = bool(flags & 0x8)
    width = 8
    if system:
        kind = _SYSTEM_TYPES.get(type_bits, f"system-{type_bits:#x}")
        if type_bits in _SIXTEEN_BYTE_TYPES:
            if len(data) < 16:
                raise ValueError(f"a {kind} descriptor needs 16 bytes in long mode")
            base |= int.from_bytes(data[8:12], "little") << 32
            width = 16
    else:
        kind = "code" if type_bits & 0x8 else "data"
    return Descriptor(
        index=index,
        kind=kind,
        base=base,
        limit=(limit << 12) | 0xFFF if granularity else limit,
        dpl=(access >> 5) & 0x3,
        present=bool(access & 0x80),
        long_mode=bool(flags & 0x2),
        default_big=bool(flags & 0x4),
        granularity=granularity,
        type_bits=type_bits,
        width=width,
        raw=bytes(data[:width]),
    )


def decode_gdt(table: bytes) -> list[Descriptor]:
    """Decode a whole GDT (the bytes from GDTR.base, GDTR.limit + 1 of them)."""
    out, offset = [], 0
    while offset + 8 <= len(table):
        desc = decode_descriptor(table[offset : offset + 16], offset // 8)
        out.append(desc)
        offset += desc.width
    return out


@dataclass(frozen=True)
class Tss64:
    """The 64-bit task-state segment: stack pointers for privilege changes and the IST."""

    rsp: tuple[int, int, int]  # RSP0..RSP2
    ist: tuple[int, ...]  # IST1..IST7 (index 0 is IST1)
    iomap_base: int


TSS64_SIZE = 104
_TSS64 = struct.Struct("<I3QQ7QQHH")


def decode_tss64(data: bytes) -> Tss64:
    if len(data) < TSS64_SIZE:
        raise ValueError(f"a 64-bit TSS needs {TSS64_SIZE} bytes")
    fields = _TSS64.unpack(data[:TSS64_SIZE])
    return Tss64(rsp=tuple(fields[1:4]), ist=tuple(fields[5:12]), iomap_base=fields[14])


@dataclass(frozen=True)
class Gate:
    """One 16-byte IDT entry."""

    vector: int
    offset: int
    selector: int
    ist: int  # 0 = no stack switch, else IST1..7
    kind: str  # interrupt-gate64, trap-gate64, ...
    dpl: int
    present: bool


def decode_idt(table: bytes) -> list[Gate]:
    gates = []
    for vector in range(len(table) // 16):
        lo, hi = struct.unpack_from("<QQ", table, vector * 16)
        offset = (lo & 0xFFFF) | ((lo >> 32) & 0xFFFF0000) | ((hi & 0xFFFFFFFF) << 32)
        attributes = (lo >> 40) & 0xFF
        gates.append(
            Gate(
                vector=vector,
                offset=offset,
                selector=(lo >> 16) & 0xFFFF,
                ist=(lo >> 32) & 0x7,
                kind=_SYSTEM_TYPES.get(attributes & 0xF, f"system-{attributes & 0xF:#x}"),
                dpl=(attributes >> 5) & 0x3,
                present=bool(attributes & 0x80),
            )
        )
    return gates
