"""Known-answer tests for the page-table walker and the x86_64 format, on hand-built tables."""

import struct

from ukrepl.decoders.pagetables import leaves, permissions, ranges, translate
from ukrepl.decoders.x86_64 import paging as x86

P, W, U, PS, NX, G, A = x86.PRESENT, x86.WRITABLE, x86.USER, x86.LARGE, x86.NX, x86.GLOBAL, x86.ACCESSED
KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30


class Memory:
    """Physical memory holding page tables: tables[address] = {index: entry}."""

    def __init__(self) -> None:
        self.tables: dict[int, dict[int, int]] = {}

    def table(self, address: int, entries: dict[int, int]) -> int:
        self.tables[address] = entries
        return address

    def read(self, address: int) -> bytes:
        entries = self.tables[address]
        return struct.pack("<512Q", *(entries.get(i, 0) for i in range(512)))


def sample() -> tuple[Memory, int]:
    """Text at 1 MiB in 4 KiB pages (r-x, then rw- NX), 2 MiB pages at 2..6 MiB with NX set
    in the PD entry, a read-only 1 GiB page at 1 GiB (W cleared in the PDPT), and a
    higher-half 2 MiB page with the user bit missing at the PML4 level."""
    m = Memory()
    pt = m.table(0x5000, {256: 0x100000 | P | G, 257: 0x101000 | P | G, 258: 0x102000 | P | W | NX | U | A})
    pd = m.table(0x4000, {0: pt | P | W | U, 1: 0x200000 | P | W | PS | NX, 2: 0x400000 | P | W | PS | NX})
    pdpt = m.table(0x3000, {0: pd | P | W | U, 1: 0x40000000 | P | PS})
    high_pd = m.table(0x7000, {3: 0x1E00000 | P | W | PS | U | NX})
    high_pdpt = m.table(0x6000, {510: high_pd | P | W | U})
    root = m.table(0x2000, {0: pdpt | P | W | U, 511: high_pdpt | P | W})
    return m, root


def test_leaves_in_order_with_effective_attributes():
    m, root = sample()
    found = [(va, pa, size) for va, pa, size, _attrs, _raw in leaves(m.read, root)]
    assert found == [
        (0x100000, 0x100000, 4 * KIB),
        (0x101000, 0x101000, 4 * KIB),
        (0x102000, 0x102000, 4 * KIB),
        (0x200000, 0x200000, 2 * MIB),
        (0x400000, 0x400000, 2 * MIB),
        (GIB, GIB, GIB),
        (0xFFFF_FFFF_8060_0000, 0x1E00000, 2 * MIB),  # PML4 511, PDPT 510, PD 3: sign-extended
    ]


def test_ranges_merge_equal_attributes_and_compute_permissions():
    m, root = sample()
    merged = ranges(m.read, root)
    summary = [(r.start, r.size, r.physical, permissions(r.attributes), r.pages) for r in merged]
    assert summary == [
        (0x100000, 8 * KIB, 0x100000, "r-x s", {4 * KIB: 2}),  # W and U missing in the PT entries
        (0x102000, 4 * KIB, 0x102000, "rw- u", {4 * KIB: 1}),
        (0x200000, 4 * MIB, 0x200000, "rw- s", {2 * MIB: 2}),  # two 2 MiB pages, one range
        (GIB, GIB, GIB, "r-x s", {GIB: 1}),  # W and U missing in the PDPT leaf
        (0xFFFF_FFFF_8060_0000, 2 * MIB, 0x1E00000, "rw- s", {2 * MIB: 1}),  # U missing at PML4 level
    ]
    assert all(r.contiguous for r in merged)
    assert merged[0].attributes & x86.GLOBAL


def test_scattered_frames_still_merge_by_virtual_address():
    m = Memory()
    pt = m.table(0x5000, {i: 0x9000 | P | W for i in range(8)})  # one frame mapped 8 times
    m.table(0x4000, {0: pt | P | W})
    m.table(0x3000, {0: 0x4000 | P | W})
    root = m.table(0x2000, {0: 0x3000 | P | W})
    [r] = ranges(m.read, root)
    assert (r.start, r.size, r.pages, r.contiguous) == (0, 32 * KIB, {4 * KIB: 8}, False)


