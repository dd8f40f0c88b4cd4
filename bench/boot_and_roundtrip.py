"""Boot-to-ready and expression round trip, each beside a floor measured in the same run.

Floors:
- boot: QEMU spawned paused + GDB started, symbols loaded and attached to the stub
  (what any GDB front end pays before the guest runs a single instruction);
- round trip: a raw token-matched MI loop (pipes, select, read to `<token>^`) doing
  -data-evaluate-expression on a guest booted from the same ELF, stopped at idle.
Usage: python bench/boot_and_roundtrip.py [--accel tcg|kvm] [-n 50]
"""

from __future__ import annotations

import argparse
import os
import select
import statistics
import subprocess
import threading
import time

from ukrepl.guest import Guest
from ukrepl.kernel_build import KernelBuild
from ukrepl.options import BootOptions
from ukrepl.target.gdbmi import start_session
from ukrepl.target.qemu import MachineSpec, QemuProcess

EXPRESSION = "tour_counter + 1"


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def floor_boot(elf, accel: str) -> float:
    """QEMU + GDB attach alone."""
    start = time.perf_counter()
    qemu = QemuProcess(MachineSpec(elf, accel=accel), lambda _t: None, lambda _c: None)
    mi, _ = start_session(elf, qemu.gdb_socket, threading.Condition())
    elapsed = time.perf_counter() - start
    mi.close()
    qemu.stop()
    return elapsed


def ukrepl_boot(accel: str) -> float:
    guest = Guest()
    start = time.perf_counter()
    guest.boot(BootOptions(accel=accel))
    elapsed = time.perf_counter() - start
    guest.shutdown()
    return elapsed


class RawMi:
    """The floor: GDB on pipes, one command at a time, read until `<token>^`."""

    def __init__(self, elf, gdb_socket) -> None:
        self.proc = subprocess.Popen(
            ["gdb", "--interpreter=mi3", "-nx", "-q"],
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
        self.token += 1
        self.proc.stdin.write(f"{self.token}{cmd}\n".encode())
        self.proc.stdin.flush()
        return self.read_until(f"{self.token}^".encode())

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accel", default="tcg", choices=("tcg", "kvm"))
    parser.add_argument("-n", type=int, default=50)
    args = parser.parse_args()
    elf = KernelBuild().run()

    floors = [floor_boot(elf, args.accel) for _ in range(args.n)]
    boots = [ukrepl_boot(args.accel) for _ in range(args.n)]

    qemu = QemuProcess(MachineSpec(elf, accel=args.accel), lambda _t: None, lambda _c: None)
    raw = RawMi(elf, qemu.gdb_socket)
    raw_times = []
    for _ in range(args.n * 4):
        start = time.perf_counter()
        raw.command(f'-data-evaluate-expression "{EXPRESSION}"')
        raw_times.append(time.perf_counter() - start)
    raw.close()
    qemu.stop()

    guest = Guest()
    guest.boot(BootOptions(accel=args.accel))
    ours = []
    for _ in range(args.n * 4):
        start = time.perf_counter()
        guest.evaluate(EXPRESSION)
        ours.append(time.perf_counter() - start)
    calls = []
    for _ in range(args.n):
        start = time.perf_counter()
        guest.evaluate("tour_fib(10)")
        calls.append(time.perf_counter() - start)
    guest.shutdown()

    print(f"accel={args.accel} n={args.n}")
    print(
        f"boot-to-ready     median {median_ms(boots):8.2f} ms   floor (QEMU + GDB attach) "
        f"{median_ms(floors):8.2f} ms   ratio {median_ms(boots) / median_ms(floors):.2f}  (target <= 1.3)"
    )
    print(
        f"expression        median {median_ms(ours):8.3f} ms   floor (raw MI loop)       "
        f"{median_ms(raw_times):8.3f} ms   "
        f"ratio {median_ms(ours) / median_ms(raw_times):.2f}  (target <= 1.5)"
    )
    print(f"call tour_fib(10) median {median_ms(calls):8.3f} ms   (hardware-breakpoint call, no floor)")


if __name__ == "__main__":
    main()
