"""Struct layouts and enumerators as the kernel's DWARF describes them, and the host contract check.

Path: the kernel ELF -> pyelftools walks the DIEs of every compile unit once,
keeping the structs and enums the contract names -> contract_mismatches compares
each with its mirror in ukrepl.kernel_contract and words every difference with
both sides: what the kernel has, what the host has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from elftools.elf.elffile import ELFFile

from ..kernel_contract import ENUMS, STRUCTS, MirroredEnum, MirroredStruct

HOST_SIDE = "ukrepl/kernel_contract.py"


@dataclass
class KernelTypes:
    """What the DWARF says of some structs (member -> (offset, size), and the total size) and enums."""

    structs: dict[str, tuple[int, dict[str, tuple[int, int]]]] = field(default_factory=dict)
    enums: dict[str, dict[str, int]] = field(default_factory=dict)


def read_types(elf: Path, struct_tags: set[str], enum_tags: set[str]) -> KernelTypes:
    """The complete definitions of the named structs and enums in the ELF's DWARF."""
    found = KernelTypes()
    with elf.open("rb") as f:
        dwarf = ELFFile(f).get_dwarf_info()
        for cu in dwarf.iter_CUs():
            for die in cu.iter_DIEs():
                name = die.attributes.get("DW_AT_name")
                if name is None or "DW_AT_declaration" in die.attributes:
                    continue
                tag = name.value.decode()
                if die.tag == "DW_TAG_structure_type" and tag in struct_tags and tag not in found.structs:
                    found.structs[tag] = (die.attributes["DW_AT_byte_size"].value, _members(die))
                elif die.tag == "DW_TAG_enumeration_type" and tag in enum_tags and tag not in found.enums:
                    found.enums[tag] = {
                        e.attributes["DW_AT_name"].value.decode(): e.attributes["DW_AT_const_value"].value
                        for e in die.iter_children()
                        if e.tag == "DW_TAG_enumerator"
                    }
    return found


def _members(die) -> dict[str, tuple[int, int]]:
    out = {}
    for member in die.iter_children():
        if member.tag != "DW_TAG_member" or "DW_AT_name" not in member.attributes:
            continue
        offset = member.attributes["DW_AT_data_member_location"].value
        out[member.attributes["DW_AT_name"].value.decode()] = (
            offset,
            _byte_size(member.get_DIE_from_attribute("DW_AT_type")),
        )
    return out


def _byte_size(die) -> int:
    """Size of a type, through typedefs and qualifiers; an array's is its element's times its
    length (DWARF gives arrays no byte size of their own)."""
    count = 1
    while "DW_AT_byte_size" not in die.attributes and "DW_AT_type" in die.attributes:
        if die.tag == "DW_TAG_array_type":
            for bound in die.iter_children():
                if "DW_AT_upper_bound" in bound.attributes:
                    count *= bound.attributes["DW_AT_upper_bound"].value + 1
        die = die.get_DIE_from_attribute("DW_AT_type")
    return count * die.attributes["DW_AT_byte_size"].value if "DW_AT_byte_size" in die.attributes else 0


def contract_mismatches(
    elf: Path, structs: tuple[MirroredStruct, ...] = STRUCTS, enums: tuple[MirroredEnum, ...] = ENUMS
) -> list[str]:
    """Every way the kernel's DWARF and the host's mirrors disagree, one line each."""
    kernel = read_types(elf, {s.tag for s in structs}, {e.tag for e in enums})
    problems = []
    for mirror in structs:
        problems += _struct_mismatches(mirror, kernel.structs.get(mirror.tag), elf.name)
    for mirror in enums:
        problems += _enum_mismatches(mirror, kernel.enums.get(mirror.tag), elf.name)
    return problems


def _struct_mismatches(mirror: MirroredStruct, found, elf: str) -> list[str]:
    where = f"struct {mirror.tag}"
    if found is None:
        return [f"{where}: kernel ({elf}) has no such struct in its DWARF; host ({HOST_SIDE}) mirrors it"]
    size, members = found
    problems = []
    for name, (offset, width) in mirror.layout().items():
        kernel = members.get(name)
        if kernel != (offset, width):
            has = f"offset {kernel[0]}, size {kernel[1]}" if kernel else "no such member"
            ours = f"offset {offset}, size {width}"
            problems.append(f"{where}.{name}: kernel ({elf}) has {has}; host ({HOST_SIDE}) has {ours}")
    if size != mirror.format.size:
        problems.append(
            f"{where}: kernel ({elf}) is {size} bytes; host ({HOST_SIDE}) packs {mirror.format.size}"
        )
    return problems


def _enum_mismatches(mirror: MirroredEnum, found, elf: str) -> list[str]:
    where = f"enum {mirror.tag}"
    if found is None:
        return [f"{where}: kernel ({elf}) has no such enum in its DWARF; host ({HOST_SIDE}) mirrors it"]
    problems = []
    for name, value in mirror.values.items():
        kernel = found.get(name)
        if kernel != value:
            has = f"{name} = {kernel:#x}" if kernel is not None else f"no enumerator {name}"
            problems.append(f"{where}: kernel ({elf}) has {has}; host ({HOST_SIDE}) has {name} = {value:#x}")
    return problems
