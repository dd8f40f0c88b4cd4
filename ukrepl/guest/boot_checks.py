"""What a boot checks before it touches the running guest, and how ukrepl says that a boot failed or
that the guest is gone (QEMU or GDB died, the guest reset itself)."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Callable
from pathlib import Path

from ..compiler.symbols import SymbolTable, load
from ..kernel_build import KernelBuild
from ..options import BootOptions, OptionError, checked
from ..target.arches import MACHINES
from ..target.gdbmi import MiResult
from ..target.machine import Target, evaluate_command
from ..target.qemu import machine_max_cpus
from .errors import GuestDied, GuestError

LCPU_STATE_IDLE = 2  # include/uk/plat/common/lcpu.h: this state and above are online
HEAP_MIN = 1 << 20  # measured: the kernel's heap needs about 1 MiB past the image at one CPU


def prepared(
    options: BootOptions, progress: Callable[[str], None] | None
) -> tuple[BootOptions, Path, SymbolTable]:
    """Checked options, the built kernel and its symbols: all a boot needs before it stops the old guest."""
    options = checked(options)
    machine = MACHINES[options.arch]
    limit = machine_max_cpus(machine) if options.cpus > 1 else None  # one CPU: any machine takes it
    if limit is not None and options.cpus > limit:
        raise OptionError(f"--smp {options.cpus}: QEMU's {machine.board} machine takes at most {limit} CPUs")
    elf = KernelBuild(options.build_config, options.arch).run(progress)
    symbols = load(elf)
    check_memory(options, symbols)
    return options, elf, symbols


def warm_up(options: BootOptions) -> None:
    """Prepare what a first boot with `options` needs whatever its own options turn out to be:
    QEMU's CPU limit, and the symbols (typedef names included) of a kernel already built. Nothing
    is built or started; for a thread at a Jupyter kernel's start, before any cell asks for a boot."""
    with contextlib.suppress(Exception):  # a failure here is met again, and reported, by the boot
        machine_max_cpus(MACHINES[options.arch])
        build = KernelBuild(options.build_config, options.arch)
        if build.up_to_date():
            load(build.elf).typedef_names  # noqa: B018 - read now (and kept) for the first call


def check_memory(options: BootOptions, symbols: SymbolTable) -> None:
    """Refuse a --mem the kernel cannot boot in: its image (cell arena included) plus a heap."""
    # the cell arena ends the image (link.lds), which starts RAM's addresses (virt's at 1 GiB)
    span = symbols.address("ukrepl_cell_arena_end") - MACHINES[options.arch].ram_base
    stacks = options.cpus * (160 << 10)  # measured: per CPU, its stacks (boot-sized, IST, scheduler)
    need = -(-(span + HEAP_MIN + stacks) // (1 << 20)) << 20
    if options.mem_bytes < need:
        raise OptionError(
            f"--mem {options.mem} is too small: the kernel image spans {span / (1 << 20):.1f} MiB "
            f"(the cell arena included) and needs a heap past it; at least {need >> 20}M with "
            f"{options.cpus} CPU(s)",
            f"use --mem {need >> 20}M or more (the default is {BootOptions().mem})",
        )


def boot_failure(err: Exception, qemu_stderr: str) -> GuestDied:
    """A failed boot as one message: QEMU's own error line first when it gave one."""
    prefixes = tuple(f"{m.qemu}: " for m in MACHINES.values())
    lines = [_without(line, prefixes) for line in qemu_stderr.splitlines() if line.strip()]
    hint = "check the %boot options; %reboot and the next cell keep the options of the last good boot"
    if lines:
        return GuestDied(f"QEMU did not start: {lines[0]}" + "".join(f"\n{line}" for line in lines[1:]), hint)
    return GuestDied(f"boot failed: {err}", hint)


def _without(line: str, prefixes: tuple[str, ...]) -> str:
    return next((line.removeprefix(p) for p in prefixes if line.startswith(p)), line)


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


def qemu_exit_reason(code: int | None) -> str:
    """Why QEMU ended, as a user reads it. QEMU runs with -no-reboot: a guest reset ends it with 0."""
    if code == 0:
        return "the guest reset itself (a triple fault, or a reset it asked for) and QEMU exited"
    if code is not None and code < 0:
        return f"QEMU was killed (signal {-code})"
    return f"QEMU exited (status {code})"


def gone_reason(target: Target, exited: bool = False) -> str | None:
    """Why the guest is gone, when QEMU or GDB died under a running target; None while both live.

    `exited`: GDB already reported the target's exit (QEMU may still be on its way out)."""
    if not target.running:
        return None
    process = target.qemu.process
    # returncode is set once reaped (the console thread waits on it at its EOF); /proc tells a zombie
    code = process.returncode
    if code is None and (exited or target.qemu.exited()):
        with contextlib.suppress(subprocess.TimeoutExpired):
            code = process.wait(timeout=5)
    if code is not None:
        return qemu_exit_reason(code)
    if target.mi.dead or target.mi.process.poll() is not None:
        return "GDB exited (it was ended, killed, or a command crashed it); the guest went with it"
    return None


def monitor_call(call: Callable[[], object]):
    """A QMP request, with QEMU's refusals and a lost connection as GuestError."""
    try:
        return call()
    except GuestError:
        raise
    except Exception as err:  # qemu.qmp raises its own classes (ExecuteError, ConnectError, ...)
        raise GuestError(f"QEMU monitor: {err}", "check the command with %qemu help") from err


def summary(online: int | None, options: BootOptions, accel: str, kvm_note: str, previous: int) -> str:
    """The lines that say the guest is ready: the CPUs asked for, and how many are online (the others
    stay offline until started, as in Unikraft 0.10)."""
    cpus = f"{options.cpus} CPU(s)"
    if online is not None and online != options.cpus:
        cpus += f", {online} online (%lcpu start starts the others)"
    note = f"\n{kvm_note}" if kvm_note else ""
    lines = f"[ukrepl] guest ready: {cpus}, {options.mem}, accel={accel}{note}"
    if previous:
        lines += f"\n[ukrepl] {previous} C cell(s) ran before this boot: %replay loads them again"
    return lines
