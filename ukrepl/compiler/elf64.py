"""Sections and symbols of a small ELF64 file, read with struct.

A linked cell is read on every cell run, and pyelftools takes milliseconds
per file where this takes tens of microseconds. Only what loading a cell
needs: section headers (with contents) and the symbol table. Layouts from
the System V ABI, "Object Files" (gABI 4.1), little-endian 64-bit only.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

SHT_SYMTAB, SHT_NOBITS = 2, 8
SHF_ALLOC = 0x2
SHF_EXECINSTR = 0x4
SHN_UNDEF, SHN_LORESERVE = 0, 0xFF00
STT_OBJECT, STT_FUNC = 1, 2
STB_LOCAL, STB_GLOBAL, STB_WEAK = 0, 1, 2

_HEADER = struct.Struct("<16sHHIQQQIHHHHHH")
_SECTION = struct.Struct("<IIQQQQIIQQ")
_SYMBOL = struct.Struct("<IBBHQQ")


class NotElf64(ValueError):
    pass


@dataclass(frozen=True)
class Section:
    name: str
    flags: int
    address: int
    size: int
    data: bytes  # empty for SHT_NOBITS


@dataclass(frozen=True)
class Symbol:
    name: str
    address: int
    size: int
    type: int  # STT_*
    binding: int  # STB_*
    section: int  # index, SHN_UNDEF or a reserved index (SHN_ABS...)

    @property
    def defined_here(self) -> bool:
        """Defined in one of the file's own sections (not undefined, not absolute)."""
        return SHN_UNDEF < self.section < SHN_LORESERVE


@dataclass(frozen=True)
class Elf64:
    sections: list[Section]
    symbols: list[Symbol]

    def allocated(self) -> list[Section]:
        """Sections that occupy memory when loaded, by address."""
        return sorted((s for s in self.sections if s.flags & SHF_ALLOC and s.size), key=lambda s: s.address)


def read(path: Path) -> Elf64:
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise NotElf64(f"{path}: not a little-endian ELF64 file")
    fields = _HEADER.unpack_from(data)
    shoff, shentsize, shnum, shstrndx = fields[6], fields[11], fields[12], fields[13]
    headers = [_SECTION.unpack_from(data, shoff + i * shentsize) for i in range(shnum)]
    names = headers[shstrndx]
    sections = []
    for name, stype, flags, addr, offset, size, *_rest in headers:
        contents = b"" if stype == SHT_NOBITS else data[offset : offset + size]
        sections.append(Section(_string(data, names[4] + name), flags, addr, size, contents))
    symbols = []
    for header in headers:
        if header[1] != SHT_SYMTAB:
            continue
        strtab = headers[header[6]][4]
        for offset in range(header[4], header[4] + header[5], _SYMBOL.size):
            name, info, _other, shndx, value, size = _SYMBOL.unpack_from(data, offset)
            if name:
                name_text = _string(data, strtab + name)
                symbols.append(Symbol(name_text, value, size, info & 0xF, info >> 4, shndx))
    return Elf64(sections, symbols)


def _string(data: bytes, offset: int) -> str:
    return data[offset : data.index(b"\0", offset)].decode()
