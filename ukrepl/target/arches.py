"""The machines ukrepl boots, one per guest architecture: QEMU's binary and board, GDB, the tools.

A byte's path: none passes through here. qemu.MachineSpec.argv takes the
binary, board and CPU model; machine.Target starts `gdb` on the kernel; the
facade hands `tool_prefix` to the compiler (gcc, ld, objdump of cells) and
`paging` tells guest.page_tables which decoder reads the tables and which
register holds their root. Keys are BootOptions.arch (make's ARCH).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Machine:
    """What QEMU and GDB run for one architecture."""

    qemu: str
    board: str  # QEMU's -M
    board_options: str  # appended to -M
    cpu_tcg: tuple[str, ...]  # -cpu under TCG (empty: QEMU's default)
    gdb: str
    tool_prefix: str  # gcc, ld and objdump for cells: the cross tools
    ram_base: int  # guest-physical address of RAM's first byte
    # How a returning call stops under TCG (guest.facade): a hardware watchpoint on the count
    # ukrepl_call_returned bumps, where GDB takes a watchpoint stop as it comes. QEMU 7.2 throws away
    # all code TCG translated at every breakpoint stop, not at a watchpoint stop. aarch64 GDB steps
    # the watched store again after each report (its watchpoints trigger before the access), which
    # costs more than the lost code: a hardware breakpoint on ukrepl_call_returned there, and under
    # KVM, which loses no code at a stop (and whose data watchpoints never stop this host's guest).
    watches_returns: bool


MACHINES = {
    # microvm boots in ~0.1 s, also under this host's slow-firmware KVM; its CMOS clock (the wall
    # clock's start, arch/x86_64/time/rtc.c) is there under KVM only when asked for
    "x86_64": Machine("qemu-system-x86_64", "microvm", ",acpi=on,rtc=on", (), "gdb", "", 0, True),
    # virt: PL011, PSCI through HVC; the kernel loads 2 MiB into RAM (arch/arm64/link.lds). GICv3:
    # its redistributors are reached by address, so the host can wake a CPU asleep in WFI (guest.wake;
    # the kernel drives GICv2 too). cortex-a72 rather than max: no SVE or pointer authentication for
    # TCG to emulate.
    "arm64": Machine(
        "qemu-system-aarch64",
        "virt",
        ",gic-version=3",
        ("-cpu", "cortex-a72"),
        "gdb-multiarch",
        "aarch64-linux-gnu-",
        0x4000_0000,
        False,
    ),
}
