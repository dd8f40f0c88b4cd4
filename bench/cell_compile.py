"""A C cell end to end (compile, link, load into the guest, run) beside `gcc -c` of the same source.

Each round times, back to back so that both see the same machine load:
- the cell: Guest.run_cell, from the cell's text to its output in the guest
  ("hello" defines main, which runs; "function" defines a function, loaded only);
- the floor: `gcc -c` of the same source with the kernel's flags (cflags.txt), alone;
- for reference, `gcc -c -pipe` (the cell's compile uses -pipe).
Medians of all rounds; the target is a ratio of at most 1.3. On a shared machine
the load moves both medians between runs, so the median of the per-round ratios
(each round's two timings saw the same load) and the fastest rounds are printed too.

Usage: python bench/cell_compile.py [--accel tcg|kvm] [-n 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from ukrepl.guest import Guest
from ukrepl.kernel_build import KernelBuild
from ukrepl.options import BootOptions

# Cells that are also whole C files, so that gcc -c takes them as they stand.
CELLS = {
    "hello": '#include <stdio.h>\nint main(void)\n{\n\tprintf("hello from a cell\\n");\n\treturn 0;\n}\n',
    "function": "int sq(int x)\n{\n\treturn x * x;\n}\n",
}


def time_ms(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def gcc_c(cflags: list[str], source: Path, *extra: str) -> None:
    argv = ["gcc", *cflags, *extra, "-c", str(source), "-o", str(source.with_suffix(".o"))]
    subprocess.run(argv, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accel", default="tcg", choices=("tcg", "kvm"))
    parser.add_argument("-n", type=int, default=30)
    args = parser.parse_args()
    build = KernelBuild()
    build.run()
    cflags = build.cflags_file.read_text().split()

    guest = Guest()
    guest.boot(BootOptions(accel=args.accel))
    print(f"accel={args.accel} n={args.n} (medians; each round runs the three back to back)")
    with tempfile.TemporaryDirectory() as tmp:
        for name, source in CELLS.items():
            path = Path(tmp) / f"{name}.c"
            path.write_text(source)
            guest.reset_cells()  # each cell alone: no declarations carried from the other one
            guest.run_cell(source)  # the first cell of a session reads the kernel's typedefs once
            cell, floor, piped = [], [], []
            for _ in range(args.n):
                cell.append(time_ms(lambda source=source: guest.run_cell(source)))
                floor.append(time_ms(lambda path=path: gcc_c(cflags, path)))
                piped.append(time_ms(lambda path=path: gcc_c(cflags, path, "-pipe")))
            ours, alone = statistics.median(cell), statistics.median(floor)
            paired = statistics.median(c / f for c, f in zip(cell, floor, strict=True))
            print(
                f"{name:9} cell {ours:6.2f} ms   gcc -c {alone:6.2f} ms   ratio {ours / alone:.2f} "
                f"(target <= 1.3)   [median of per-round ratios {paired:.2f}; "
                f"gcc -c -pipe {statistics.median(piped):6.2f} ms; "
                f"fastest rounds: cell {min(cell):.2f}, gcc -c {min(floor):.2f}]"
            )
    guest.shutdown()


if __name__ == "__main__":
    main()
