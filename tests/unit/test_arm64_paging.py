"""Known-answer tests for the VMSAv8-64 format and arm64 system registers, on hand-built descriptors
and a hand-built tree walked by pagetables.py (the walker that walks x86_64's tables too)."""

import random
import struct

import numpy as np

from ukrepl.decoders.arm64 import paging as vmsa
from ukrepl.decoders.arm64 import system_registers as sysregs
from ukrepl.decoders.pagetables import leaves, permissions, ranges, table_entries, translate

KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30
# The kernel's MAIR_EL1 (arch/arm64/sysregs.h): WB, WT, NC, nGnRnE, nGnRE, GRE
KERNEL_MAIR = 0x0000_0C04_0044_BBFF

TABLE = 0b11
BLOCK = 0b01
PAGE = 0b11
AF, SH_IS, RO, EL0 = vmsa.AF, 3 << 8, vmsa.AP_RO, vmsa.AP_EL0
PXN, UXN, NG, CONT = vmsa.PXN, vmsa.UXN, vmsa.NG, vmsa.CONTIGUOUS
NORMAL = AF | SH_IS  # AttrIndx 0: normal write-back
DEVICE = AF | (4 << 2)  # AttrIndx 4: Device-nGnRE


class Memory:
    """Physical memory holding translation tables: tables[address] = {index: descriptor}."""

    def __init__(self) -> None:
        self.tables: dict[int, dict[int, int]] = {}

    def table(self, address: int, entries: dict[int, int]) -> int:
        self.tables[address] = entries
        return address

    def read(self, address: int) -> bytes:
        entries = self.tables[address]
        return struct.pack("<512Q", *(entries.get(i, 0) for i in range(512)))


def kernel_like() -> tuple[Memory, int]:
    """The kernel's layout in small: at 1 GiB a 2 MiB block of data (rw-, PXN UXN), then text
    and rodata in 4 KiB pages (r-x UXN; r-- PXN UXN) and a data page; at 2 GiB a table marked
    APTable read-only over a writable block; the direct map at 0x0000_ff80_0000_0000 (the last
    L0 entry) in 1 GiB blocks: PA 0 device, PA 1 GiB normal rw- never executable."""
    m = Memory()
    l3 = m.table(
        0x5000,
        {
            0: 0x4020_0000 | PAGE | NORMAL | RO | UXN,  # text r-x
            1: 0x4020_1000 | PAGE | NORMAL | RO | UXN,
            2: 0x4020_2000 | PAGE | NORMAL | RO | PXN | UXN,  # rodata r--
            3: 0x4020_3000 | PAGE | NORMAL | PXN | UXN,  # data rw-
        },
    )
    l2 = m.table(0x4000, {0: 0x4000_0000 | BLOCK | NORMAL | PXN | UXN, 1: l3 | TABLE})
    l2_ro = m.table(0x6000, {0: 0x8000_0000 | BLOCK | NORMAL | PXN | UXN | NG})
    l1 = m.table(0x2000, {1: l2 | TABLE, 2: l2_ro | TABLE | vmsa.AP_TABLE_RO})
    direct = m.table(0x3000, {0: 0 | BLOCK | DEVICE | PXN | UXN, 1: GIB | BLOCK | NORMAL | PXN | UXN})
    root = m.table(0x1000, {0: l1 | TABLE, 511: direct | TABLE})
    return m, root


# ---------------------------------------------------------------- one descriptor


def test_table_block_and_page_by_level():
    assert vmsa.kind(0x2000 | TABLE, 0) == "table"
    assert vmsa.kind(0x4000_0000 | BLOCK, 1) == "block"  # 1 GiB
    assert vmsa.kind(0x4000_0000 | BLOCK, 2) == "block"  # 2 MiB
    assert vmsa.kind(0x4000_0000 | PAGE, 3) == "page"  # the same bits as a table, at level 3
    assert vmsa.kind(0x4000_0000 | BLOCK, 0) == "reserved"  # no level-0 blocks with 4 KiB
    assert vmsa.kind(0x4000_0000 | BLOCK, 3) == "reserved"
    assert vmsa.kind(0x4000_0000 | 0b10, 3) == "invalid"
    assert [vmsa.is_leaf(0x3 | NORMAL, d) for d in range(4)] == [False, False, False, True]
    assert [vmsa.shift(d) for d in range(4)] == [39, 30, 21, 12]
    assert [vmsa.index(0x0000_FF80_4020_3000, d) for d in range(4)] == [511, 1, 1, 3]


