"""Per-CPU state as the kernel keeps it, decoded and checked: pure functions of bytes and numbers.

guest.cpus() reads the bytes (struct lcpu fields through GDB, registers through
QEMU's monitor) and hands them here; widgets render what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lcpu_state import state_name
from .descriptors import TSS64_SIZE, Descriptor, Tss64, decode_gdt, decode_tss64
from .monitor_registers import MonitorCpu


def apic_mode_name(enumerator: str) -> str:
    """GDB prints enum lapic_mode as its enumerator: LAPIC_MODE_X2APIC -> x2APIC."""
    return {"LAPIC_MODE_X2APIC": "x2APIC", "LAPIC_MODE_XAPIC": "xAPIC"}.get(enumerator, "none")


def stack_used(stack: bytes, fill: int) -> int:
    """Bytes of a downward-growing stack ever written: it started as all `fill`.

    The deepest use is the lowest byte that differs from the fill pattern; a
    value that happens to equal the fill byte can hide at most that one byte.
    """
    untouched = len(stack) - len(stack.lstrip(bytes([fill])))
    return len(stack) - untouched


@dataclass(frozen=True)
class IstStack:
    """One interrupt-stack-table stack of a CPU."""

    slot: int  # IST1..IST7
    bottom: int  # lowest address
    top: int  # the TSS's ISTn value: where the CPU starts using it
    owner: str  # what the kernel calls it, e.g. lcpus[1].ist.stack[0]
    used: int  # high-water mark in bytes

    @property
    def size(self) -> int:
        return self.top - self.bottom


@dataclass(frozen=True)
class KernelCpu:
    """What struct lcpu says about one CPU, as raw facts."""

    index: int
    apic_id: int
    state: int
    gdt_address: int
    gdt_bytes: bytes
    tss_address: int
    tss_bytes: bytes
    ist_base: int  # address of lcpus[i].ist.stack[0]
    ist_stack_size: int
    ist_stacks: dict[int, bytes]  # slot -> the stack's bytes, for the slots the TSS uses


@dataclass(frozen=True)
class CpuState:
    """One CPU, decoded, with what QEMU says about it and where the two disagree."""

    index: int
    apic_id: int
    apic_mode: str
    state: str
    gdt_address: int
    gdt: list[Descriptor]
    tss_address: int
    tss: Tss64
    ist: list[IstStack]
    monitor: MonitorCpu | None
    findings: list[str] = field(default_factory=list)

    @property
    def tss_descriptor(self) -> Descriptor | None:
        return next((d for d in self.gdt if d.kind.startswith("tss64")), None)


def decode_cpu(
    cpu: KernelCpu,
    apic_mode: str,
    fill: int,
    monitor: MonitorCpu | None,
    crashed: bool = False,
    parked: bool = False,
) -> CpuState:
    """Decode one CPU's tables and stacks and cross-check them against QEMU's view.

    `parked`: the CPU rests in ukrepl_idle for the host; the kernel still counts
    it busy (it never returned from boot), but it is idle.
    """
    tss = decode_tss64(cpu.tss_bytes[:TSS64_SIZE])
    ist = []
    for slot, data in sorted(cpu.ist_stacks.items()):
        top = tss.ist[slot - 1]
        bottom = top - len(data)
        k, misalignment = divmod(bottom - cpu.ist_base, cpu.ist_stack_size)
        owner = f"lcpus[{cpu.index}].ist.stack[{k}]"
        if k < 0 or misalignment:
            owner = f"{bottom:#x} (outside lcpus[{cpu.index}])"
        ist.append(IstStack(slot, bottom, top, owner, stack_used(data, fill)))
    state = CpuState(
        index=cpu.index,
        apic_id=cpu.apic_id,
        apic_mode=apic_mode,
        state="crashed" if crashed else "idle" if parked else state_name(cpu.state),
        gdt_address=cpu.gdt_address,
        gdt=decode_gdt(cpu.gdt_bytes),
        tss_address=cpu.tss_address,
        tss=tss,
        ist=ist,
        monitor=monitor,
    )
    state.findings.extend(cross_check(state, len(cpu.gdt_bytes), monitor))
    return state


def cross_check(cpu: CpuState, gdt_size: int, monitor: MonitorCpu | None) -> list[str]:
    """Where the kernel's per-CPU data and the CPU's registers (QEMU's word) disagree."""
    if cpu.state == "offline":
        return []
    if monitor is None:
        return [f"QEMU reports no CPU for APIC ID {cpu.apic_id}"]
    findings = []
    base, limit = monitor.gdt
    if base != cpu.gdt_address:
        findings.append(f"GDTR.base is {base:#x}, but lcpus[{cpu.index}].gdt is at {cpu.gdt_address:#x}")
    if limit + 1 > gdt_size:
        findings.append(f"GDTR.limit {limit:#x} reaches past lcpus[{cpu.index}].gdt ({gdt_size} bytes)")
    tr = monitor.segments.get("TR")
    descriptor = cpu.tss_descriptor
    if tr is None:
        findings.append("QEMU shows no TR")
    else:
        if tr.base != cpu.tss_address:
            findings.append(f"TR.base is {tr.base:#x}, but lcpus[{cpu.index}].tss is at {cpu.tss_address:#x}")
        if descriptor is None or tr.selector & ~0x7 != descriptor.selector:
            findings.append(f"TR selector {tr.selector:#x} does not name the GDT's TSS descriptor")
    if descriptor is not None and descriptor.base != cpu.tss_address:
        findings.append(
            f"the GDT's TSS descriptor points at {descriptor.base:#x}, not lcpus[{cpu.index}].tss"
        )
    for stack in cpu.ist:
        if not stack.owner.startswith("lcpus["):
            findings.append(f"IST{stack.slot} points outside this CPU's stacks ({stack.top:#x})")
    return findings
