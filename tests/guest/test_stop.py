"""The stop button always returns: also on a CPU halted with interrupts off (x86_64's HLT, arm64's
WFI), with one CPU or several."""

from __future__ import annotations

import os
import re
import signal
import threading
import time

import pytest
from conftest import BOTH_ARCHES, guest_fixture

from ukrepl.guest import GuestInterrupted, State

HALT = {"x86_64": "cli; hlt", "arm64": "msr daifset, #0xf; wfi"}  # asleep, interrupts off
WFI = f"{0xD503207F:08x}"


def halt_forever(guest) -> str:
    """A cell that prints a marker and sleeps for good with interrupts off."""
    return (
        f'#include <stdio.h>\nprintf("halting now\\n");\nfor (;;)\n\t__asm__ volatile("{HALT[guest.arch]}");'
    )


def asleep(guest) -> bool:
    """QEMU shows CPU 0 halted: HLT=1 in x86's register dump; arm64's pc just after a WFI."""
    registers = guest.hmp("info registers", cpu=0)
    if guest.arch == "x86_64":
        return "HLT=1" in registers
    pc = int(re.search(r"PC=([0-9a-f]+)", registers).group(1), 16)
    return WFI in guest.hmp(f"xp /1wx {pc - 4:#x}")


def ctrl_c_when_halted(guest, marker: str) -> None:
    """SIGINT this process once `marker` reached the console and QEMU shows CPU 0 asleep, so the
    stop button is known to meet a halted CPU."""

    def watch() -> None:
        deadline = time.monotonic() + 30
        while marker not in guest.console_sink.text or not asleep(guest):
            if time.monotonic() > deadline:
                return
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=watch, daemon=True).start()


one_cpu = guest_fixture()
halting_one = guest_fixture(arches=BOTH_ARCHES)
four_cpus = guest_fixture(smp=4, arches=BOTH_ARCHES)


def stop_a_halted_cell(guest) -> None:
    guest.run_cell("int keep = 42;")
    ctrl_c_when_halted(guest, "halting now")
    with pytest.raises(GuestInterrupted, match="restored"):
        guest.run_cell(halt_forever(guest))
    assert guest.state is State.READY
    assert guest.evaluate("keep").text == "42"
    assert guest.run_cell("int twice(int x) { return 2 * x; }\ntwice(21)").value.text == "42"


@pytest.mark.timeout(60)
def test_stop_wakes_a_cpu_halted_with_interrupts_off(halting_one):
    stop_a_halted_cell(halting_one)


@pytest.mark.timeout(60)
def test_stop_wakes_a_halted_boot_cpu_among_four(four_cpus):
    stop_a_halted_cell(four_cpus)


@pytest.mark.timeout(60)
def test_a_guest_that_cannot_be_put_back_says_reboot(halting_one, monkeypatch):
    from ukrepl.guest import GuestError, calls
    from ukrepl.guest.wake import WakeFailed

    def fail(*_args, **_kwargs):
        raise WakeFailed("no NMI came")

    monkeypatch.setattr(calls, "wake_boot_cpu", fail)
    ctrl_c_when_halted(halting_one, "halting now")
    with pytest.raises(GuestInterrupted) as stopped:
        halting_one.run_cell(halt_forever(halting_one))
    assert "could not be put back (no NMI came)" in str(stopped.value)
    assert "%reboot" in stopped.value.hint
    assert halting_one.state is State.WEDGED
    with pytest.raises(GuestError) as later:
        halting_one.evaluate("tour_fib(3)")
    assert "%reboot" in later.value.hint
    halting_one.reboot()
    assert halting_one.evaluate("tour_fib(7)").text == "13"


def ctrl_c_when_running(guest, function: str) -> None:
    """SIGINT this process once QEMU shows CPU 0's RIP inside `function` (a cell's, else the
    kernel's), so the stop is known to land there."""
    session = guest.loader.session
    cell_symbols = [s for c in session.cells for s in c.symbols] if session else []
    symbol = next((s for s in cell_symbols if s.name == function), None) or guest.symbols.symbols[function]
    start, end = symbol.address, symbol.address + symbol.size

    def watch() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            found = re.search(r"RIP=([0-9a-f]+)", guest.hmp("info registers", cpu=0))
            if found and start <= int(found.group(1), 16) < end:
                os.kill(os.getpid(), signal.SIGINT)
                return
            time.sleep(0.01)

    threading.Thread(target=watch, daemon=True).start()


SPIN = "int spin(int n)\n{\n\tvolatile int i = 0;\n\tfor (;;)\n\t\ti += n;\n\treturn i;\n}"


@pytest.mark.timeout(60)
def test_the_stop_names_the_function_the_cell_and_the_line(one_cpu):
    one_cpu.run_cell(SPIN)  # cell N: spin's loop is its line 5
    ctrl_c_when_running(one_cpu, "spin")
    with pytest.raises(GuestInterrupted) as stopped:
        one_cpu.run_cell("int unused = 0;\nspin(2);")
    message = stopped.value.message
    first, *frames = message.splitlines()
    assert re.fullmatch(r"interrupted: cell \d+ was stopped and the guest restored", first), message
    assert frames[0] == "stopped in:", message
    assert re.fullmatch(r"  #0 spin\+0x[0-9a-f]+ in cell\d+\.c:5: i \+= n;", frames[1]), message
    assert re.fullmatch(r"  #1 the statements of cell \d+ in cell\d+\.c:2: spin\(2\);", frames[2]), message
    assert one_cpu.evaluate("unused").text == "0"


@pytest.mark.timeout(60)
def test_a_stop_in_the_kernel_names_its_function_file_and_line_and_the_cell_line(one_cpu):
    ctrl_c_when_running(one_cpu, "tour_spin")
    with pytest.raises(GuestInterrupted) as stopped:
        one_cpu.run_cell("int before = 1;\ntour_spin();")
    message = stopped.value.message
    assert re.search(r"^  #0 tour_spin in demos/tour/tour\.c:\d+$", message, re.MULTILINE), message
    called = r"^  #1 the statements of cell \d+ in cell\d+\.c:2: tour_spin\(\);$"
    assert re.search(called, message, re.MULTILINE), message
    ctrl_c_when_running(one_cpu, "tour_spin")
    with pytest.raises(GuestInterrupted, match=r"interrupted: tour_spin was stopped") as direct:
        one_cpu.evaluate("tour_spin()")  # a call from an expression: the kernel frame alone
    message = direct.value.message
    assert re.search(r"\n  #0 tour_spin in demos/tour/tour\.c:\d+$", message), message
