"""AF_UNIX stream throughput and eventfd -> epoll_wait wake-up latency in the guest, beside the
host Linux's own numbers measured in the same run.

- guest: io_bench_afunix_stream_bps (demos/examples/io_bench.c: CPU 0 writes --mib MiB in 64 KiB
  chunks into a socketpair, a thread on CPU 1 drains it) and io_bench_eventfd_wake_ns (a thread
  on CPU 1 writes an eventfd that CPU 0 waits for in epoll_wait(-1); the median time from the
  write to epoll_wait's return over --rounds rounds), timed in the guest with its TSC clock;
- floor: bench/host_ipc.c, the same two things between two host threads (the wake-up as half
  an eventfd/epoll round trip), built with gcc -O2 and run as a process of its own.
Series alternate guest and host so that drift of the machine hits both alike.
Usage: python bench/events_sockets.py [--accel auto|kvm|tcg] [--mib 16] [--rounds 200] [-n 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
from pathlib import Path

from ukrepl.guest import Guest
from ukrepl.options import BootOptions

HOST_IPC = Path(__file__).resolve().parent / "host_ipc.c"


def build_host_ipc(directory: Path) -> Path:
    binary = directory / "host_ipc"
    subprocess.run(["gcc", "-O2", "-pthread", "-o", str(binary), str(HOST_IPC)], check=True)
    return binary


def host_numbers(binary: Path, mib: int) -> tuple[float, float]:
    """(throughput in MB/s, wake-up in ns) from one run of host_ipc."""
    out = subprocess.run([str(binary), str(mib)], check=True, capture_output=True, text=True).stdout
    values = dict(line.split() for line in out.splitlines())
    return float(values["throughput_mbps"]), float(values["wakeup_ns"])


def guest_numbers(guest: Guest, mib: int, rounds: int) -> tuple[float, float]:
    """(throughput in MB/s, median wake-up in ns), measured inside the guest."""
    bps = int(guest.call("io_bench_afunix_stream_bps", mib, 65536).text)
    wake_ns = int(guest.call("io_bench_eventfd_wake_ns", rounds).text)
    if bps <= 0 or wake_ns <= 0:
        raise SystemExit(f"the guest's bench failed: {bps}, {wake_ns} (negative errno)")
    return bps / 1e6, float(wake_ns)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accel", default="auto", choices=("auto", "tcg", "kvm"))
    parser.add_argument("--mib", type=int, default=16, help="MiB per throughput series")
    parser.add_argument("--rounds", type=int, default=200, help="wake-ups per latency series")
    parser.add_argument("-n", type=int, default=5, help="series of each, alternating guest and host")
    args = parser.parse_args()
    guest = Guest()
    guest.boot(BootOptions(smp=2, accel=args.accel))
    guest_runs, host_runs = [], []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            binary = build_host_ipc(Path(tmp))
            for _ in range(args.n):
                guest_runs.append(guest_numbers(guest, args.mib, args.rounds))
                host_runs.append(host_numbers(binary, args.mib))
        accel = guest.accel
    finally:
        guest.shutdown()
    g_mbps, g_wake = (statistics.median(v) for v in zip(*guest_runs, strict=True))
    h_mbps, h_wake = (statistics.median(v) for v in zip(*host_runs, strict=True))
    print(f"accel={accel} smp=2 mib={args.mib} rounds={args.rounds} series={args.n}")
    print(
        f"AF_UNIX stream throughput: guest median {g_mbps:9.1f} MB/s   "
        f"host socketpair {h_mbps:9.1f} MB/s   host/guest {h_mbps / g_mbps:.2f}"
    )
    print(
        f"eventfd -> epoll_wait wake-up: guest median {g_wake / 1000:9.2f} us   "
        f"host {h_wake / 1000:9.2f} us   guest/host {g_wake / h_wake:.2f}"
    )


if __name__ == "__main__":
    main()
