"""A C cell end to end (compile, link, load into the guest, run) beside `gcc -c` of the same source.

Each round times, back to back so that both see the same machine load:
- the cell: Guest.run_cell, from the cell's text to its output in the guest
  ("hello" defines main, which runs; "function" defines a function, loaded only;
  "statements" a global and a function with a loop);
- the floor: `gcc -c` of the same source with the flags cells compile with (the kernel's
  cflags.txt and -Og), alone.
Usage: python bench/cell_compile.py [--accel tcg|kvm] [--rounds 5] [-n 10]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from figures import Figure, paired_medians, report

from ukrepl.compiler import CELL_FLAGS
from ukrepl.guest import Guest
from ukrepl.kernel_build import KernelBuild
from ukrepl.options import BootOptions

# Cells that are also whole C files, so that gcc -c takes them as they stand.
CELLS = {
    "hello": '#include <stdio.h>\nint main(void)\n{\n\tprintf("hello from a cell\\n");\n\treturn 0;\n}\n',
    "function": "int sq(int x)\n{\n\treturn x * x;\n}\n",
    "statements": "int total;\nvoid add(void)\n{\n\tfor (int i = 0; i < 10; i++)\n\t\ttotal += i;\n}\n",
}


def gcc_c(cflags: list[str], source: Path, *extra: str) -> None:
    argv = ["gcc", *cflags, *extra, "-c", str(source), "-o", str(source.with_suffix(".o"))]
    subprocess.run(argv, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accel", default="tcg", choices=("tcg", "kvm"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("-n", type=int, default=10, help="samples per round")
    args = parser.parse_args()
    build = KernelBuild()
    build.run()
    cflags = [*build.cflags_file.read_text().split(), *CELL_FLAGS]  # what cells compile with

    guest = Guest()
    guest.boot(BootOptions(accel=args.accel))
    figures = {
        name: Figure(f"cell_{name}", "ms", 1.2, "gcc -c of the same source with the flags cells compile with")
        for name in CELLS
    }
    try:
        with tempfile.TemporaryDirectory() as tmp:
            paths = {}
            for name, source in CELLS.items():
                paths[name] = Path(tmp) / f"{name}.c"
                paths[name].write_text(source)
            for _ in range(args.rounds):
                for name, source in CELLS.items():
                    guest.reset_cells()  # each cell alone: no declarations carried from another one
                    guest.run_cell(source)  # the first cell of a session reads the kernel's typedefs once
                    figures[name].add(
                        *paired_medians(
                            lambda source=source: guest.run_cell(source),
                            lambda path=paths[name]: gcc_c(cflags, path),
                            args.n,
                        )
                    )
    finally:
        guest.shutdown()
    print(f"accel={args.accel} rounds={args.rounds} samples per round={args.n}")
    report(list(figures.values()))


if __name__ == "__main__":
    main()
