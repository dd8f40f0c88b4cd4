"""gcc -c of a cell without gcc's driver: cc1 piped into as, exactly as the driver would run them.

The driver costs a cell a process of its own and its start-up (some 4 ms of CPU before and around a
22 ms compile here) and does nothing for a cell but read its specs and start cc1 and as. So the
driver is asked once for its plan (gcc -### prints the command lines it would run, here for
placeholder file names), and every compile runs that plan with the cell's own names.

A byte's path: the unit file -> cc1 (preprocessing, compiling: assembly on its stdout) -> a pipe ->
as -> the object file. Both write their messages into one more pipe, read to its end, so neither can
block on a full pipe while the other waits for it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

# The file names the plan is asked for, replaced by each compile's own (gcc names the dump base,
# which nothing here writes, after the object).
SOURCE, OBJECT, DUMP_BASE = "ukrepl-unit.c", "ukrepl-cell.o", "ukrepl-cell.c"

Plan = tuple[list[str], list[str]]  # cc1's and as's argv, with the placeholder names


def driver_plan(listing: str) -> Plan | None:
    """cc1's and as's command lines from what `gcc -### -pipe -c` printed on stderr; None when the
    driver would run anything else than one cc1 | as pipe (then the driver itself compiles)."""
    commands = [shlex.split(line) for line in listing.splitlines() if line.startswith(" ")]
    if len(commands) != 2 or not commands[0] or commands[0][-1] != "|":
        return None
    front, back = commands[0][:-1], commands[1]
    if SOURCE not in front or OBJECT not in back:
        return None
    return front, back


def with_names(argv: list[str], source: str, obj: str) -> list[str]:
    """A plan's command line for the given source and object file names."""
    names = {SOURCE: source, OBJECT: obj, DUMP_BASE: f"{Path(obj).stem}.c"}
    return [names.get(arg, arg) for arg in argv]


def run_pipe(
    plan: Plan, source: str, obj: str, cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess:
    """Compile `source` into `obj` by the plan; the result as subprocess.run gives it (returncode: the
    first failure's, cc1's before as's; stderr: both tools' messages)."""
    front_argv, back_argv = (with_names(argv, source, obj) for argv in plan)
    messages_in, messages_out = os.pipe()
    where = {"stderr": messages_out, "cwd": cwd, "env": env}
    try:
        front = subprocess.Popen(front_argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, **where)
        with front:
            back = subprocess.Popen(back_argv, stdin=front.stdout, stdout=subprocess.DEVNULL, **where)
            with back:
                front.stdout.close()  # as alone reads it now: cc1 sees a closed pipe if as dies
                os.close(messages_out)
                messages_out = -1
                with open(messages_in, "rb", closefd=False) as stream:
                    messages = stream.read().decode("utf-8", "replace")
    finally:
        os.close(messages_in)
        if messages_out >= 0:
            os.close(messages_out)
    returncode = front.returncode or back.returncode
    return subprocess.CompletedProcess(front_argv, returncode, "", messages)
