"""Page-table dump of at least 1 GiB in 4 KiB pages, beside QEMU's 'info tlb' on the same guest.

The guest maps MAPPED_PAGES 4 KiB pages (1 GiB, 262,144 leaf entries) with
paging_demo_map_4k(); then, alternating, ukrepl's walker (read tables, decode, merge)
and QEMU's 'info tlb' (one line per leaf, nothing merged) each dump the whole tree.
Also the three ways to read guest-physical memory, in MB/s: the mapped RAM file,
QMP pmemsave, and GDB in QEMU's physical-memory mode.
Usage: python bench/pagetable_dump.py [--accel tcg|kvm] [--rounds 5]
"""

from __future__ import annotations

import argparse
import time

from figures import Figure, report, wall_time

from ukrepl.guest import Guest
from ukrepl.options import BootOptions

MAPPED_PAGES = 262_144
MAP_AT = 0x80_0000_0000  # 512 GiB: a PML4 slot of its own
READ_SIZE = 4 << 20


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def read_speeds(guest: Guest) -> dict[str, float]:
    """MB/s of each way to read READ_SIZE bytes of guest-physical memory from 1 MiB on."""
    ram = guest.read_physical(0x100000, READ_SIZE)
    mapped = timed(lambda: guest.read_physical(0x100000, READ_SIZE))
    pmemsave_file = guest.target.rundir / "bench.bin"
    pmemsave = timed(lambda: guest.qmp("pmemsave", val=0x100000, size=READ_SIZE, filename=str(pmemsave_file)))
    assert pmemsave_file.read_bytes() == ram
    guest.gdb("maintenance packet Qqemu.PhyMemMode:1")
    gdb_size = READ_SIZE // 8  # GDB is slow; a smaller read says enough
    gdb = timed(lambda: guest.read_memory(0x100000, gdb_size))
    guest.gdb("maintenance packet Qqemu.PhyMemMode:0")
    return {
        "mapped RAM file": READ_SIZE / mapped / 1e6,
        "QMP pmemsave": READ_SIZE / pmemsave / 1e6,
        "GDB physical mode": gdb_size / gdb / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accel", default="tcg", choices=("tcg", "kvm"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    guest = Guest()
    guest.boot(BootOptions(accel=args.accel, mem="256M"))
    dump = Figure("pagetable_dump", "ms", 0.1, "QEMU's 'info tlb' of the same tables (one line per leaf)")
    try:
        rc = int(guest.call("paging_demo_map_4k", MAP_AT, MAPPED_PAGES).text)
        if rc:
            raise SystemExit(f"paging_demo_map_4k failed: {rc}")
        leaves = sum(n for r in guest.paging.ranges() for n in r.pages.values())
        for _ in range(args.rounds):
            dump.add(wall_time(guest.paging.ranges), wall_time(lambda: guest.hmp("info tlb")))
        speeds = read_speeds(guest)
    finally:
        guest.shutdown()
    print(f"accel={args.accel} rounds={args.rounds} leaf entries walked={leaves}")
    for way, speed in speeds.items():
        print(f"read guest-physical memory: {way:<18} {speed:10.1f} MB/s")
    report([dump])


if __name__ == "__main__":
    main()
