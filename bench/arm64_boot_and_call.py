"""arm64 (issue 13): boot-to-ready and a call on QEMU's virt machine under TCG, each beside a floor
measured in the same run, as boot_and_roundtrip.py measures them for x86_64 (its floors and raw
MI loop, with qemu-system-aarch64 and gdb-multiarch).

Floors:
- boot: qemu-system-aarch64 spawned paused + gdb-multiarch started, symbols loaded and attached
  to the stub (what any GDB front end pays before the guest runs a single instruction);
- call: a raw token-matched MI loop asking gdb-multiarch to call tour_fib(10) itself (an inferior
  call, possible under TCG; ukrepl's call goes by AAPCS64 through a hardware breakpoint instead).
Usage: python bench/arm64_boot_and_call.py [--rounds 5] [-n 10]
"""

from __future__ import annotations

import argparse

from boot_and_roundtrip import RawMi, floor_boot, ukrepl_boot
from figures import Figure, paired_medians, report

from ukrepl.guest import Guest
from ukrepl.kernel_build import KernelBuild
from ukrepl.options import BootOptions
from ukrepl.target.arches import MACHINES
from ukrepl.target.qemu import MachineSpec, QemuProcess

ARCH = "arm64"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accel", default="tcg", choices=("tcg",), help="arm64 runs under TCG only")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("-n", type=int, default=10, help="samples per round")
    args = parser.parse_args()
    elf = KernelBuild(arch=ARCH).run()
    boot = Figure("boot_to_ready_arm64", "ms", 1.3, "qemu-system-aarch64 spawned + gdb-multiarch attached")
    call = Figure("call_tour_fib_10_arm64", "ms", 1.5, "gdb-multiarch's own inferior call of tour_fib(10)")

    qemu = QemuProcess(MachineSpec(elf, accel="tcg", arch=ARCH), lambda _t: None, lambda _c: None)
    raw = RawMi(elf, qemu.gdb_socket, MACHINES[ARCH].gdb)
    guest = Guest()
    guest.boot(BootOptions(accel="tcg", arch=ARCH))
    try:
        assert guest.evaluate("tour_fib(10)").text == "55"
        assert raw.command('-data-evaluate-expression "tour_fib(10)"').endswith(b'value="55"')
        for _ in range(args.rounds):
            boot.add(
                *paired_medians(
                    lambda: ukrepl_boot("tcg", ARCH), lambda: floor_boot(elf, "tcg", ARCH), args.n
                )
            )
            call.add(
                *paired_medians(
                    lambda: guest.evaluate("tour_fib(10)"),
                    lambda: raw.command('-data-evaluate-expression "tour_fib(10)"'),
                    args.n,
                )
            )
    finally:
        guest.shutdown()
        raw.close()
        qemu.stop()
    print(f"arch={ARCH} accel=tcg rounds={args.rounds} samples per round={args.n}")
    report([boot, call])


if __name__ == "__main__":
    main()