def test_output_addresses_drop_the_bits_below_the_block():
    raw = 0x4000_0000 | 0x1F_F000 | BLOCK | NORMAL  # bits 12-20 are RES0 in a 2 MiB block
    assert vmsa.frame(raw, 2) == 0x4000_0000
    assert vmsa.frame(0x8000_0000 | BLOCK, 1) == 0x8000_0000
    assert vmsa.frame(0x0000_FFFF_FFFF_F000 | PXN | PAGE, 3) == 0x0000_FFFF_FFFF_F000
    assert vmsa.frame(0x5000 | TABLE | vmsa.NS_TABLE, 2) == 0x5000


def test_a_4k_page_with_uxn_and_read_only_ap():
    raw = 0x4020_0000 | PAGE | NORMAL | RO | UXN
    d = vmsa.decode(raw, 3, KERNEL_MAIR)
    assert (d.kind, d.address, d.rights) == ("page", 0x4020_0000, "r-x")
    assert d.read_only and d.uxn and not d.pxn and not d.el0 and d.access_flag
    assert (d.attr_index, d.memory, d.shareability) == (0, "Normal WB RW-alloc", "inner shareable")
    assert d.describe() == "page r-x EL1 UXN Normal WB RW-alloc inner shareable AF"


def test_attributes_af_sh_nG_contiguous_and_mair():
    raw = 0x0900_0000 | PAGE | (4 << 2) | (2 << 8) | NG | CONT | PXN | UXN | EL0
    d = vmsa.decode(raw, 3, KERNEL_MAIR)
    assert d.memory == "Device-nGnRE" and d.shareability == "outer shareable"
    assert d.not_global and d.contiguous and d.el0 and not d.access_flag
    assert d.rights == "rw-"
    assert vmsa.decode(raw, 3).memory == "AttrIndx 4"  # no MAIR given
    assert vmsa.decode(0x1000 | PAGE | (0xF << 55), 3).software == 0xF
    assert vmsa.decode(0x1000 | PAGE | vmsa.DBM, 3).describe().endswith("DBM")


def test_table_descriptors_carry_only_restrictions():
    raw = 0x6000 | TABLE | vmsa.AP_TABLE_RO | vmsa.PXN_TABLE | vmsa.UXN_TABLE | vmsa.AP_TABLE_NO_EL0
    d = vmsa.decode(raw, 1)
    assert d.kind == "table" and d.address == 0x6000
    assert d.read_only_table and d.pxn_table and d.uxn_table and d.no_el0_table
    assert not d.read_only and not d.pxn  # the leaf fields mean nothing in a table
    assert d.describe() == "table APTable RO APTable no-EL0 PXNTable UXNTable"
    assert vmsa.decode(0, 2).describe() == "invalid" and not vmsa.decode(0, 2).valid


def test_mair_attribute_bytes():
    assert [vmsa.mair_attribute(b) for b in (0x00, 0x04, 0x08, 0x0C)] == [
        "Device-nGnRnE",
        "Device-nGnRE",
        "Device-nGRE",
        "Device-GRE",
    ]
    assert vmsa.mair_attribute(0xFF) == "Normal WB RW-alloc"
    assert vmsa.mair_attribute(0x44) == "Normal NC"
    assert vmsa.mair_attribute(0xBB) == "Normal WT RW-alloc"
    assert vmsa.mair_attribute(0x4F) == "Normal inner WB RW-alloc, outer NC"
    assert vmsa.mair_attribute(0x40).startswith("reserved")


# ---------------------------------------------------------------- a tree, walked


