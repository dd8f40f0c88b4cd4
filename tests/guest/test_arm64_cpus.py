"""%cpus on arm64 (issue 13): each CPU's EL, SCTLR_EL1, TCR_EL1, MAIR_EL1, TTBR0_EL1, VBAR_EL1,
SP_EL0/SP_EL1 and DAIF as QEMU's gdbstub shows them, checked against the kernel's per-CPU facts
(lcpus[i], arm64_vectors, the tables ukplat_pt_set_active put the CPU on) and against CPU 0."""

from __future__ import annotations

from conftest import guest_fixture

from ukrepl.views.cpu_view import cpu_text

guest = guest_fixture(smp=3, scope="module", arches=("arm64",))
KERNEL_MAIR = 0x0000_0C04_0044_BBFF  # arch/arm64/sysregs.h: slots 0-5 WB, WT, NC, nGnRnE, nGnRE, GRE


def test_started_cpus_agree_with_the_kernel_and_offline_ones_show_reset_values(guest):
    guest.start_cpus([1])
    cpus = guest.cpus()
    assert [(c.index, c.mpidr, c.state) for c in cpus] == [(0, 0, "idle"), (1, 1, "idle"), (2, 2, "offline")]
    kernel_tables = int(guest.evaluate("kernel_pt.pt_pbase").text, 0)
    vectors = int(guest.evaluate("(unsigned long)arm64_vectors").text, 0)
    for cpu in cpus[:2]:
        assert cpu.findings == [], (cpu.index, cpu.findings)
        assert cpu.pstate.el == 1 and cpu.pstate.masked == ["D", "A", "I", "F"]  # parked, or idle in WFI
        assert cpu.sctlr.mmu and cpu.sctlr.flag("C") and cpu.sctlr.flag("I") and not cpu.sctlr.wxn
        assert (cpu.tcr.va_bits0, cpu.tcr.tg0, cpu.tcr.epd1) == (48, 4096, True)
        assert cpu.registers["MAIR_EL1"] == KERNEL_MAIR and cpu.mair[0] == "Normal WB RW-alloc"
        assert cpu.ttbr0.base == kernel_tables and cpu.registers["VBAR"] == vectors
        low, high = cpu.kernel.exc_stack
        assert low < cpu.sp_el1 <= high
    assert cpus[0].sp_el0 != cpus[1].sp_el0  # each on a stack of its own
    assert not cpus[2].sctlr.mmu and cpus[2].findings == []  # never ran the kernel: nothing to check
    assert "TTBR0_EL1  0x" in cpu_text(cpus[0]) and "the kernel's arm64_vectors" in cpu_text(cpus[1])


SWITCH = r"""#include <uk/plat/paging.h>
struct uk_pagetable cpus_clone, *cpus_kernel_tables;

int cpus_to_clone(void)
{
	int rc;

	cpus_kernel_tables = ukplat_pt_get_active();
	rc = ukplat_pt_clone(&cpus_clone, cpus_kernel_tables, 0);
	return rc ? rc : ukplat_pt_set_active(&cpus_clone);
}

int cpus_back(void)
{
	int rc = ukplat_pt_set_active(cpus_kernel_tables);

	return rc ? rc : ukplat_pt_free(&cpus_clone, 0);
}
"""


def test_a_cpu_on_other_tables_agrees_since_the_kernel_knows(guest):
    guest.run_cell(SWITCH)
    assert guest.call("cpus_to_clone").text == "0"
    cpu0, cpu1, _ = guest.cpus()
    assert cpu0.ttbr0.base == int(guest.evaluate("cpus_clone.pt_pbase").text, 0) != cpu1.ttbr0.base
    assert cpu0.findings == [] and cpu1.findings == []
    assert guest.call("cpus_back").text == "0"
    assert guest.cpus()[0].ttbr0.base == cpu1.ttbr0.base


FLIP_UCI = r"""/* SCTLR_EL1.UCI (bit 26): EL0 may do cache maintenance; nothing at EL1 notices */
void cpus_flip_uci(void)
{
	unsigned long s;

	__asm__ __volatile__("mrs %0, sctlr_el1" : "=r"(s));
	__asm__ __volatile__("msr sctlr_el1, %0\n\tisb" : : "r"(s ^ (1UL << 26)));
}
"""


def test_a_control_bit_set_on_one_cpu_only_is_flagged(guest):
    guest.run_cell(FLIP_UCI)
    guest.call("cpus_flip_uci")  # on CPU 0 only
    cpu0, cpu1, _ = guest.cpus()
    assert cpu0.sctlr.flag("UCI") and not cpu1.sctlr.flag("UCI")
    assert cpu1.findings == [f"SCTLR_EL1 is {cpu1.sctlr.value:#x}, CPU 0's is {cpu0.sctlr.value:#x}"]
    guest.call("cpus_flip_uci")  # and back
    assert [c.findings for c in guest.cpus()] == [[], [], []]
