"""Run every bench once and turn their RESULT lines into the README's performance table.

Path of a figure: each bench prints `RESULT <name> ours=... floor=... ratio=... target=...`
(bench/figures.py) -> this script collects the lines of all benches (and their floors'
definitions) -> a Markdown table with the machine it ran on -> printed, and with --readme
written into README.md between the markers `<!-- bench:begin -->` and `<!-- bench:end -->`.
Usage: python bench/run_all.py [--readme] [--accel tcg]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
README = BENCH.parent / "README.md"
BENCHES = (
    "boot_and_roundtrip.py",
    "jupyter_roundtrip.py",
    "cell_compile.py",
    "pagetable_dump.py",
    "lcpu_run.py",
    "events_sockets.py",
    "arm64_boot_and_call.py",
)
TCG_ONLY = ("arm64_boot_and_call.py",)  # another architecture than the host's
RESULT = re.compile(r"^RESULT (\S+) ours=(\S+) floor=(\S+) ratio=(\S+) target=(\S+)$", re.M)
FLOOR = re.compile(r"^floor of (\S+): (.*)$", re.M)
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    load = os.getloadavg()[0]
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} cores ({cpu}), {system}, load average {load:.1f} at the start"


def run(name: str, accel: str) -> str:
    argv = [sys.executable, str(BENCH / name)]
    if name in TCG_ONLY:
        argv += ["--accel", "tcg"]
    elif name != "jupyter_roundtrip.py":
        argv += ["--accel", accel]
    # The benches measure this checkout's ukrepl, not whichever one the interpreter has installed.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (str(BENCH.parent), os.environ.get("PYTHONPATH")))),
    }
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=BENCH.parent, env=env)
    if proc.returncode:
        raise SystemExit(f"{name} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def table(outputs: dict[str, str], accel: str) -> str:
    rows = [
        f"Measured by `bench/run_all.py` on {datetime.date.today()}, accel={accel}, {machine()}.",
        "Lower is better for both ratio and target; each ratio is the median of 5 per-round ratios.",
        "",
        "| figure | ours | floor | ratio | target | met | floor is |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, out in outputs.items():
        floors = dict(FLOOR.findall(out))
        for figure, ours, floor, ratio, target in RESULT.findall(out):
            met = "yes" if float(ratio) <= float(target) else "no"
            cells = [f"{figure} ({name})", ours, floor, ratio, target, met, floors.get(figure, "")]
            rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accel", default="tcg", choices=("tcg", "kvm"))
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args()
    text = table({name: run(name, args.accel) for name in BENCHES}, args.accel)
    print(text)
    if args.readme:
        readme = README.read_text()
        start, end = readme.index(BEGIN) + len(BEGIN), readme.index(END)
        README.write_text(readme[:start] + "\n" + text + "\n" + readme[end:])


if __name__ == "__main__":
    main()
