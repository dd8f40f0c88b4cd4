"""Boot-to-ready and expression round trip, each beside a floor measured in the same run.

Floors:
- boot: QEMU spawned paused + GDB started, symbols loaded and attached to the stub
  (what any GDB front end pays before the guest runs a single instruction);
- round trip: a raw token-matched MI loop (pipes, select, read to `<token>^`, that line
  parsed by pygdbmi as every ukrepl reply must be) doing -data-evaluate-expression on a
  guest booted from the same ELF, stopped at idle;
- call: the same raw loop asking GDB to call tour_fib(10) itself (an inferior call,
  possible under TCG; ukrepl's call goes through a hardware breakpoint instead).
Usage: python bench/boot_and_roundtrip.py [--accel tcg|kvm] [--rounds 5] [-n 10]
"""

from __future__ import annotations

import argparse
import os
import select
import subprocess

from figures import Figure, paired_medians, report
from pygdbmi.gdbmiparser import parse_response

from ukrepl.guest import Guest
from ukrepl.kernel_build import KernelBuild
from ukrepl.options import BootOptions
from ukrepl.target.arches import MACHINES
from ukrepl.target.gdbmi import Wakeup, start_session
from ukrepl.target.qemu import MachineSpec, QemuProcess

EXPRESSION = "tour_counter + 1"


def floor_boot(elf, accel: str, arch: str = "x86_64") -> None:
    """QEMU + GDB attach alone."""
    qemu = QemuProcess(MachineSpec(elf, accel=accel, arch=arch), lambda _t: None, lambda _c: None)
    mi, _ = start_session(elf, qemu.gdb_socket, Wakeup(), gdb=MACHINES[arch].gdb)
    mi.close()
    qemu.stop()


def ukrepl_boot(accel: str, arch: str = "x86_64") -> None:
    guest = Guest()
    guest.boot(BootOptions(accel=accel, arch=arch))
    guest.shutdown()


class RawMi:
    """The floor: GDB on pipes, one command at a time, read until `<token>^`."""

    def __init__(self, elf, gdb_socket, gdb: str = "gdb") -> None:
        self.proc = subprocess.Popen(
            [gdb, "--interpreter=mi3", "-nx", "-q"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.buf = b""
        self.token = 0
        for cmd in (
            "-gdb-set mi-async on",
            f'-file-exec-and-symbols "{elf}"',
            f"-target-select remote {gdb_socket}",  # GDB takes quotes here literally
            "-break-insert -h ukrepl_idle",
        ):
            self.command(cmd)
        self.command("-exec-continue")
        self.read_until(b"*stopped")

    def read_until(self, marker: bytes) -> bytes:
        fd = self.proc.stdout.fileno()
        while True:
            for line in self.buf.split(b"\n")[:-1]:
                if line.startswith(marker):
                    self.buf = self.buf[self.buf.index(line) + len(line) + 1 :]
                    return line
            select.select([fd], [], [])
            self.buf += os.read(fd, 65536)

    def command(self, cmd: str) -> bytes:
        """Send `cmd`; its result record, parsed (a client gets the value out of it)."""
        self.token += 1
        self.proc.stdin.write(f"{self.token}{cmd}\n".encode())
        self.proc.stdin.flush()
        line = self.read_until(f"{self.token}^".encode())
        parse_response(line.decode())
        return line

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accel", default="tcg", choices=("tcg", "kvm"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("-n", type=int, default=10, help="samples per round (x4 for round trips)")
    args = parser.parse_args()
    elf = KernelBuild().run()
    boot = Figure("boot_to_ready", "ms", 1.3, "QEMU spawned + GDB attached to its stub, nothing run")
    expression = Figure(
        "expression",
        "ms",
        1.2,
        f"raw token-matched MI loop evaluating {EXPRESSION!r}, its reply parsed (pygdbmi)",
    )
    call = Figure("call_tour_fib_10", "ms", 1.5, "GDB's own inferior call of tour_fib(10) on pipes")

    qemu = QemuProcess(MachineSpec(elf, accel=args.accel), lambda _t: None, lambda _c: None)
    raw = RawMi(elf, qemu.gdb_socket)
    guest = Guest()
    guest.boot(BootOptions(accel=args.accel))
    try:
        for _ in range(args.rounds):
            boot.add(
                *paired_medians(lambda: ukrepl_boot(args.accel), lambda: floor_boot(elf, args.accel), args.n)
            )
            expression.add(
                *paired_medians(
                    lambda: guest.evaluate(EXPRESSION),
                    lambda: raw.command(f'-data-evaluate-expression "{EXPRESSION}"'),
                    4 * args.n,
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
    print(f"accel={args.accel} rounds={args.rounds} samples per round={args.n}")
    report([boot, expression, call])


if __name__ == "__main__":
    main()