def test_translate_a_page_through_four_levels():
    m, root = kernel_like()
    t = translate(m.read, root, 0x4020_1234, vmsa)
    assert [s.level for s in t.steps] == ["L0", "L1", "L2", "L3"]
    assert [s.index for s in t.steps] == [0, 1, 1, 1]
    assert [s.leaf for s in t.steps] == [False, False, False, True]
    assert t.steps[2].meaning == "table"
    assert t.physical == 0x4020_1234
    assert permissions(t.attributes, vmsa) == "r-x s"
    assert t.attributes & vmsa.UXN


def test_translate_into_a_2m_block():
    m, root = kernel_like()
    t = translate(m.read, root, 0x4012_3456, vmsa)
    assert len(t.steps) == 3 and t.steps[-1].meaning.startswith("block rw- EL1 UXN")
    assert t.physical == 0x4012_3456
    assert permissions(t.attributes, vmsa) == "rw- s"


def test_aptable_read_only_wins_over_a_writable_block():
    m, root = kernel_like()
    t = translate(m.read, root, 0x8000_0010, vmsa)
    assert t.physical == 0x8000_0010
    assert permissions(t.attributes, vmsa) == "r-- s"
    assert t.attributes & vmsa.NG


def test_the_direct_map_reaches_physical_memory_from_0x0000ff8000000000():
    m, root = kernel_like()
    t = translate(m.read, root, vmsa.DIRECT_MAP + 0x4020_0000, vmsa)
    assert [s.level for s in t.steps] == ["L0", "L1"] and t.steps[0].index == 511
    assert t.physical == 0x4020_0000
    assert permissions(t.attributes, vmsa) == "rw- s"  # never executable there
    dev = translate(m.read, root, vmsa.DIRECT_MAP + 0x0900_0000, vmsa)
    assert dev.physical == 0x0900_0000
    assert "Device-nGnRE" not in dev.steps[-1].meaning  # no MAIR given to the walker
    assert "AttrIndx 4" in dev.steps[-1].meaning


def test_translate_stops_at_a_hole():
    m, root = kernel_like()
    t = translate(m.read, root, 0x4020_5000, vmsa)
    assert t.physical is None and t.steps[-1].level == "L3" and t.steps[-1].meaning == "invalid"


def test_ranges_merge_the_kernel_layout():
    m, root = kernel_like()
    got = [
        (r.start, r.end, r.physical, permissions(r.attributes, vmsa), r.pages)
        for r in ranges(m.read, root, vmsa)
    ]
    assert got == [
        (GIB, GIB + 2 * MIB, GIB, "rw- s", {2 * MIB: 1}),
        (GIB + 2 * MIB, GIB + 2 * MIB + 8 * KIB, 0x4020_0000, "r-x s", {4 * KIB: 2}),
        (GIB + 2 * MIB + 8 * KIB, GIB + 2 * MIB + 12 * KIB, 0x4020_2000, "r-- s", {4 * KIB: 1}),
        (GIB + 2 * MIB + 12 * KIB, GIB + 2 * MIB + 16 * KIB, 0x4020_3000, "rw- s", {4 * KIB: 1}),
        (2 * GIB, 2 * GIB + 2 * MIB, 2 * GIB, "r-- s", {2 * MIB: 1}),
        (vmsa.DIRECT_MAP, vmsa.DIRECT_MAP + GIB, 0, "rw- s", {GIB: 1}),
        (vmsa.DIRECT_MAP + GIB, vmsa.DIRECT_MAP + 2 * GIB, GIB, "rw- s", {GIB: 1}),
    ]


def test_ranges_agree_with_leaves_one_by_one():
    m, root = kernel_like()
    walked = list(leaves(m.read, root, vmsa))
    assert [(va, size) for va, _, size, _, _ in walked] == [
        (GIB, 2 * MIB),
        *((GIB + 2 * MIB + i * 4 * KIB, 4 * KIB) for i in range(4)),
        (2 * GIB, 2 * MIB),
        (vmsa.DIRECT_MAP, GIB),
        (vmsa.DIRECT_MAP + GIB, GIB),
    ]
    by_leaf = {va: attributes for va, _, _, attributes, _ in walked}
    for r in ranges(m.read, root, vmsa):
        assert r.attributes == by_leaf[r.start]


