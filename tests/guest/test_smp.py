"""SMP on real guests: CPUs from ACPI, xAPIC under TCG and x2APIC under KVM, the lcpu API, per-CPU state;
the lcpu API's tests that are not about x86's tables run on arm64 too."""

from __future__ import annotations

import errno
import re

import pytest
from conftest import BOTH_ACCELS, BOTH_ARCHES, arch_marks, booted, guest_fixture

from ukrepl.guest import GuestCrashed, GuestError

APIC_MODE = {"tcg": "xAPIC", "kvm": "x2APIC"}  # QEMU 7.2's TCG has no x2APIC; this host's KVM has it


# One four-CPU guest per accelerator, shared by the tests of this module. Its other CPUs start
# offline, as in Unikraft 0.10: the first test has the release post's program start two of them,
# then starts the rest as %lcpu start does.
smp_guest = guest_fixture(smp=4, scope="module", accels=BOTH_ACCELS)


def test_cpus_stay_offline_until_started_and_the_seed_program_starts_two(smp_guest):
    mode = APIC_MODE[smp_guest.accel]
    assert f"lcpu: 4 CPUs found, 1 online ({mode})" in smp_guest.console_log
    cpus = smp_guest.cpus()
    assert [c.index for c in cpus] == [0, 1, 2, 3]
    assert [c.state for c in cpus[1:]] == ["offline"] * 3
    # the release post's program starts CPUs 1 and 2 itself, runs on every online CPU: 1 and 2
    before = len(smp_guest.console_log)
    assert smp_guest.call("example_smp_hello_main", 0, 0).text == "0"
    smp_guest.flush_console()
    lines = smp_guest.console_log[before:].splitlines()
    assert sorted(lines) == ["Hello from 1 1", "Hello from 2 2", "Super! 1 1", "Super! 2 2"], lines
    assert [c.state for c in smp_guest.cpus()[1:]] == ["idle", "idle", "offline"]
    smp_guest.start_cpus([3])  # %lcpu start --cpus 3; started ones are left alone
    smp_guest.start_cpus()
    cpus = smp_guest.cpus()
    assert [c.apic_id for c in cpus] == [0, 1, 2, 3]
    assert {c.apic_mode for c in cpus} == {mode}
    assert [c.state for c in cpus[1:]] == ["idle"] * 3


def test_per_cpu_tables_agree_with_qemu(smp_guest):
    cpus = smp_guest.cpus()
    for cpu in cpus:
        assert cpu.findings == [], (cpu.index, cpu.findings)
        assert cpu.monitor is not None
        assert cpu.tss_descriptor is not None and cpu.tss_descriptor.base == cpu.tss_address
        assert cpu.ist and all(s.owner.startswith(f"lcpus[{cpu.index}].ist.stack[") for s in cpu.ist)
    assert len({cpu.gdt_address for cpu in cpus}) == 4  # a GDT of its own per CPU
    assert len({cpu.tss_address for cpu in cpus}) == 4


def test_run_on_each_cpu_and_irq_stacks_get_used(smp_guest):
    for cpu in (1, 2, 3):
        out = smp_guest.run_on_cpus("example_smp_myfunc", [cpu])
        assert out == {cpu: f"Hello from {cpu} {cpu}\n"}
    out = smp_guest.run_on_cpus("example_smp_myfunc2", [1, 2, 3])
    assert out == {cpu: f"Super! {cpu} {cpu}\n" for cpu in (1, 2, 3)}
    for cpu in smp_guest.cpus()[1:]:
        assert max(stack.used for stack in cpu.ist) > 0, cpu.index  # the run IPIs ran on the IRQ IST


