"""What a boot checks before it touches the running guest, and how it reports what went wrong."""

from __future__ import annotations

from collections.abc import Callable

from ..compiler.symbols import SymbolTable
from ..options import BootOptions, OptionError
from ..target.gdbmi import MiResult
from ..target.machine import evaluate_command
from .errors import GuestDied, GuestError

LCPU_STATE_IDLE = 2  # include/uk/plat/common/lcpu.h: this state and above are online
HEAP_MIN = 1 << 20  # measured: the kernel's heap needs about 1 MiB past the image at one CPU
QEMU_PREFIX = "qemu-system-x86_64: "


def check_memory(options: BootOptions, symbols: SymbolTable) -> None:
    """Refuse a --mem the kernel cannot boot in: its image (cell arena included) plus a heap."""
    span = symbols.address("ukrepl_cell_arena_end")  # the cell arena ends the image (kernel.lds)
    stacks = options.smp * (160 << 10)  # measured: per CPU, its stacks (boot-sized, IST, scheduler)
    need = -(-(span + HEAP_MIN + stacks) // (1 << 20)) << 20
    if options.mem_bytes < need:
        raise OptionError(
            f"--mem {options.mem} is too small: the kernel image spans {span / (1 << 20):.1f} MiB "
            f"(the cell arena included) and needs a heap past it; at least {need >> 20}M with "
            f"{options.smp} CPU(s)",
            f"use --mem {need >> 20}M or more (the default is {BootOptions().mem})",
        )


def boot_failure(err: Exception, qemu_stderr: str) -> GuestDied:
    """A failed boot as one message: QEMU's own error line first when it gave one."""
    lines = [line.removeprefix(QEMU_PREFIX) for line in qemu_stderr.splitlines() if line.strip()]
    hint = "check the %boot options; %reboot and the next cell keep the options of the last good boot"
    if lines:
        return GuestDied(f"QEMU did not start: {lines[0]}" + "".join(f"\n{line}" for line in lines[1:]), hint)
    return GuestDied(f"boot failed: {err}", hint)


def online_cpus(batch: Callable[[list[str]], list[MiResult]]) -> int | None:
    """How many CPUs the kernel has online (CPU 0 and every lcpus[i] IDLE or busy); None if unknown."""
    try:
        (count,) = batch([evaluate_command("lcpu_count")])
        found = int(count.payload["value"].split()[-1], 0)
        if found <= 1:
            return 1
        states = (
            batch([evaluate_command(f"(int)lcpus[{i}].state") for i in range(1, found)]) if found > 1 else []
        )
    except (GuestError, ValueError, KeyError):
        return None
    return 1 + sum(1 for s in states if int(s.payload["value"], 0) >= LCPU_STATE_IDLE)
