"""The guest RAM layout from QEMU's flat memory view, and reads through the mapped file."""

from ukrepl.target.physmem import MappedRam, RamSlice, ram_layout

MTREE = """\
FlatView #0
 AS "memory", root: system
 Root memory region: system
  0000000000000000-00000000000effff (prio 0, ram): guest-ram
  00000000000f0000-00000000000fffff (prio 0, ram): pc.bios
  0000000000100000-00000000bfffffff (prio 0, ram): guest-ram @0000000000100000
  00000000fee00000-00000000fee00fff (prio 4096, i/o): lapic
  00000000ffff0000-00000000ffffffff (prio 0, ram): pc.bios
  0000000100000000-000000011fffffff (prio 0, ram): guest-ram @00000000c0000000

FlatView #1
 AS "cpu-memory-0", root: system
  0000000000000000-00000000000effff (prio 0, ram): guest-ram
"""


def test_layout_from_info_mtree():
    assert ram_layout(MTREE, "guest-ram") == [
        RamSlice(0, 0xF0000, 0),
        RamSlice(0x100000, 0xC0000000, 0x100000),
        RamSlice(0x1_0000_0000, 0x1_2000_0000, 0xC0000000),  # above 4 GiB: right after low RAM
    ]


def test_mapped_reads_follow_the_layout(tmp_path):
    ram = tmp_path / "ram"
    ram.write_bytes(bytes(range(256)) * 64)  # 16 KiB
    mapped = MappedRam(ram, [RamSlice(0, 0x1000, 0), RamSlice(0x10000, 0x12000, 0x2000)])
    assert mapped.read(0x10, 4) == bytes([0x10, 0x11, 0x12, 0x13])
    assert mapped.read(0x10001, 2) == bytes([1, 2])  # file offset 0x2001
    assert mapped.read(0xFFE, 4) is None  # runs off the slice: not RAM all the way
    assert mapped.read(0x5000, 1) is None
    mapped.close()
