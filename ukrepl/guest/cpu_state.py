"""Every CPU of the guest: its per-CPU tables for %cpus, and functions run on it for %lcpu run.

Path of %cpus on x86_64: struct lcpu of each CPU (lcpus[i]: id, state, GDT, TSS,
IST stacks) read through GDB in pipelined batches, QEMU's own view from the monitor
(`info registers -a`) -> decoders.x86_64.percpu decodes and cross-checks them.
On arm64: lcpus[i] (id, state, its exc_stack), the vectors and the tables the
kernel has each CPU on, through GDB; QEMU's view is the system registers its
gdbstub shows per vCPU (-data-list-register-values per thread) ->
decoders.arm64.percpu decodes and cross-checks them.

Path of %lcpu run: the index list, the struct ukplat_lcpu_func and the count
written into the scratch area -> ukplat_lcpu_run and ukplat_lcpu_wait called on
the boot CPU (guest.calls) -> each CPU's copy of its console lines (lcpus[i].conlog,
a ring) read back, so each CPU's output is shown under its own heading.
"""

from __future__ import annotations

import errno
import struct
from collections.abc import Callable

from ..decoders.arm64 import percpu as arm64_percpu
from ..decoders.lcpu_state import state_name
from ..decoders.x86_64 import percpu
from ..decoders.x86_64.descriptors import TSS64_SIZE, decode_tss64
from ..decoders.x86_64.monitor_registers import parse_info_registers
from ..kernel_contract import LCPU_FUNC, LCPU_RFLG_DONOTBLOCK, LCPU_RUN_FLAGS, LCPU_STACK_FILL, LCPU_STATES
from ..target.machine import Target, evaluate_command
from .calls import CallRunner, Scratch, write
from .cell_loader import errno_text
from .errors import GuestError
from .kernel_state import Batch

LCPU_COUNT = "lcpu_count"  # CPUs the kernel found (arch/<arch>/lcpu.c)
CRASHED_CPU = "ukrepl_crash_info.count ? ukrepl_crash_info.cpu : -1"
LCPU_STATE_IDLE, LCPU_STATE_BUSY0 = (LCPU_STATES.values[f"LCPU_STATE_{s}"] for s in ("IDLE", "BUSY0"))
# Never wait in the kernel for a CPU's slot, and take only idle CPUs (-EBUSY for a busy one).
# What to do about a CPU still running an earlier function (the guest runs only during calls).
LET_IT_FINISH = (
    "let it finish with a cell `ukplat_lcpu_wait(0, 0, 0)` (waits for every CPU; the stop button "
    "ends the wait, not the function) and %lcpu run again, or %reboot if it never returns"
)
RegisterReader = Callable[[tuple[str, ...], int], dict[str, int]]  # names, CPU -> values
# One CPU as %cpus shows it, of either architecture
CpuState = percpu.CpuState | arm64_percpu.CpuState
RUN_FLAGS = LCPU_RFLG_DONOTBLOCK | LCPU_RUN_FLAGS.values["UKPLAT_LCPU_RFLG_IDLEONLY"]