def test_table_entries_describe_each_level():
    m, root = kernel_like()
    top = table_entries(m.read, root, 0, 0, vmsa)
    assert [(e.index, e.va, e.meaning, e.leaf) for e in top] == [
        (0, 0, "table", False),
        (511, vmsa.DIRECT_MAP, "table", False),
    ]
    l3 = table_entries(m.read, 0x5000, 3, GIB + 2 * MIB, vmsa)
    assert [e.meaning.split()[:2] for e in l3] == [["page", "r-x"]] * 2 + [["page", "r--"], ["page", "rw-"]]


def test_array_forms_agree_with_the_scalar_ones():
    rng = random.Random(13)
    uppers = [vmsa.PRESENT | vmsa.WRITABLE | vmsa.USER, vmsa.PRESENT | vmsa.NX, vmsa.PRESENT | vmsa.UXN]
    raws = [rng.getrandbits(64) | PAGE for _ in range(500)]
    ups = [rng.choice(uppers) for _ in raws]
    many = vmsa.combine_many(np.array(ups, dtype=np.uint64), np.array(raws, dtype=np.uint64))
    assert [int(x) for x in many] == [vmsa.combine(u, r) for u, r in zip(ups, raws, strict=True)]
    frames = vmsa.frame_many(np.array(raws, dtype=np.uint64), 3)
    assert [int(x) for x in frames] == [vmsa.frame(r, 3) for r in raws]


# ---------------------------------------------------------------- system registers


def test_sctlr_el1_of_the_kernel():
    s = sysregs.sctlr(0x00C5_183D)  # read from the arm64 guest (-cpu max)
    assert s.mmu and not s.wxn
    assert s.set_flags() == ["M", "C", "SA", "SA0", "I", "SPAN"]
    assert s.flag("I") and not s.flag("A")
    assert sysregs.sctlr(1 << 19).describe() == "WXN"


def test_tcr_el1_of_the_kernel():
    t = sysregs.tcr(0x5_8090_3510)  # T0SZ 16, 4K, WBWA IS walks, EPD1, TG1 4K, IPS 48
    assert (t.t0sz, t.va_bits0, t.tg0, t.epd1, t.ips_bits) == (16, 48, 4096, True, 48)
    assert (t.irgn0, t.orgn0, t.sh0) == ("WB WA", "WB WA", "inner shareable")
    assert t.tg1 == 4096 and not t.epd0 and not t.as16
    assert "TTBR1: off (EPD1)" in t.describe()
    assert sysregs.tcr(25 | (1 << 14)).tg0 == 65536 and sysregs.tcr(25).va_bits0 == 39


def test_mair_el1_of_the_kernel():
    assert sysregs.mair(KERNEL_MAIR)[:6] == [
        "Normal WB RW-alloc",
        "Normal WT RW-alloc",
        "Normal NC",
        "Device-nGnRnE",
        "Device-nGnRE",
        "Device-GRE",
    ]


def test_esr_el1_exception_classes():
    write_text = sysregs.esr(0x9600_004F)  # the guest's write to kernel text
    assert (write_text.ec, write_text.is_abort, write_text.write) == (0x25, True, True)
    assert (
        write_text.describe() == "EC 0x25: data abort from the same EL (write, permission fault at level 3)"
    )
    fetch = sysregs.esr((0x21 << 26) | (1 << 25) | 0x07)
    assert (
        fetch.describe()
        == "EC 0x21: instruction abort from the same EL (instruction fetch, translation fault at level 3)"
    )
    assert sysregs.esr((0x25 << 26) | (1 << 10) | 0x21).describe().endswith("alignment fault, FAR not valid)")
    assert sysregs.esr(0x3C << 26).exception_class == "BRK instruction"
    assert sysregs.esr(0x15 << 26).describe() == "EC 0x15: SVC in AArch64"
    assert sysregs.esr(0x3F << 26).exception_class == "exception class 0x3f"
    assert sysregs.fault_status(0x30) == "TLB conflict abort"
