"""AF_UNIX stream throughput and eventfd -> epoll_wait wake-up latency in the guest, each beside a
floor measured in the same guest in the same round, with the host Linux's own numbers for reference.

- guest: io_bench_afunix_stream_bps (demos/examples/io_bench.c: CPU 0 writes --mib MiB in 64 KiB
  chunks into a socketpair, a thread on CPU 1 drains it) and io_bench_eventfd_wake_ns (a thread
  on CPU 1 writes an eventfd that CPU 0 waits for in epoll_wait(-1); the median time from the
  write to epoll_wait's return over --wakeups rounds), timed in the guest with its TSC clock;
- floors: for throughput, the fastest of three in-guest copies of the same total through a
  block of the socket's buffer size, 64 KiB (io_bench_copy_bps, demos/examples/copy_bench.c),
  which also is the floor of the kernel's memcpy; for the wake-up, the same two sides woken
  through a bare wait queue (io_bench_waitq_wake_ns: a flag and uk_waitq_wake_up, which every
  wake-up in the guest, eventfd's included, goes through);
- for reference: bench/host_ipc.c between two host threads (the socketpair's throughput, half an
  eventfd/epoll round trip), built with gcc -O2 and run as a process of its own.
Rounds alternate guest and host so that drift of the machine hits both alike.
Usage: python bench/events_sockets.py [--accel auto|kvm|tcg] [--mib 16] [--wakeups 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
from pathlib import Path

from figures import Figure, report

from ukrepl.guest import Guest
from ukrepl.options import BootOptions

HOST_IPC = Path(__file__).resolve().parent / "host_ipc.c"
RING = 65536  # bytes per write into the socket, and the copy floor's block
COPY_METHODS = ("memcpy", "rep movsq", "unrolled 8-byte loop")  # demos/examples/copy_bench.c
# eventfd + epoll over the bare wait queue: on top of the wake-up itself come the write call
# (the fd's file, the count, epoll's trigger under its lock) and epoll_wait's collection of
# the event, each about as long as the wake-up under TCG
WAKEUP_TARGET = 3


def build_host_ipc(directory: Path) -> Path:
    binary = directory / "host_ipc"
    subprocess.run(["gcc", "-O2", "-pthread", "-o", str(binary), str(HOST_IPC)], check=True)
    return binary


def host_numbers(binary: Path, mib: int) -> tuple[float, float]:
    """(throughput in MB/s, wake-up in ns) from one run of host_ipc."""
    out = subprocess.run([str(binary), str(mib)], check=True, capture_output=True, text=True).stdout
    values = dict(line.split() for line in out.splitlines())
    return float(values["throughput_mbps"]), float(values["wakeup_ns"])


def guest_numbers(guest: Guest, mib: int, rounds: int) -> tuple[float, float, float]:
    """(throughput in MB/s, median eventfd wake-up in ns, median wait-queue wake-up in ns),
    measured inside the guest."""
    bps = int(guest.call("io_bench_afunix_stream_bps", mib, RING).text)
    wake_ns = int(guest.call("io_bench_eventfd_wake_ns", rounds).text)
    waitq_ns = int(guest.call("io_bench_waitq_wake_ns", rounds).text)
    if min(bps, wake_ns, waitq_ns) <= 0:
        raise SystemExit(f"the guest's bench failed: {bps}, {wake_ns}, {waitq_ns} (negative errno)")
    return bps / 1e6, float(wake_ns), float(waitq_ns)


def copy_speeds(guest: Guest, mib: int) -> dict[str, float]:
    """MB/s of each way the guest can copy `mib` MiB through a RING-sized block."""
    out = {}
    for method, name in enumerate(COPY_METHODS):
        bps = int(guest.call("io_bench_copy_bps", method, mib, RING).text)
        if bps <= 0:
            raise SystemExit(f"io_bench_copy_bps({name}) failed: {bps}")
        out[name] = bps / 1e6
    return out


def us_per_mib(mbps: float) -> float:
    """A throughput as a cost, so that lower is better like every other figure."""
    return (1 << 20) / (mbps * 1e6) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accel", default="auto", choices=("auto", "tcg", "kvm"))
    parser.add_argument("--mib", type=int, default=16, help="MiB per throughput round")
    parser.add_argument("--wakeups", type=int, default=200, help="wake-ups per latency round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds, alternating guest and host")
    args = parser.parse_args()
    stream = Figure(
        "afunix_stream",
        "us/MiB",
        2,
        "the fastest of memcpy, rep movsq and an unrolled 8-byte loop in the guest, through a block of"
        " the socket buffer's size (64 KiB)",
    )
    memcpy = Figure("kernel_memcpy", "us/MiB", 1.1, "the fastest in-guest copy of the same 64 KiB blocks")
    wakeup = Figure(
        "eventfd_wakeup",
        "us",
        WAKEUP_TARGET,
        "the same CPU 1 -> CPU 0 wake-up through a bare wait queue (a flag and uk_waitq_wake_up),"
        " which eventfd's goes through",
    )
    host_stream, host_wakeup = [], []
    guest = Guest()
    guest.boot(BootOptions(smp=2, accel=args.accel))
    guest.start_cpus()  # CPU 1 runs the other side: started idle, as %lcpu start does
    try:
        with tempfile.TemporaryDirectory() as tmp:
            binary = build_host_ipc(Path(tmp))
            for _ in range(args.rounds):
                mbps, wake_ns, waitq_ns = guest_numbers(guest, args.mib, args.wakeups)
                copies = copy_speeds(guest, args.mib)
                host_mbps, host_wake_ns = host_numbers(binary, args.mib)
                fastest = us_per_mib(max(copies.values()))
                stream.add(us_per_mib(mbps), fastest)
                memcpy.add(us_per_mib(copies["memcpy"]), fastest)
                wakeup.add(wake_ns / 1000, waitq_ns / 1000)
                host_stream.append(host_mbps)
                host_wakeup.append(host_wake_ns / 1000)
        accel = guest.accel
    finally:
        guest.shutdown()
    print(f"accel={accel} smp=2 mib={args.mib} wakeups={args.wakeups} rounds={args.rounds}")
    print(f"for reference, the host's own socketpair: {statistics.median(host_stream):.1f} MB/s")
    print(
        "for reference, the host's own eventfd wake-up (threads, half an eventfd/epoll round trip):"
        f" {statistics.median(host_wakeup):.2f} us"
    )
    report([stream, memcpy, wakeup])


if __name__ == "__main__":
    main()
