"""The figures a bench reports, in one comparable form.

Each bench measures, round after round, its own figure beside a floor taken in
the same round (so that both see the same machine load; within a round the two
take turns, sample by sample: paired_medians), then ends with one line per
figure:

    RESULT <name> ours=<value><unit> floor=<value><unit> ratio=<ours/floor> target=<target ratio>

`ours` and `floor` are medians over the rounds, `ratio` is the median of the
per-round ratios, lower is better for both ratio and target (throughputs are
reported as a cost, time per MiB, so that this holds). bench/run_all.py reads
these lines to build the README's table.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MIN_ROUNDS = 5


@dataclass
class Figure:
    name: str
    unit: str  # "ms", "us", "us/MiB"
    target: float
    floor_is: str  # what the floor is, printed with the figure
    rounds: list[tuple[float, float]] = field(default_factory=list)  # (ours, floor) per round

    def add(self, ours: float, floor: float) -> None:
        self.rounds.append((ours, floor))

    def line(self) -> str:
        if len(self.rounds) < MIN_ROUNDS:
            raise ValueError(f"{self.name}: {len(self.rounds)} rounds, at least {MIN_ROUNDS} needed")
        ours = statistics.median(o for o, _ in self.rounds)
        floor = statistics.median(f for _, f in self.rounds)
        ratio = statistics.median(o / f for o, f in self.rounds)
        return (
            f"RESULT {self.name} ours={_number(ours)}{self.unit} floor={_number(floor)}{self.unit} "
            f"ratio={ratio:.3f} target={self.target:g}"
        )


def _number(value: float) -> str:
    return f"{value:.4g}" if abs(value) < 1000 else f"{value:.0f}"


def report(figures: list[Figure]) -> None:
    """What each floor is, then the RESULT lines."""
    for figure in figures:
        print(f"floor of {figure.name}: {figure.floor_is}")
    for figure in figures:
        print(figure.line())


def paired_medians(
    ours: Callable[[], object], floor: Callable[[], object], samples: int, scale: float = 1000.0
) -> tuple[float, float]:
    """Median wall times of `samples` runs of each action, in ms by default (scale 1e6: us). The two
    take turns, so that whatever drifts during a round (the machine's load, caches another step
    left cold) weighs on both alike instead of on the one measured first."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(samples):
        for action, kept in zip((ours, floor), times, strict=True):
            kept.append(wall_time(action, 1.0))
    return statistics.median(times[0]) * scale, statistics.median(times[1]) * scale


def wall_time(action: Callable[[], object], scale: float = 1000.0) -> float:
    """Wall time of one run of action, in ms by default."""
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * scale
