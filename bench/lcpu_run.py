"""In-guest round trip of ukplat_lcpu_run to all secondary CPUs and back, beside a floor in the same run.

Both are timed inside the guest with its calibrated clock (TSC), median of the rounds:
- ukplat_lcpu_run(all others, empty function) + ukplat_lcpu_wait(all): the run IPI, the
  function slot, the state changes and the wait;
- floor: the same fan-out and back through shared memory alone (every other CPU echoes a
  round number CPU 0 posts; lcpu_bench_pingpong_ns), what any cross-CPU signal must cost.
The floor spins on every CPU, so it means something only while the guest has no more CPUs
than the host has cores (the default --smp 2 on this project's 2-core machine); idle CPUs
of the lcpu path halt instead, which is why it wins when the host is oversubscribed.
Usage: python bench/lcpu_run.py [--accel tcg|kvm] [--smp 2] [--rounds 1000] [-n 5]
"""

from __future__ import annotations

import argparse
import time

import psutil
from figures import Figure, report

from ukrepl.guest import Guest
from ukrepl.options import BootOptions


def measure(guest: Guest, function: str, rounds: int) -> float:
    """Median of one in-guest series, in microseconds."""
    ns = int(guest.call(function, rounds).text)
    if ns == 0:
        raise SystemExit(f"{function} failed in the guest")
    return ns / 1000


def idle_share(guest: Guest, seconds: float = 2.0) -> float:
    """The share of one host core QEMU uses while the guest runs with nothing to do (every CPU in
    its idle loop), measured over `seconds`; the guest is stopped again afterwards, as it was."""
    qemu = psutil.Process(guest.target.qemu.process.pid)
    mi = guest.target.mi
    mi.command("-exec-continue")
    before, start = sum(qemu.cpu_times()[:2]), time.monotonic()
    time.sleep(seconds)  # the measurement is of time passing: nothing to wait for
    share = (sum(qemu.cpu_times()[:2]) - before) / (time.monotonic() - start)
    mi.interrupt()
    guest.after_stop(mi.wait_stopped(guest.on_wake))
    return share


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accel", default="tcg", choices=("tcg", "kvm"))
    parser.add_argument("--smp", type=int, default=2)
    parser.add_argument(
        "--per-round", type=int, default=1000, help="round trips timed in the guest per round"
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    guest = Guest()
    guest.boot(BootOptions(smp=args.smp, accel=args.accel))
    guest.start_cpus()  # the other CPUs idle, as %lcpu start leaves them
    run = Figure("lcpu_run_wait", "us", 10, "shared-memory echo between the same CPUs (no interrupts)")
    try:
        for _ in range(args.rounds):  # alternate, so that drift in the host hits both alike
            run.add(
                measure(guest, "lcpu_bench_run_roundtrip_ns", args.per_round),
                measure(guest, "lcpu_bench_pingpong_ns", args.per_round),
            )
        idle = idle_share(guest)
    finally:
        guest.shutdown()
    print(f"accel={args.accel} smp={args.smp} per round={args.per_round} rounds={args.rounds}")
    print(f"idle guest, running: {100 * idle:.2f}% of a host core (QEMU's CPU time over 2 s, target < 2%)")
    report([run])


if __name__ == "__main__":
    main()
