"""SMP on real guests: CPUs from ACPI, xAPIC under TCG and x2APIC under KVM, the lcpu API, per-CPU state."""

from __future__ import annotations

import errno
import re

import pytest
from conftest import BOTH_ACCELS, guest_fixture

from ukrepl.guest import GuestCrashed

APIC_MODE = {"tcg": "xAPIC", "kvm": "x2APIC"}  # QEMU 7.2's TCG has no x2APIC; this host's KVM has it


# One four-CPU guest per accelerator, shared by the tests of this module.
smp_guest = guest_fixture(smp=4, scope="module", accels=BOTH_ACCELS)


def test_all_cpus_online_with_the_right_apic_mode(smp_guest):
    mode = APIC_MODE[smp_guest.accel]
    assert f"4 CPUs online ({mode})" in smp_guest.console_log
    cpus = smp_guest.cpus()
    assert [c.index for c in cpus] == [0, 1, 2, 3]
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


def test_the_seed_example_prints_from_each_cpu(smp_guest):
    before = len(smp_guest.console_log)
    assert smp_guest.call("example_smp_hello_main", 0, 0).text == "0"
    smp_guest.flush_console()
    lines = smp_guest.console_log[before:].splitlines()
    for cpu in (1, 2, 3):
        assert f"Hello from {cpu} {cpu}" in lines and f"Super! {cpu} {cpu}" in lines
    # every line whole: nothing but the known lines and the start-up warnings
    assert all(re.fullmatch(r"(Hello from|Super!) \d \d|.*already.*", line) for line in lines), lines


three_cpus = guest_fixture(smp=3, accels=BOTH_ACCELS)


def test_a_crash_on_a_secondary_cpu_names_it(three_cpus):
    guest, console = three_cpus, three_cpus.console_sink
    with pytest.raises(GuestCrashed) as crash:
        guest.run_on_cpus("tour_null_deref", [2])
    assert "CRASH on CPU 2: Page Fault" in str(crash.value)
    assert guest.crash_report.startswith("*** CRASH on CPU 2: Page Fault")
    assert "tour_null_deref" in guest.crash_report and "tour_null_deref" in console.text
    assert [cpu.state for cpu in guest.cpus()][2] == "crashed"
    guest.reboot()
    assert guest.run_on_cpus("example_smp_myfunc", [2]) == {2: "Hello from 2 2\n"}
