"""Debugging in the notebook: breakpoints, stepping, watchpoints, every CPU's stack."""

from __future__ import annotations

import pytest
from conftest import BOTH_ACCELS, guest_fixture
from test_jupyter import run, text_of

from ukrepl.guest import GuestError, GuestStopped, State

guest = guest_fixture(smp=4, accels=BOTH_ACCELS, online=True)
single_threaded = guest_fixture(smp=4, accels=("tcg-single",), online=True)
SQ = "int sq(int x) { int y = x * x; return y; }"
BUMP = """#include <tour.h>
#include <uk/plat/lcpu.h>
void bump(struct __regs *r __unused, void *arg __unused)
{
\ttour_counter++;
}
"""


def stopped(action) -> str:
    """Run an action that must stop at a breakpoint; the stop's text."""
    with pytest.raises(GuestStopped) as stop:
        action()
    assert "%continue" in stop.value.hint
    return stop.value.message


def test_break_next_locals_continue(guest):
    """The issue's first acceptance point, through the facade."""
    if guest.accel == "kvm":
        pytest.skip("stepping needs TCG on this host (the refusal under KVM: test_step_into...)")
    guest.run_cell(SQ)
    guest.debugger.add("break", "sq")
    where = stopped(lambda: guest.evaluate("sq(7)"))
    assert "stopped on CPU 0 in sq (cell1.c:1): breakpoint" in where and SQ in where
    assert guest.state is State.STOPPED
    assert "step done" in stopped(lambda: guest.debugger.resume("next"))
    assert ("y", "49", False) in guest.debugger.variables()
    assert guest.evaluate("y * 2").text == "98"  # plain expressions see the stopped frame
    value = guest.debugger.resume("continue")
    assert (value.text, value.type) == ("49", "int") and guest.state is State.READY
    assert guest.evaluate("tour_fib(10)").text == "55"


def test_stopped_guest_refuses_what_needs_it_parked(guest):
    if guest.accel == "kvm":
        pytest.skip("%finish needs TCG on this host")
    guest.run_cell(SQ)
    guest.debugger.add("tbreak", "sq")
    stopped(lambda: guest.evaluate("sq(3)"))
    with pytest.raises(GuestError) as err:
        guest.run_cell("int later = 1;")
    assert "stopped at a breakpoint" in err.value.message and "%continue" in err.value.hint
    with pytest.raises(GuestError) as err:
        guest.evaluate("tour_fib(3)")  # a call needs the CPU parked
    assert "%continue" in err.value.hint
    assert guest.debugger.resume("finish").text == "9"
    assert guest.debugger.listing() == []  # the tbreak went as it hit
    assert guest.evaluate("sq(3)").text == "9"


def test_conditional_breakpoint_and_kernel_source(guest):
    guest.run_cell(SQ)
    guest.debugger.add("break", "sq", "x == 3")
    assert guest.evaluate("sq(2)").text == "4"
    stopped(lambda: guest.evaluate("sq(3)"))
    guest.debugger.resume("continue")
    guest.debugger.delete(next(iter(guest.debugger.breakpoints)))
    guest.debugger.add("break", "tour_fib")
    where = stopped(lambda: guest.evaluate("tour_fib(6)"))
    assert "in tour_fib (tour.c:" in where and "while (n-- > 0)" in where
    frames = guest.debugger.frames()
    assert frames[0].function == "tour_fib" and "host's call" in frames[-1].function
    assert guest.debugger.resume("continue").text == "8"


def test_step_into_and_finish_out_of_a_cell_function(guest):
    guest.run_cell(SQ)
    guest.run_cell("int sum_sq(int a, int b)\n{\n\tint s = sq(a);\n\n\treturn s + sq(b);\n}\n")
    guest.debugger.add("break", "sum_sq")
    assert "in sum_sq (cell2.c:" in stopped(lambda: guest.evaluate("sum_sq(2, 3)"))
    if guest.accel == "kvm":
        with pytest.raises(GuestError) as err:
            guest.debugger.resume("next")
        assert "int3" in err.value.message and "--accel tcg" in err.value.hint
        assert guest.debugger.resume("continue").text == "13"
        return
    if "cell2.c:3" not in stopped(lambda: guest.debugger.resume("next")):  # from `{` to the first line
        assert "cell2.c:3" in stopped(lambda: guest.debugger.resume("next"))
    assert "in sq (cell1.c:1)" in stopped(lambda: guest.debugger.resume("step"))
    assert "sum_sq (cell2.c:" in stopped(lambda: guest.debugger.resume("finish"))
    assert "sum_sq (cell2.c:5)" in stopped(lambda: guest.debugger.resume("next"))
    assert ("s", "4", False) in guest.debugger.variables()
    assert guest.debugger.resume("continue").text == "13"


def test_a_watchpoint_catches_the_write_on_another_cpu(single_threaded):
    guest = single_threaded  # every CPU's writes seen: see test_multithreaded_tcg_says_what_it_may_miss
    guest.run_cell(BUMP)
    guest.debugger.add("watch", "tour_counter")
    with pytest.raises(GuestStopped) as stop:
        guest.run_on_cpus("bump", [1])
    where = stop.value.message
    assert "stopped on CPU 1 in bump (cell1.c:5)" in where and "watchpoint" in where and "(0 -> 1)" in where
    assert ">    5  \ttour_counter++;" in where  # the line that wrote
    backtraces = {cpu: guest.debugger.frames(cpu) for cpu in range(guest.debugger.cpu_count())}
    assert len(backtraces) == 4 and backtraces[1][0].function == "bump"
    guest.debugger.delete(next(iter(guest.debugger.breakpoints)))
    guest.debugger.resume("continue")
    assert guest.evaluate("tour_counter").text == "1"


def test_multithreaded_tcg_says_what_it_may_miss(guest, single_threaded):
    if guest.accel == "kvm":
        pytest.skip("KVM's debug registers see every CPU")
    assert "%boot --accel tcg-single" in guest.debugger.watch_caveat()
    assert single_threaded.debugger.watch_caveat() == ""


def test_kvm_runs_out_of_hardware_breakpoints_with_a_message(guest):
    if guest.accel != "kvm":
        pytest.skip("TCG has no limit on breakpoints")
    guest.debugger.add("break", "tour_fib")
    with pytest.raises(GuestError) as err:
        guest.debugger.add("break", "tour_null_deref")
    assert "hardware breakpoints" in err.value.message and "--accel tcg" in err.value.hint


def test_reboot_while_stopped(guest):
    guest.run_cell(SQ)
    guest.debugger.add("break", "sq")
    stopped(lambda: guest.evaluate("sq(5)"))
    guest.reboot()
    assert guest.state is State.READY and guest.debugger.listing() == []
    assert guest.evaluate("tour_fib(7)").text == "13"


def test_the_debugging_magics_in_a_kernel(kernel):
    """The acceptance point as a person types it, cell by cell."""
    _km, kc = kernel

    def typed(code: str) -> str:
        reply, outputs = run(kc, code)
        assert reply["status"] == "ok", outputs
        return text_of(outputs)

    typed("%boot --accel tcg")
    typed(SQ)
    assert "breakpoint" in typed("%break sq")
    stop = typed("sq(7)")
    assert "stopped on CPU 0 in sq" in stop and "%next" in stop
    typed("%next")
    assert "y = 49" in typed("%locals")
    assert "(int) 98" in typed("y * 2")
    assert "#0 sq at cell1.c:1" in typed("%bt --all-cpus")
    shown = typed("%continue")
    assert "(int) 49" in shown and "sq returned" in shown
    assert "break" in typed("%breaks") and "sq" in typed("%breaks")
