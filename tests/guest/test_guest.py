"""The guest facade against real QEMU + GDB: boot, expressions, calls, memory, crashes; on x86_64
(TCG and KVM) and arm64 (TCG)."""

from __future__ import annotations

import psutil
import pytest
from conftest import BOTH_ACCELS, BOTH_ARCHES, ctrl_c_on_console, guest_fixture, kill_qemu

from ukrepl.guest import GuestCrashed, GuestDied, GuestError, GuestInterrupted, NotBooted, State

any_guest = guest_fixture(accels=BOTH_ACCELS, arches=BOTH_ARCHES)
tcg_guest = guest_fixture(arches=BOTH_ARCHES)
# How each architecture's crash report names a fault on a NULL read
NULL_FAULT = {"x86_64": "Page Fault", "arm64": "Data abort (same EL) (EC 0x25)"}


def test_boot_reaches_idle_with_banner(any_guest):
    assert any_guest.state is State.READY
    log = any_guest.console_log
    assert log.startswith("ukrepl ") or "\nukrepl " in log
    assert "ukrepl: ready" in log


def test_plain_expressions(any_guest):
    assert str(any_guest.evaluate("1 + 2")) == "(int) 3"
    assert any_guest.evaluate("tour_greeting").text.endswith('"hello from the guest"')
    assert any_guest.evaluate("sizeof(struct uk_alloc) > 0").text == "1"


def test_calls_with_nested_calls_and_strings(any_guest):
    assert str(any_guest.evaluate("tour_fib(10)")) == "(int) 55"
    assert any_guest.evaluate("tour_fib(tour_fib(5))").text == "5"
    assert any_guest.evaluate('strlen("hello")').text == "5"
    pointer = any_guest.evaluate("uk_malloc(uk_alloc_get_default(), 64)")
    assert pointer.type == "void *" and int(pointer.text.split()[-1], 16) != 0
    assert int(any_guest.call("uk_alloc_availmem_total").text) > 0


# What a call leaves as the next call wants it: the callee-saved registers, the stack pointer, and
# the interrupt mask (eflags.IF clear; DAIF's I set).
KEPT = {
    "x86_64": ("rbx", "rbp", "rsp", "r12", "r13", "r14", "r15"),
    "arm64": (*(f"x{i}" for i in range(19, 30)), "sp"),
}
MASKED = {"x86_64": ("eflags", 0x200, 0), "arm64": ("cpsr", 0x80, 0x80)}


def test_calls_leave_the_boot_cpu_as_the_next_call_enters_it(any_guest):
    """Nothing puts the registers back after a call (a round trip saved): the CPU waits in
    ukrepl_call_returned with what the next call depends on as at home, the stack not creeping."""
    any_guest.evaluate("tour_sum(10)")
    before = any_guest.registers()
    any_guest.evaluate('ukplat_lcpu_enable_irq(), tour_sum(1000) + strlen("abc")')  # a cell may unmask
    after = any_guest.registers()
    kept = KEPT[any_guest.arch]
    assert {r: after[r] for r in kept} == {r: before[r] for r in kept}
    trap = any_guest.symbols.symbols["ukrepl_call_returned"]  # at its entry, or past the watched count
    assert trap.address <= after[any_guest.convention.pc] < trap.address + trap.size
    flags, bit, masked = MASKED[any_guest.arch]
    assert after[flags] & bit == masked


def test_calls_under_tcg_keep_the_translated_code(tcg_guest):
    """QEMU 7.2 throws away all code TCG translated at every breakpoint stop, not at a watchpoint
    stop: on x86_64 a call returns to a watchpoint, so calls cost no translating again."""
    if tcg_guest.arch != "x86_64":
        pytest.skip("arm64's calls return to a breakpoint (target/arches.py: watches_returns)")
    tcg_guest.evaluate("tour_fib(3)")
    flushes = tcg_guest.hmp("info jit").split("TB flush count")[1].split()[0]
    for n in range(5):
        assert tcg_guest.evaluate(f"tour_fib({n})").text == str([0, 1, 1, 2, 3][n])
    assert tcg_guest.hmp("info jit").split("TB flush count")[1].split()[0] == flushes


def test_guest_output_reaches_the_console(any_guest):
    any_guest.evaluate('printf("cell says %d\\n", 42)')
    any_guest.flush_console()
    assert "cell says 42" in any_guest.console_sink.text


def test_memory_read_and_write(any_guest):
    address = int(any_guest.evaluate("(unsigned long)&tour_counter").text)
    any_guest.write_memory(address, (1234).to_bytes(4, "little"))
    assert any_guest.evaluate("tour_counter").text == "1234"
    assert any_guest.read_memory(address, 4) == (1234).to_bytes(4, "little")


def test_bad_expressions_give_gdbs_message_and_keep_the_guest(any_guest):
    with pytest.raises(GuestError, match='No symbol "no_such_thing"'):
        any_guest.evaluate("no_such_thing + 1")
    with pytest.raises(GuestError, match='No symbol "nope"'):
        any_guest.evaluate("nope(3)")
    assert any_guest.evaluate("tour_fib(6)").text == "8"


def test_crash_report_then_reboot(any_guest):
    with pytest.raises(GuestCrashed) as crash:
        any_guest.evaluate("tour_null_deref()")
    report = crash.value.report
    assert report.startswith("*** CRASH on CPU 0:")
    assert NULL_FAULT[any_guest.arch] in report
    assert "tour_null_deref" in report
    assert any_guest.state is State.CRASHED
    with pytest.raises(GuestCrashed):
        any_guest.evaluate("tour_fib(3)")
    any_guest.reboot()
    assert any_guest.evaluate("tour_fib(7)").text == "13"


def test_interrupting_a_looping_call(tcg_guest):
    ctrl_c_on_console(tcg_guest, "tour_spin: spinning")  # tour_spin announces itself
    with pytest.raises(GuestInterrupted):
        tcg_guest.evaluate("tour_spin()")
    assert tcg_guest.state is State.READY
    assert tcg_guest.evaluate("tour_fib(9)").text == "34"


def test_qemu_death_is_reported(tcg_guest):
    kill_qemu(tcg_guest)
    with pytest.raises((GuestDied, NotBooted, GuestError)):
        tcg_guest.evaluate("tour_fib(3)")
    tcg_guest.reboot()
    assert tcg_guest.evaluate("tour_fib(4)").text == "3"


def test_no_tcp_listeners(tcg_guest):
    pids = {*tcg_guest.target.pids().values()}
    for pid in pids:
        listening = [c for c in psutil.Process(pid).net_connections(kind="inet") if c.status == "LISTEN"]
        assert listening == []
    assert (tcg_guest.target.rundir.stat().st_mode & 0o777) == 0o700
