"""Known answers for arm64's %cpus: PSTATE and TTBR0_EL1 decoded, one CPU's system registers checked
against the kernel's per-CPU facts, CPUs compared with the boot CPU, and the text view. The register
values are what QEMU's gdbstub showed for the arm64 guest (-cpu max, two CPUs)."""

from ukrepl.decoders.arm64 import percpu
from ukrepl.decoders.arm64 import system_registers as sysregs
from ukrepl.views.cpu_view import cpu_html, cpu_text

CPU0 = {
    "cpsr": 0x6000_03C4,
    "sp": 0x4026_EF40,
    "SCTLR": 0x00C5_183D,
    "TCR_EL1": 0x4_8090_3510,
    "MAIR_EL1": 0x0C04_0044_BBFF,
    "TTBR0_EL1": 0x4010_2000,
    "VBAR": 0x4020_5000,
    "SP_EL0": 0,  # QEMU's banked copy: stale while sp is SP_EL0
    "SP_EL1": 0x4031_D480,
    "TPIDR_EL1": 0x4031_9400,
}
KERNEL0 = percpu.KernelCpu(0, 0, 3, 0x4031_9400, (0x4031_9480, 0x4031_D480), 0x4010_2000, 0x4020_5000)
OFFLINE = {"cpsr": 0x4000_03C5, "SCTLR": 0x00C5_0838} | dict.fromkeys(percpu.REGISTERS[2:], 0)
OFFLINE |= {"cpsr": 0x4000_03C5, "SCTLR": 0x00C5_0838, "sp": 0}


def test_pstate_el_stack_pointer_and_daif():
    parked = sysregs.pstate(0x6000_03C4)
    assert (parked.el, parked.sp_el, parked.masked) == (1, 0, ["D", "A", "I", "F"])
    assert parked.describe() == "EL1t (sp is SP_EL0), DAIF: D A I F masked"
    handler = sysregs.pstate(0x0000_0105)  # EL1h, A (bit 8) masked
    assert (handler.el, handler.sp_el, handler.masked) == (1, 1, ["A"])
    assert sysregs.pstate(0x3C9).describe() == "EL2h (sp is SP_EL2), DAIF: D A I F masked"
    assert sysregs.pstate(0x4).describe() == "EL1t (sp is SP_EL0), DAIF: nothing masked"


def test_ttbr0_base_asid_and_cnp():
    t = sysregs.ttbr(0x0005_0000_4010_2001)
    assert (t.base, t.asid, t.cnp) == (0x4010_2000, 5, True)
    assert t.describe() == "table at 0x40102000, ASID 5, CnP"
    assert sysregs.ttbr(0x4010_2000).describe() == "table at 0x40102000, ASID 0"


def test_a_parked_boot_cpu_agrees_with_the_kernel():
    cpu = percpu.decode_cpu(KERNEL0, CPU0, parked=True)
    assert cpu.state == "idle" and cpu.findings == []
    assert (cpu.sp_el0, cpu.sp_el1) == (0x4026_EF40, 0x4031_D480)  # sp is the live SP_EL0
    assert cpu.sctlr.mmu and not cpu.sctlr.wxn and cpu.tcr.va_bits0 == 48 and cpu.tcr.epd1
    assert cpu.mair[:2] == ["Normal WB RW-alloc", "Normal WT RW-alloc"]
    rows = {name: (value, meaning) for name, value, meaning in cpu.rows()}
    assert rows["VBAR_EL1"] == (0x4020_5000, "the kernel's arm64_vectors")
    assert rows["TPIDR_EL1"][1] == "&lcpus[0]" and rows["SP_EL0"][1] == "sp now"
    assert rows["SCTLR_EL1"][1] == "M C SA SA0 I SPAN; WXN off"


def test_each_disagreement_with_the_kernel_is_named():
    wrong = CPU0 | {"TTBR0_EL1": 0x4200_0000, "VBAR": 0, "TPIDR_EL1": 0x1000, "SP_EL1": 0x5000_0000}
    wrong |= {"cpsr": 0x6000_03C8, "SCTLR": 0x00C5_183C}  # EL2, MMU off
    cpu = percpu.decode_cpu(KERNEL0, wrong)
    assert cpu.state == "running"
    assert cpu.findings == [
        "the CPU is at EL2; the kernel runs at EL1",
        "SCTLR_EL1.M is clear: the MMU is off",
        "TTBR0_EL1 points at 0x42000000, the kernel has CPU 0 on 0x40102000",
        "VBAR_EL1 is 0x0, but the kernel's vectors are at 0x40205000",
        "TPIDR_EL1 is 0x1000, not &lcpus[0] (0x40319400)",
        "SP_EL1 0x50000000 lies outside lcpus[0].exc_stack [0x40319480, 0x4031d480)",
    ]


def test_cpus_are_compared_with_the_boot_cpu_but_offline_ones_are_not_checked():
    kernel1 = percpu.KernelCpu(1, 1, 2, 0x4031_DD00, (0x4031_DD80, 0x4032_1D80), 0x4010_2000, 0x4020_5000)
    cpu1 = CPU0 | {"TPIDR_EL1": 0x4031_DD00, "SP_EL1": 0x4032_1D80, "SCTLR": 0x04C5_183D}  # UCI set
    kernel2 = percpu.KernelCpu(2, 2, 0, 0x4032_2600, (0x4032_2680, 0x4032_6680), 0x4010_2000, 0x4020_5000)
    cpus = [
        percpu.decode_cpu(KERNEL0, CPU0, parked=True),
        percpu.decode_cpu(kernel1, cpu1),
        percpu.decode_cpu(kernel2, OFFLINE),
    ]
    percpu.compare_with_boot_cpu(cpus)
    assert cpus[0].findings == [] and cpus[2].findings == [] and cpus[2].state == "offline"
    assert cpus[1].findings == ["SCTLR_EL1 is 0x4c5183d, CPU 0's is 0xc5183d"]


def test_the_views_show_every_register_and_the_verdict():
    cpu = percpu.decode_cpu(KERNEL0, CPU0, parked=True)
    text = cpu_text(cpu)
    assert text.splitlines()[0] == "CPU 0: MPIDR affinity 0x0, idle"
    for name in ("PSTATE", "SCTLR_EL1", "TCR_EL1", "MAIR_EL1", "TTBR0_EL1", "VBAR_EL1", "SP_EL0", "SP_EL1"):
        assert f"  {name}  0x" in text
    assert "IPS 44 bits" in text and "finding" not in text
    assert "agree with the kernel's per-CPU data" in cpu_html(cpu)
    bad = percpu.decode_cpu(KERNEL0, CPU0 | {"VBAR": 0})
    assert "Disagrees with QEMU" in cpu_html(bad) and "finding: VBAR_EL1 is 0x0" in cpu_text(bad)
