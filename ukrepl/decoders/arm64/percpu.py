"""Per-CPU state of an arm64 guest for %cpus, decoded and cross-checked: pure functions of numbers.

guest.cpus() reads two sources and hands them here: the kernel's word (struct lcpu of each CPU,
the vectors' address, the tables the kernel has the CPU on) and QEMU's (the system registers its
gdbstub shows per vCPU). This module decodes the registers (system_registers) and lists where the
two disagree, and where a CPU's set-up differs from the boot CPU's; views.cpu_view renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lcpu_state import state_name
from .system_registers import Pstate, Sctlr, Tcr, Ttbr, mair, pstate, sctlr, tcr, ttbr

# The registers %cpus reads, by the names QEMU 7.2's gdbstub gives them (SCTLR_EL1 and VBAR_EL1
# under their short names); cpsr is PSTATE, sp the stack pointer PSTATE.SPSel selects.
REGISTERS = ("cpsr", "sp", "SCTLR", "TCR_EL1", "MAIR_EL1", "TTBR0_EL1", "VBAR", "SP_EL0", "SP_EL1")
REGISTERS += ("TPIDR_EL1",)
# What every CPU the kernel started must have alike (boot.S sets them on each)
ALIKE = (("SCTLR", "SCTLR_EL1"), ("TCR_EL1", "TCR_EL1"), ("MAIR_EL1", "MAIR_EL1"), ("VBAR", "VBAR_EL1"))


@dataclass(frozen=True)
class KernelCpu:
    """What the kernel says about one CPU, as raw facts."""

    index: int
    mpidr: int  # lcpus[i].id: MPIDR_EL1's affinity fields
    state: int  # enum lcpu_state
    lcpu: int  # &lcpus[i]: what TPIDR_EL1 holds
    exc_stack: tuple[int, int]  # [low, high) of lcpus[i].exc_stack: SP_EL1's stack
    tables: int  # the top table the kernel has this CPU on (kernel_pt or ukplat_pt_set_active's)
    vectors: int  # arm64_vectors: what VBAR_EL1 holds


@dataclass(frozen=True)
class CpuState:
    """One CPU: its registers decoded, and where they disagree with the kernel."""

    index: int
    mpidr: int
    state: str
    registers: dict[str, int]  # QEMU's word, by gdbstub name
    pstate: Pstate
    sctlr: Sctlr
    tcr: Tcr
    mair: list[str]  # slot 0 first
    ttbr0: Ttbr
    sp_el0: int
    sp_el1: int
    kernel: KernelCpu
    findings: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, int, str]]:
        """(register, value, meaning) for the view, in the order a reader checks them."""
        r, k = self.registers, self.kernel
        mair_text = ", ".join(f"{slot}: {attribute}" for slot, attribute in enumerate(self.mair))
        vectors = "the kernel's arm64_vectors" if r["VBAR"] == k.vectors else "not arm64_vectors"
        return [
            ("PSTATE", r["cpsr"], self.pstate.describe()),
            ("SCTLR_EL1", r["SCTLR"], self.sctlr.describe() + ("" if self.sctlr.wxn else "; WXN off")),
            ("TCR_EL1", r["TCR_EL1"], self.tcr.describe()),
            ("MAIR_EL1", r["MAIR_EL1"], mair_text),
            ("TTBR0_EL1", r["TTBR0_EL1"], self.ttbr0.describe()),
            ("VBAR_EL1", r["VBAR"], vectors),
            ("SP_EL0", self.sp_el0, "sp now" if self.pstate.sp_el == 0 else "saved"),
            ("SP_EL1", self.sp_el1, "sp now" if self.pstate.sp_el == 1 else "saved"),
            ("TPIDR_EL1", r["TPIDR_EL1"], f"&lcpus[{self.index}]" if r["TPIDR_EL1"] == k.lcpu else ""),
        ]


def decode_cpu(
    kernel: KernelCpu, registers: dict[str, int], crashed: bool = False, parked: bool = False
) -> CpuState:
    """Decode one CPU's registers (QEMU's) and check them against the kernel's facts.

    `parked`: CPU 0 rests in ukrepl_idle for the host; the kernel counts it busy, but it is idle.
    """
    ps = pstate(registers["cpsr"])
    # QEMU keeps the live value of the selected stack pointer in sp; the banked copy is stale
    sp_el0 = registers["sp"] if ps.sp_el == 0 else registers["SP_EL0"]
    sp_el1 = registers["sp"] if ps.sp_el == 1 else registers["SP_EL1"]
    cpu = CpuState(
        index=kernel.index,
        mpidr=kernel.mpidr,
        state="crashed" if crashed else "idle" if parked else state_name(kernel.state),
        registers=dict(registers),
        pstate=ps,
        sctlr=sctlr(registers["SCTLR"]),
        tcr=tcr(registers["TCR_EL1"]),
        mair=mair(registers["MAIR_EL1"]),
        ttbr0=ttbr(registers["TTBR0_EL1"]),
        sp_el0=sp_el0,
        sp_el1=sp_el1,
        kernel=kernel,
    )
    cpu.findings.extend(cross_check(cpu))
    return cpu


def cross_check(cpu: CpuState) -> list[str]:
    """Where QEMU's registers and the kernel's per-CPU facts disagree (nothing for an offline CPU:
    it has not run a single instruction of the kernel)."""
    if cpu.state == "offline":
        return []
    k, r, i = cpu.kernel, cpu.registers, cpu.index
    findings = []
    if cpu.pstate.el != 1:
        findings.append(f"the CPU is at EL{cpu.pstate.el}; the kernel runs at EL1")
    if not cpu.sctlr.mmu:
        findings.append("SCTLR_EL1.M is clear: the MMU is off")
    if cpu.ttbr0.base != k.tables:
        findings.append(f"TTBR0_EL1 points at {cpu.ttbr0.base:#x}, the kernel has CPU {i} on {k.tables:#x}")
    if r["VBAR"] != k.vectors:
        findings.append(f"VBAR_EL1 is {r['VBAR']:#x}, but the kernel's vectors are at {k.vectors:#x}")
    if r["TPIDR_EL1"] != k.lcpu:
        findings.append(f"TPIDR_EL1 is {r['TPIDR_EL1']:#x}, not &lcpus[{i}] ({k.lcpu:#x})")
    low, high = k.exc_stack
    if not low < cpu.sp_el1 <= high:
        findings.append(f"SP_EL1 {cpu.sp_el1:#x} lies outside lcpus[{i}].exc_stack [{low:#x}, {high:#x})")
    return findings


def compare_with_boot_cpu(cpus: list[CpuState]) -> None:
    """Add a finding to each started CPU whose set-up registers differ from CPU 0's."""
    if not cpus:
        return
    boot = cpus[0]
    for cpu in cpus[1:]:
        if cpu.state == "offline":
            continue
        for name, shown in ALIKE:
            if cpu.registers[name] != boot.registers[name]:
                cpu.findings.append(
                    f"{shown} is {cpu.registers[name]:#x}, CPU 0's is {boot.registers[name]:#x}"
                )