def test_wait_times_out_on_a_busy_cpu(smp_guest):
    assert smp_guest.call("lcpu_bench_keep_busy", 2, 300).text == "0"
    rc = int(smp_guest.call("lcpu_bench_wait", 2, 20_000_000).text)  # 20 ms
    assert rc == -errno.ETIMEDOUT
    waited_ms = int(smp_guest.evaluate("lcpu_bench_last_wait_ns").text) / 1e6
    assert 20 <= waited_ms < 150  # on time: after the timeout, long before the CPU is free
    assert smp_guest.call("lcpu_bench_wait", 2, 0).text == "0"  # no timeout: until it is idle
    assert smp_guest.cpus()[2].state == "idle"


# Four CPUs, all online, on every accelerator and architecture: the lcpu API apart from x86's tables
every_cpu_online = guest_fixture(smp=4, scope="module", accels=BOTH_ACCELS, online=True, arches=BOTH_ARCHES)


def test_functions_run_on_the_cpus_named_and_their_output_comes_back_per_cpu(every_cpu_online):
    guest = every_cpu_online
    for cpu in (1, 2, 3):
        assert guest.run_on_cpus("example_smp_myfunc", [cpu]) == {cpu: f"Hello from {cpu} {cpu}\n"}
    out = guest.run_on_cpus("example_smp_myfunc2", [1, 2, 3])
    assert out == {cpu: f"Super! {cpu} {cpu}\n" for cpu in (1, 2, 3)}


def test_the_seed_example_again_with_every_cpu_online(every_cpu_online):
    smp_guest = every_cpu_online
    before = len(smp_guest.console_log)
    assert smp_guest.call("example_smp_hello_main", 0, 0).text == "0"
    smp_guest.flush_console()
    lines = smp_guest.console_log[before:].splitlines()
    for cpu in (1, 2, 3):
        assert f"Hello from {cpu} {cpu}" in lines and f"Super! {cpu} {cpu}" in lines
    # every line whole: nothing but the known lines and the start-up warnings
    assert all(re.fullmatch(r"(Hello from|Super!) \d \d|.*already.*", line) for line in lines), lines


def test_lcpu_start_names_a_cpu_that_does_not_exist(smp_guest):
    with pytest.raises(GuestError, match=r"starting CPUs failed: -22 \(-EINVAL: Invalid argument\)") as err:
        smp_guest.start_cpus([7])
    assert err.value.hint == "%cpus shows which CPUs exist"


@pytest.mark.parametrize("arch", [pytest.param(arch, marks=arch_marks(arch)) for arch in BOTH_ARCHES])
def test_a_one_cpu_kernel_has_no_cpus_to_start(kernel_elf, arch):
    guest = booted("tcg", smp=None, arch=arch)  # no --smp: Unikraft 0.10's CONFIG_UKPLAT_LCPU_MAXCOUNT of 1
    try:
        assert "UKPLAT_LCPU_MAXCOUNT" not in " ".join(guest.options.build_config)
        assert guest.evaluate("sizeof(lcpus) / sizeof(lcpus[0])").text == "1"
        with pytest.raises(GuestError, match="this kernel runs one CPU only") as err:
            guest.start_cpus()
        assert err.value.hint == "boot with --smp N to have N CPUs"
    finally:
        guest.shutdown()


three_cpus = guest_fixture(smp=3, accels=BOTH_ACCELS, online=True)


def test_a_crash_on_a_secondary_cpu_names_it(three_cpus):
    guest, console = three_cpus, three_cpus.console_sink
    with pytest.raises(GuestCrashed) as crash:
        guest.run_on_cpus("tour_null_deref", [2])
    assert "CRASH on CPU 2: Page Fault" in str(crash.value)
    assert guest.crash_report.startswith("*** CRASH on CPU 2: Page Fault")
    assert "tour_null_deref" in guest.crash_report and "tour_null_deref" in console.text
    assert [cpu.state for cpu in guest.cpus()][2] == "crashed"
    guest.reboot()
    assert [cpu.state for cpu in guest.cpus()][2] == "offline"  # a reboot starts from scratch
    guest.start_cpus([2])
    assert guest.run_on_cpus("example_smp_myfunc", [2]) == {2: "Hello from 2 2\n"}
