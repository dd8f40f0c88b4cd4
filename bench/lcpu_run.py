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
import statistics

from ukrepl.guest import Guest
from ukrepl.options import BootOptions


def measure(guest: Guest, function: str, rounds: int) -> float:
    """Median of one in-guest series, in microseconds."""
    ns = int(guest.call(function, rounds).text)
    if ns == 0:
        raise SystemExit(f"{function} failed in the guest")
    return ns / 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accel", default="tcg", choices=("tcg", "kvm"))
    parser.add_argument("--smp", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("-n", type=int, default=5, help="series of --rounds each, alternating")
    args = parser.parse_args()
    guest = Guest()
    guest.boot(BootOptions(smp=args.smp, accel=args.accel))
    try:
        runs, floors = [], []
        for _ in range(args.n):  # alternate, so that drift in the host hits both alike
            runs.append(measure(guest, "lcpu_bench_run_roundtrip_ns", args.rounds))
            floors.append(measure(guest, "lcpu_bench_pingpong_ns", args.rounds))
    finally:
        guest.shutdown()
    run, floor = statistics.median(runs), statistics.median(floors)
    print(f"accel={args.accel} smp={args.smp} rounds={args.rounds} series={args.n}")
    print(
        f"ukplat_lcpu_run + wait, all other CPUs: median {run:9.2f} us   "
        f"floor (shared-memory echo) {floor:9.2f} us   ratio {run / floor:.2f}"
    )


if __name__ == "__main__":
    main()