def test_translate_walks_four_levels():
    m, root = sample()
    t = translate(m.read, root, 0x101234)
    assert [(s.level, s.table, s.index, s.leaf) for s in t.steps] == [
        ("PML4", 0x2000, 0, False),
        ("PDPT", 0x3000, 0, False),
        ("PD", 0x4000, 0, False),
        ("PT", 0x5000, 257, True),
    ]
    assert t.physical == 0x101234
    assert t.steps[3].meaning == "P RO S G X"
    assert permissions(t.attributes) == "r-x s"


def test_translate_stops_at_a_large_page_or_a_hole():
    m, root = sample()
    t = translate(m.read, root, GIB + 0x12345)
    assert [s.level for s in t.steps] == ["PML4", "PDPT"] and t.physical == GIB + 0x12345
    assert t.steps[1].meaning == "P RO S PS X"
    hole = translate(m.read, root, 0x600000)
    assert hole.physical is None and hole.steps[-1].meaning == "not present"


def test_large_page_frame_ignores_the_pat_bit():
    raw = 0x40000000 | (1 << 12) | P | PS  # bit 12 of a 1 GiB leaf is PAT
    assert x86.frame(raw, 1) == 0x40000000
    assert x86.canonical(0x0000_8000_0000_0000) == 0xFFFF_8000_0000_0000


def test_info_tlb_letters():
    assert x86.tlb_flags(0x1000 | P | W) == "--------W"
    assert x86.tlb_flags(0x200000 | P | W | PS | x86.PCD | x86.PWT) == "--P--CT-W"
    assert x86.tlb_flags(P | NX | G | U | A | x86.DIRTY) == "XG-DA--U-"
    text = "0000000000001000: 0000000000001000 --------W\nffffffff80600000: 0000000001e00000 X-P-A--UW\n"
    assert x86.parse_info_tlb(text) == {
        (0x1000, 0x1000, "--------W"),
        (0xFFFFFFFF80600000, 0x1E00000, "X-P-A--UW"),
    }


def merged_one_by_one(memory: Memory, root: int) -> list[tuple]:
    """The reference merge: leaves taken one at a time, as the definition of a Range says."""
    out: list[list] = []
    for va, pa, size, attributes, _raw in leaves(memory.read, root):
        last = out[-1] if out else None
        if last and last[1] == va and last[4] == attributes:
            last[3] = last[3] and last[2] + (last[1] - last[0]) == pa
            last[1] += size
            last[5][size] = last[5].get(size, 0) + 1
        else:
            out.append([va, va + size, pa, True, attributes, {size: 1}])
    return [tuple(r) for r in out]


def test_the_array_merge_equals_merging_leaf_by_leaf():
    """Random trees with 4 KiB runs, holes, physical jumps, attribute changes and large pages."""
    import random

    rng = random.Random(7)
    for _ in range(8):
        m, next_table = Memory(), 0x100000
        root_entries: dict[int, int] = {}
        for pml4 in rng.sample([0, 1, 256, 511], 2):
            pd_entries = {}
            for pd in sorted(rng.sample(range(512), 6)):
                if rng.random() < 0.3:
                    pd_entries[pd] = (pd << 21) | P | PS | rng.choice((0, W, NX, W | NX))
                    continue
                pa = rng.randrange(1 << 20) << 12
                entries = {}
                for i in range(512):
                    if rng.random() < 0.05:
                        continue  # a hole
                    if rng.random() < 0.02:
                        pa = rng.randrange(1 << 20) << 12  # a physical jump
                    entries[i] = pa | P | (W if rng.random() < 0.97 else 0) | G
                    pa += 4096
                pd_entries[pd] = m.table(next_table, entries) | P | W | U
                next_table += 0x1000
            pd_table = m.table(next_table, pd_entries)
            pdpt_table = m.table(next_table + 0x1000, {rng.randrange(512): pd_table | P | W | U})
            next_table += 0x2000
            root_entries[pml4] = pdpt_table | P | W | rng.choice((0, U))
        root = m.table(0x1000, root_entries)
        got = [
            (r.start, r.end, r.physical, r.contiguous, r.attributes, r.pages) for r in ranges(m.read, root)
        ]
        assert got == merged_one_by_one(m, root)