class CpuReader:
    """Reads each CPU's struct lcpu and QEMU's registers, and runs functions on CPUs."""

    def __init__(self, batch: Batch, hmp: Callable[[str], str], registers: RegisterReader) -> None:
        self._batch, self._hmp, self._registers = batch, hmp, registers

    def _values(self, expressions: list[str]) -> list[str]:
        return [r.payload["value"] for r in self._batch([evaluate_command(e) for e in expressions])]

    def _read_many(self, ranges: list[tuple[int, int]]) -> list[bytes]:
        """Several memory reads in one pipelined round trip."""
        results = self._batch([Target.read_command(a, n) for a, n in ranges])
        return [Target.bytes_from(r) for r in results]

    def cpus(self, arch: str, cpu0_parked: bool) -> list[CpuState]:
        """Every CPU the kernel knows: its struct lcpu decoded, checked against QEMU's registers."""
        if arch == "arm64":
            return self._arm64_cpus(cpu0_parked)
        count, mode, crashed_cpu = self._values([LCPU_COUNT, "lapic_mode", CRASHED_CPU])
        facts = [self._lcpu_facts(i) for i in range(int(count))]
        monitors = {m.index: m for m in parse_info_registers(self._hmp("info registers -a"))}
        return [
            percpu.decode_cpu(
                cpu,
                percpu.apic_mode_name(mode),
                LCPU_STACK_FILL,
                monitors.get(cpu.apic_id),  # QEMU numbers x86 CPUs by APIC ID here
                crashed=int(crashed_cpu) == cpu.index,
                parked=cpu.index == 0 and cpu0_parked,
            )
            for cpu in facts
        ]

    def _arm64_cpus(self, cpu0_parked: bool) -> list[arm64_percpu.CpuState]:
        """Each CPU's system registers (QEMU's gdbstub), decoded and checked against lcpus[i]."""
        count, crashed_cpu, vectors = (
            int(v.split()[0], 0)
            for v in self._values([LCPU_COUNT, CRASHED_CPU, "(unsigned long)arm64_vectors"])
        )
        cpus = []
        for i in range(count):
            fields = [f"lcpus[{i}].id", f"lcpus[{i}].state", f"(unsigned long)&lcpus[{i}]"]
            fields += [f"(unsigned long)&lcpus[{i}].exc_stack", f"sizeof(lcpus[{i}].exc_stack)"]
            fields.append(f"active_on[{i}] ? active_on[{i}]->pt_pbase : kernel_pt.pt_pbase")
            mpidr, state, lcpu, stack, size, tables = (int(v.split()[0], 0) for v in self._values(fields))
            kernel = arm64_percpu.KernelCpu(i, mpidr, state, lcpu, (stack, stack + size), tables, vectors)
            registers = self._registers(arm64_percpu.REGISTERS, i)
            parked = i == 0 and cpu0_parked
            cpus.append(arm64_percpu.decode_cpu(kernel, registers, crashed=crashed_cpu == i, parked=parked))
        arm64_percpu.compare_with_boot_cpu(cpus)
        return cpus

    def _lcpu_facts(self, i: int) -> percpu.KernelCpu:
        """Read lcpus[i]: a few numbers, its GDT and TSS, and the IST stacks its TSS points at."""
        fields = ("id", "state", "(unsigned long)&{}.gdt", "sizeof({}.gdt)", "(unsigned long)&{}.tss")
        fields += ("(unsigned long)&{}.ist", "sizeof({}.ist.stack[0])")
        exprs = [f.format(f"lcpus[{i}]") if "{}" in f else f"lcpus[{i}].{f}" for f in fields]
        apic_id, state, gdt, gdt_size, tss, ist, stack_size = (
            int(v.split()[0], 0) for v in self._values(exprs)
        )
        gdt_bytes, tss_bytes = self._read_many([(gdt, gdt_size), (tss, TSS64_SIZE)])
        tops = decode_tss64(tss_bytes).ist
        slots = [slot for slot, top in enumerate(tops, start=1) if top]
        stacks = self._read_many([(tops[slot - 1] - stack_size, stack_size) for slot in slots])
        return percpu.KernelCpu(
            i,
            apic_id,
            state,
            gdt,
            gdt_bytes,
            tss,
            tss_bytes,
            ist,
            stack_size,
            dict(zip(slots, stacks, strict=True)),
        )

    def run_on_cpus(self, calls: CallRunner, entry: int, cpus: list[int], timeout_ms: int) -> dict[int, str]:
        """Run the function at `entry` on CPUs through ukplat_lcpu_run, wait, and return what each
        CPU printed meanwhile (the kernel keeps a per-CPU copy of its console lines).

        Only idle CPUs take a function: a busy one (an earlier run that timed out and still runs)
        is refused here, and by the kernel too (UKPLAT_LCPU_RFLG_IDLEONLY), instead of queueing
        behind a function that may never end. A wait that times out says which CPUs still run.
        """
        self._check_idle(cpus)
        before = self._console_positions(cpus)
        scratch = Scratch(calls)
        idx = scratch.put(struct.pack(f"<{len(cpus)}I", *cpus))
        func = scratch.put(LCPU_FUNC.format.pack(entry, 0))
        num = scratch.put(struct.pack("<I", len(cpus)))  # in: list length, out: CPUs done
        rc = int(calls.call("ukplat_lcpu_run", idx, num, func, RUN_FLAGS).text, 0)
        if rc == -errno.EBUSY:  # busy since _check_idle (cell code queued onto it): say which
            self._check_idle(cpus)
        if rc < 0:
            raise GuestError(f"ukplat_lcpu_run failed: {errno_text(rc)}", "%cpus shows each CPU's state")
        write(calls.host, num, struct.pack("<I", len(cpus)))
        rc = int(calls.call("ukplat_lcpu_wait", idx, num, timeout_ms * 1_000_000).text, 0)
        if rc == -errno.ETIMEDOUT:
            raise self._still_busy(cpus, timeout_ms, self._console_since(before))
        if rc < 0:
            raise GuestError(f"ukplat_lcpu_wait: {errno_text(rc)}", "%cpus shows each CPU's state")
        return self._console_since(before)

    def start_idle(self, calls: CallRunner, cpus: list[int] | None) -> None:
        """Start offline CPUs (None: all but 0) idle, on stacks from the guest's allocator:
        ukrepl_lcpu_start_idle, for widgets and tests that want them online."""
        if cpus is None:
            idx, count = 0, 0
        else:
            idx, count = Scratch(calls).put(struct.pack(f"<{len(cpus)}I", *cpus)), len(cpus)
        rc = int(calls.call("ukrepl_lcpu_start_idle", idx, count).text, 0)
        if rc < 0:
            raise GuestError(f"starting CPUs failed: {errno_text(rc)}", "%cpus shows which CPUs exist")

    def states(self, cpus: list[int]) -> dict[int, int]:
        """lcpus[i].state of each CPU (enum lcpu_state; BUSY0 + n: running, n more queued)."""
        values = self._values([f"lcpus[{i}].state" for i in cpus])
        return {i: int(v.split()[0], 0) for i, v in zip(cpus, values, strict=True)}

    def _check_idle(self, cpus: list[int]) -> None:
        """GuestError naming each listed CPU that cannot take a function now, and what to do."""
        count = int(self._values([LCPU_COUNT])[0])
        if missing := [i for i in cpus if not 0 <= i < count]:
            raise GuestError(
                f"no CPU {_listed(missing)}: the guest has {count} CPU(s), 0 to {count - 1}",
                f"e.g. --cpus {','.join(map(str, range(1, count))) or '1 after %boot --smp 2'}",
            )
        if 0 in cpus:
            raise GuestError(
                "CPU 0 runs ukrepl's own calls (and the cell's code): %lcpu run is for the other CPUs",
                "run the function on CPU 0 as a call, e.g. myfunc(0, 0), or leave 0 out of --cpus",
            )
        states = self.states(cpus)
        busy = {i: s for i, s in states.items() if s >= LCPU_STATE_BUSY0}
        if busy:
            raise GuestError(
                f"{_listed(list(busy), 'CPU')} still busy ({_state_list(busy)}): a function from an "
                "earlier run has not returned, and a new one would wait behind it",
                LET_IT_FINISH,
            )
        if down := {i: s for i, s in states.items() if s < LCPU_STATE_IDLE}:
            raise GuestError(
                f"{_listed(list(down), 'CPU')} not online ({_state_list(down)}): it takes no functions",
                "%cpus shows which CPUs are idle; a CPU halted by a crash comes back with %reboot",
            )

    def _still_busy(self, cpus: list[int], timeout_ms: int, printed: dict[int, str]) -> GuestError:
        """The timed-out wait: which CPUs still run (they go on running), and what each printed."""
        states = self.states(cpus)
        busy = [i for i in cpus if states[i] >= LCPU_STATE_BUSY0]
        lines = [
            f"CPU {i}: {_state(states[i])}; printed: {printed.get(i) or '(nothing)'}".rstrip() for i in cpus
        ]
        return GuestError(
            f"--timeout {timeout_ms} ms passed and {_listed(busy, 'CPU') if busy else 'no CPU'} still "
            "running the function: it goes on whenever the guest runs\n" + "\n".join(lines),
            LET_IT_FINISH,
        )

    def _console_positions(self, cpus: list[int]) -> dict[int, int]:
        values = self._values([f"lcpus[{i}].conlog_len" for i in cpus])
        return {i: int(v) for i, v in zip(cpus, values, strict=True)}

    def _console_since(self, before: dict[int, int]) -> dict[int, str]:
        """Each CPU's console bytes after the positions `before` (the ring keeps the newest)."""
        after = self._console_positions(list(before))
        size = int(self._values(["sizeof(lcpus[0].conlog)"])[0])
        addresses = self._values([f"(unsigned long)lcpus[{i}].conlog" for i in before])
        base = {i: int(a) for i, a in zip(before, addresses, strict=True)}
        rings = dict(zip(before, self._read_many([(base[i], size) for i in before]), strict=True))
        out = {}
        for i, start in before.items():
            start = max(start, after[i] - size)
            out[i] = bytes(rings[i][p % size] for p in range(start, after[i])).decode("utf-8", "replace")
        return out


def _state(value: int) -> str:
    """'idle', 'offline', 'running', 'running, 2 more queued'."""
    queued = value - LCPU_STATE_BUSY0
    return f"running, {queued} more queued" if queued > 0 else state_name(value)


def _state_list(states: dict[int, int]) -> str:
    return ", ".join(f"CPU {i} {_state(s)}" for i, s in states.items())


def _listed(cpus: list[int], noun: str = "") -> str:
    """'CPU 2 is' / 'CPUs 2, 3 are' (noun given), or '2' / '2, 3'."""
    numbers = ", ".join(map(str, cpus))
    if not noun:
        return numbers
    return f"{noun} {numbers} is" if len(cpus) == 1 else f"{noun}s {numbers} are"
