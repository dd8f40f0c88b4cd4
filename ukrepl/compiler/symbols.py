"""Guest symbols from the kernel ELF: names and addresses (symtab), prototypes and
source locations (DWARF), read with pyelftools once per build.

Path of a symbol: the ELF's symtab (and, the first time a prototype or typedef name
is asked for, its DWARF) -> kept in memory per file version, and written beside the
ELF as `<elf>.symbols.json` with the ELF's size and mtime -> a later process (a new
Jupyter kernel, a test) reads that file instead of parsing the ELF again, which
takes pyelftools seconds for the DWARF.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Symbol:
    name: str
    address: int
    size: int
    kind: str  # "function" or "object"


@dataclass(frozen=True)
class Declaration:
    """What DWARF says about a function or global variable."""

    name: str
    signature: str  # C declaration text, e.g. "int tour_fib(int n)"
    file: str
    line: int


class SymbolTable:
    """Symbols of one ELF file; DWARF is read lazily, the first time it is needed."""

    def __init__(self, elf: Path) -> None:
        self.elf = elf
        self._saved = _read_saved(elf)
        if self._saved is None:
            self._saved = {"version": _file_version(elf), **_read_symtab(elf)}
            _save(elf, self._saved)
        self.symbols = {s[0]: Symbol(*s) for s in self._saved["symbols"]}
        self.sections: list[tuple[int, int, str]] = [tuple(s) for s in self._saved["sections"]]
        self._by_address = sorted(
            (s for s in self.symbols.values() if s.kind == "function"), key=lambda s: s.address
        )

    def address(self, name: str) -> int:
        return self.symbols[name].address

    def names(self) -> list[str]:
        return sorted(self.symbols)

    def place(self, address: int) -> str:
        """Where an address is in the image: '.bss: lcpus+0x1000', '.text', or '' outside it."""
        section = next((name for start, end, name in self.sections if start <= address < end), "")
        owner = next(
            (
                f"{sym.name}+{address - sym.address:#x}" if address > sym.address else sym.name
                for sym in self.symbols.values()
                if sym.kind == "object" and sym.address <= address < sym.address + sym.size
            ),
            "",
        )
        return f"{section}: {owner}" if section and owner else section or owner

    def symbolize(self, address: int) -> str:
        """'name+0xoff' for an address inside a function, else the hex address."""
        lo, hi = 0, len(self._by_address)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._by_address[mid].address <= address:
                lo = mid + 1
            else:
                hi = mid
        if lo:
            sym = self._by_address[lo - 1]
            if address < sym.address + max(sym.size, 1):
                return f"{sym.name}+{address - sym.address:#x}"
        return f"{address:#x}"

    @functools.cached_property
    def _dwarf(self) -> tuple[dict[str, Declaration], frozenset[str]]:
        if "declarations" not in self._saved:
            decls, typedefs = _read_dwarf(self.elf)
            self._saved["declarations"] = [list(asdict(d).values()) for d in decls.values()]
            self._saved["typedefs"] = sorted(typedefs)
            _save(self.elf, self._saved)
        decls = {d[0]: Declaration(*d) for d in self._saved["declarations"]}
        return decls, frozenset(self._saved["typedefs"])

    @property
    def declarations(self) -> dict[str, Declaration]:
        return self._dwarf[0]

    @property
    def typedef_names(self) -> frozenset[str]:
        return self._dwarf[1]


@functools.lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> SymbolTable:
    return SymbolTable(Path(path))


def _saved_path(elf: Path) -> Path:
    return elf.with_name(elf.name + ".symbols.json")


def _file_version(elf: Path) -> list[int]:
    stat = elf.stat()
    return [stat.st_size, stat.st_mtime_ns]


def _read_saved(elf: Path) -> dict | None:
    """What an earlier process read from this very ELF, if it saved it."""
    try:
        saved = json.loads(_saved_path(elf).read_text())
    except (OSError, ValueError):
        return None
    return saved if isinstance(saved, dict) and saved.get("version") == _file_version(elf) else None


def _save(elf: Path, saved: dict) -> None:
    """Write beside the ELF, whole or not at all; a read-only place only means no saving."""
    target = _saved_path(elf)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        tmp.write_text(json.dumps(saved))
        tmp.replace(target)


def _read_symtab(elf: Path) -> dict:
    """Allocated sections (start, end, name) and function/object symbols (name, address, size, kind)."""
    from elftools.elf.elffile import ELFFile  # only when nothing was saved for this build

    sections, symbols = [], []
    with open(elf, "rb") as f:
        elffile = ELFFile(f)
        for section in elffile.iter_sections():
            if section["sh_flags"] & 0x2 and section["sh_size"]:  # SHF_ALLOC: part of the image
                start = section["sh_addr"]
                sections.append((start, start + section["sh_size"], section.name))
        symtab = elffile.get_section_by_name(".symtab")
        for sym in symtab.iter_symbols() if symtab else ():
            kind = {"STT_FUNC": "function", "STT_OBJECT": "object"}.get(sym["st_info"]["type"])
            if kind and sym.name:
                symbols.append((sym.name, sym["st_value"], sym["st_size"], kind))
    return {"sections": sections, "symbols": symbols}


def load(elf: Path) -> SymbolTable:
    """The symbol table of `elf`, shared between guests booted from the same file."""
    return _load(str(elf), elf.stat().st_mtime)


def _read_dwarf(elf: Path) -> tuple[dict[str, Declaration], frozenset[str]]:
    from elftools.elf.elffile import ELFFile

    decls: dict[str, Declaration] = {}
    typedefs: set[str] = set()
    with open(elf, "rb") as f:
        elffile = ELFFile(f)
        if not elffile.has_dwarf_info():
            return decls, frozenset()
        dwarf = elffile.get_dwarf_info()
        for cu in dwarf.iter_CUs():
            files = _file_names(dwarf, cu)
            for die in cu.get_top_DIE().iter_children():
                name = _name(die)
                if die.tag == "DW_TAG_typedef" and name:
                    typedefs.add(name)
                elif die.tag in ("DW_TAG_subprogram", "DW_TAG_variable") and name and name not in decls:
                    if "DW_AT_declaration" in die.attributes:
                        continue
                    decl = _declaration(die, name, files)
                    if decl:
                        decls[name] = decl
    return decls, frozenset(typedefs)


def _name(die) -> str | None:
    attr = die.attributes.get("DW_AT_name")
    return attr.value.decode() if attr else None


def _file_names(dwarf, cu) -> list[str]:
    lineprog = dwarf.line_program_for_CU(cu)
    if lineprog is None:
        return []
    entries = lineprog["file_entry"]
    names = [e.name.decode() for e in entries]
    # DWARF 5 numbers files from 0, DWARF 4 from 1.
    return names if lineprog.header["version"] >= 5 else ["?"] + names


def _declaration(die, name: str, files: list[str]) -> Declaration | None:
    file_attr = die.attributes.get("DW_AT_decl_file")
    line_attr = die.attributes.get("DW_AT_decl_line")
    file = files[file_attr.value] if file_attr and file_attr.value < len(files) else "?"
    line = line_attr.value if line_attr else 0
    if die.tag == "DW_TAG_subprogram":
        params = [
            type_name(p, _name(p) or "") for p in die.iter_children() if p.tag == "DW_TAG_formal_parameter"
        ]
        if any(p.tag == "DW_TAG_unspecified_parameters" for p in die.iter_children()):
            params.append("...")
        signature = type_name(die, f"{name}({', '.join(params) or 'void'})")
    else:
        signature = type_name(die, name)
    return Declaration(name, signature, file, line)


def type_name(die, declarator: str = "") -> str:
    """C text declaring `declarator` with the type of `die` (its DW_AT_type)."""
    if "DW_AT_type" not in die.attributes:
        return f"void {declarator}".strip()
    t = die.get_DIE_from_attribute("DW_AT_type")
    tag = t.tag
    if tag in ("DW_TAG_base_type", "DW_TAG_typedef"):
        return f"{_name(t)} {declarator}".strip()
    if tag in ("DW_TAG_structure_type", "DW_TAG_union_type", "DW_TAG_enumeration_type"):
        keyword = {"DW_TAG_structure_type": "struct", "DW_TAG_union_type": "union"}.get(tag, "enum")
        return f"{keyword} {_name(t) or '<anonymous>'} {declarator}".strip()
    if tag == "DW_TAG_pointer_type":
        return type_name(t, f"*{declarator}")
    if tag in ("DW_TAG_const_type", "DW_TAG_volatile_type"):
        qualifier = "const" if tag == "DW_TAG_const_type" else "volatile"
        if declarator.startswith("*"):  # a const pointer: the qualifier binds to the declarator
            return type_name(t, f"{qualifier} {declarator}")
        return f"{qualifier} {type_name(t, declarator)}"
    if tag == "DW_TAG_array_type":
        bounds = "".join(_bound(c) for c in t.iter_children() if c.tag == "DW_TAG_subrange_type")
        inner = f"({declarator})" if declarator.startswith("*") else declarator
        return type_name(t, f"{inner}{bounds}")
    if tag == "DW_TAG_subroutine_type":
        params = [type_name(p) for p in t.iter_children() if p.tag == "DW_TAG_formal_parameter"]
        return type_name(t, f"({declarator})({', '.join(params) or 'void'})")
    return f"? {declarator}".strip()


def _bound(subrange) -> str:
    upper = subrange.attributes.get("DW_AT_upper_bound")
    return f"[{upper.value + 1}]" if upper else "[]"
