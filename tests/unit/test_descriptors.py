"""Known-answer tests for the GDT, TSS and IDT decoders on hand-built bytes."""

import struct

from ukrepl.decoders.x86_64.descriptors import decode_descriptor, decode_gdt, decode_idt, decode_tss64


def tss_descriptor(base: int, limit: int, busy: bool = False) -> bytes:
    """Build a 16-byte 64-bit TSS descriptor field by field (SDM 7.2.3)."""
    access = 0x80 | (0xB if busy else 0x9)  # present, DPL 0, S = 0, type
    low = (
        (limit & 0xFFFF)
        | ((base & 0xFFFFFF) << 16)
        | (access << 40)
        | (((limit >> 16) & 0xF) << 48)
        | (((base >> 24) & 0xFF) << 56)
    )
    return struct.pack("<QQ", low, base >> 32)


def test_null_code_data():
    # Classic long-mode flat descriptors.
    code = decode_descriptor((0x00AF9A000000FFFF).to_bytes(8, "little"), 1)
    assert (code.kind, code.long_mode, code.default_big, code.granularity) == ("code", True, False, True)
    assert (code.base, code.limit, code.dpl, code.present, code.selector) == (0, 0xFFFFFFFF, 0, True, 8)
    assert code.flags == "CS64 R - -"
    data = decode_descriptor((0x00CF92000000FFFF).to_bytes(8, "little"), 2)
    assert (data.kind, data.default_big, data.limit, data.flags) == ("data", True, 0xFFFFFFFF, "DS W - -")
    user_code = decode_descriptor((0x00AFFB000000FFFF).to_bytes(8, "little"))
    assert (user_code.dpl, user_code.flags) == (3, "CS64 R - A")
    assert decode_descriptor(bytes(8)).kind == "null"


def test_tss_descriptor_is_one_16_byte_entry():
    base = 0xFFFF_8000_0012_3450
    gdt = (
        bytes(8)
        + (0x00AF9A000000FFFF).to_bytes(8, "little")
        + tss_descriptor(base, 0x67, busy=True)
        + (0x00CF92000000FFFF).to_bytes(8, "little")
    )
    entries = decode_gdt(gdt)
    assert [e.kind for e in entries] == ["null", "code", "tss64-busy", "data"]
    tss = entries[2]
    assert (tss.base, tss.limit, tss.width, tss.selector, tss.granularity) == (base, 0x67, 16, 0x10, False)
    assert entries[3].selector == 0x20  # the TSS took slots 2 and 3


def test_tss64_fields():
    rsp = (0x1000, 0x2000, 0x3000)
    ist = tuple(0x10000 * (i + 1) for i in range(7))
    raw = struct.pack("<I3QQ7QQHH", 0, *rsp, 0, *ist, 0, 0, 104)
    assert len(raw) == 104
    tss = decode_tss64(raw)
    assert tss.rsp == rsp and tss.ist == ist and tss.iomap_base == 104


def test_idt_gate():
    handler, selector, ist = 0xFFFF_FFFF_8010_2030, 0x08, 2
    low = (
        (handler & 0xFFFF)
        | (selector << 16)
        | (ist << 32)
        | (0x8E << 40)
        | (((handler >> 16) & 0xFFFF) << 48)
    )
    table = bytes(16) + struct.pack("<QQ", low, handler >> 32)
    gates = decode_idt(table)
    assert gates[0].present is False
    gate = gates[1]
    assert (gate.vector, gate.offset, gate.selector, gate.ist, gate.kind, gate.dpl, gate.present) == (
        1,
        handler,
        8,
        2,
        "interrupt-gate64",
        0,
        True,
    )
