"""What one workshop student costs on this machine: the ukrepl kernel, its GDB and its QEMU.

Starts a real ukrepl Jupyter kernel (the kernelspec installed in this Python's
prefix; PYTHONPATH decides which ukrepl it imports), boots the default guest
(1 CPU, 128M, TCG unless UKREPL_ACCEL says otherwise) by running tour_fib(10),
then samples the resident memory (RSS, which counts guest RAM only as far as
the guest touched it) and CPU time of the three processes: idle for a while,
and busy while cells compile C, dump the page tables and decode the CPUs.
Prints one line per figure and how many students fit in 24 GiB.

    .venv/bin/python bench/student_cost.py
"""

from __future__ import annotations

import os
import threading
import time

import psutil
from jupyter_client.manager import start_new_kernel

BUSY_CELLS = [
    "int sq(int x) { return x * x; }",
    "%pt",
    "%cpus",
    "tour_fib(22)",
    '#include <stdio.h>\nint main(void) { printf("%d\\n", sq(12)); return 0; }',
]
GIB = 1 << 30


def run(kc, code: str) -> None:
    reply = kc.execute_interactive(code, timeout=300, output_hook=lambda _msg: None)
    assert reply["content"]["status"] == "ok", (code, reply["content"])


def processes(kernel_pid: int) -> dict[str, psutil.Process]:
    kernel = psutil.Process(kernel_pid)
    found = {"kernel": kernel}
    for child in kernel.children(recursive=True):
        name = child.name()
        if name.startswith("qemu"):
            found["qemu"] = child
        elif name.startswith("gdb"):
            found["gdb"] = child
    return found


def rss(procs: dict[str, psutil.Process]) -> dict[str, int]:
    return {name: p.memory_info().rss for name, p in procs.items()}


def cpu_seconds(procs: dict[str, psutil.Process]) -> float:
    return sum(sum(p.cpu_times()[:2]) for p in procs.values())


def shm_ram(qemu: psutil.Process) -> tuple[int, int] | None:
    """The guest RAM file QEMU maps (memory-backend-file in the run directory): allocated and size."""
    for mapping in qemu.memory_maps(grouped=True):
        if "/ukrepl-" in mapping.path and os.path.getsize(mapping.path) >= 1 << 20:
            st = os.stat(mapping.path)
            return st.st_blocks * 512, st.st_size
    return None


def main() -> None:
    km, kc = start_new_kernel(kernel_name="ukrepl")
    try:
        run(kc, "tour_fib(10)")  # boots the default guest
        procs = processes(km.provisioner.process.pid)
        time.sleep(5)  # let the boot settle before sampling idle
        idle_cpu0, t0 = cpu_seconds(procs), time.monotonic()
        idle = {name: 0 for name in procs}
        for _ in range(10):
            idle = {n: max(idle[n], v) for n, v in rss(procs).items()}
            time.sleep(1)
        idle_cpu = (cpu_seconds(procs) - idle_cpu0) / (time.monotonic() - t0)

        busy = dict(idle)
        done = threading.Event()

        def sample() -> None:
            nonlocal busy
            while not done.is_set():
                busy = {n: max(busy[n], v) for n, v in rss(procs).items()}
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        busy_cpu0, t1 = cpu_seconds(procs), time.monotonic()
        for code in BUSY_CELLS:
            run(kc, code)
        busy_cpu = (cpu_seconds(procs) - busy_cpu0) / (time.monotonic() - t1)
        done.set()
        sampler.join()
        # gcc and ld run for a moment per C cell and end; the figures are the three long-lived processes.
        ram_file = shm_ram(procs["qemu"])
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

    for label, figures in (("idle", idle), ("busy", busy)):
        parts = "  ".join(f"{n} {v / 2**20:.0f} MiB" for n, v in figures.items())
        total = sum(figures.values())
        print(f"RESULT {label}: {parts}  total {total / 2**20:.0f} MiB per student")
    if ram_file is not None:
        allocated, size = ram_file
        worst = sum(busy.values()) - allocated + size
        print(
            f"RESULT guest RAM file: {allocated / 2**20:.0f} MiB of {size / 2**20:.0f} MiB in tmpfs "
            f"(part of QEMU's RSS); a guest that touched all of it: {worst / 2**20:.0f} MiB per student"
        )
    print(f"RESULT cpu: idle {idle_cpu:.2f} cores per student, busy {busy_cpu:.2f} cores per student")
    for label, figures in (("idle", idle), ("busy", busy)):
        print(f"RESULT fit in 24 GiB ({label}): {int(24 * GIB // sum(figures.values()))} students")


if __name__ == "__main__":
    main()
