"""A cell through Jupyter: ukrepl's round trips beside IPython's and GDB's own, one client, one run.

Figures (each round alternates ours and the floor on the same machine load):
- jupyter_expression: `1 + 1` in a ukrepl kernel (GDB evaluates it in the guest) against
  `1 + 1` in an IPython kernel, both through jupyter_client's execute_interactive;
- jupyter_call: `tour_fib(10)` in ukrepl (a call through the hardware-breakpoint return)
  against `%gdb print tour_fib(10)` in the same kernel (GDB's own inferior call, TCG only);
- first_value: a fresh ukrepl kernel to the value of its first cell, `tour_fib(10)` (the build
  cached, the guest booted by that cell) against a fresh IPython kernel to `1 + 1` plus
  QEMU + GDB attach (the boot floor of boot_and_roundtrip.py).
Usage: python bench/jupyter_roundtrip.py [--rounds 5] [-n 20]
"""

from __future__ import annotations

import argparse
import os
import time

from figures import Figure, paired_medians, report, wall_time
from jupyter_client.manager import start_new_kernel

from ukrepl.kernel_build import KernelBuild
from ukrepl.target.gdbmi import Wakeup, start_session
from ukrepl.target.qemu import MachineSpec, QemuProcess


def run(client, code: str) -> None:
    reply = client.execute_interactive(code, output_hook=lambda _msg: None, timeout=60)
    if reply["content"]["status"] != "ok":
        raise SystemExit(f"{code!r} failed: {reply['content']}")


def boot_floor(elf) -> None:
    qemu = QemuProcess(MachineSpec(elf, accel="tcg"), lambda _t: None, lambda _c: None)
    mi, _ = start_session(elf, qemu.gdb_socket, Wakeup())
    mi.close()
    qemu.stop()


def first_value(kernel_name: str, code: str) -> float:
    start = time.perf_counter()
    manager, client = start_new_kernel(kernel_name=kernel_name)
    try:
        run(client, code)
        return (time.perf_counter() - start) * 1000
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("-n", type=int, default=20, help="samples per round")
    args = parser.parse_args()
    os.environ["UKREPL_ACCEL"] = "tcg"  # inherited by the kernels started here
    elf = KernelBuild().run()
    expression = Figure("jupyter_expression", "ms", 1.2, "IPython's own `1 + 1` through the same client")
    call = Figure("jupyter_call", "ms", 1.2, "`%gdb print tour_fib(10)` (GDB's inferior call), same kernel")
    first = Figure("first_value", "ms", 1.3, "a fresh IPython kernel to `1 + 1`, plus QEMU + GDB attach")
    ours_manager, ours = start_new_kernel(kernel_name="ukrepl")
    ipython_manager, ipython = start_new_kernel(kernel_name="python3")
    try:
        run(ours, "%boot")
        for _ in range(args.rounds):
            expression.add(*paired_medians(lambda: run(ours, "1 + 1"), lambda: run(ipython, "1 + 1"), args.n))
            call.add(
                *paired_medians(
                    lambda: run(ours, "tour_fib(10)"), lambda: run(ours, "%gdb print tour_fib(10)"), args.n
                )
            )
            first.add(
                first_value("ukrepl", "tour_fib(10)"),
                first_value("python3", "1 + 1") + wall_time(lambda: boot_floor(elf)),
            )
    finally:
        for manager, client in ((ours_manager, ours), (ipython_manager, ipython)):
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    print(f"accel=tcg rounds={args.rounds} samples per round={args.n}")
    report([expression, call, first])


if __name__ == "__main__":
    main()
