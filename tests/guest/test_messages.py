"""Failures a user can meet say what happened and what to do, in one line, never as a traceback."""

from __future__ import annotations

import os
import signal

import psutil
import pytest
from conftest import guest_fixture, kill_qemu
from test_jupyter import run, text_of

from ukrepl.guest import GuestDied, GuestError, State
from ukrepl.target.gdbmi import GdbDied

guest = guest_fixture()


def test_raw_run_control_is_refused_and_the_guest_stays_usable(guest):
    for command in ("continue", "c", "detach", "tbreak tour_fib", "set $rsp = 0", "kill"):
        with pytest.raises(GuestError) as err:
            guest.gdb(command)
        assert err.value.hint
    for command in ("quit", "system_reset", "gdbserver none", "stop"):
        with pytest.raises(GuestError) as err:
            guest.hmp(command)
        assert err.value.hint
    assert guest.evaluate("tour_fib(7)").text == "13"
    assert "rip" in guest.gdb("info registers rip")


def test_a_killed_gdb_says_reboot(guest):
    os.kill(guest.target.pids()["gdb"], signal.SIGKILL)
    psutil.Process(guest.target.pids()["qemu"])  # QEMU lives on, GDB is gone
    with pytest.raises((GuestDied, GdbDied)) as err:  # GdbDied when the death is met mid-command
        guest.evaluate("tour_fib(3)")
    assert "GDB exited" in err.value.message and "%reboot" in err.value.hint
    with pytest.raises(GuestDied) as err:
        guest.evaluate("tour_fib(3)")
    assert "GDB exited" in err.value.message and "%reboot" in err.value.hint
    guest.reboot()
    assert guest.evaluate("tour_fib(4)").text == "3"


def test_constant_folding_after_qemu_died_says_the_guest_is_gone(guest):
    kill_qemu(guest)
    with pytest.raises(GuestDied) as err:
        guest.evaluate("1 + 1")
    assert "QEMU was killed" in err.value.message and "%boot" in err.value.hint
    assert guest.state is State.DEAD


def test_a_huge_expression_is_refused_before_gdb(guest):
    with pytest.raises(GuestError) as err:
        guest.evaluate("1+" * 500000 + "1")
    assert "C cell" in err.value.hint
    assert guest.evaluate("tour_fib(5)").text == "5"


def test_a_triple_fault_says_so(guest):
    with pytest.raises(GuestDied) as err:
        guest.run_cell(
            "void boom(void)\n{\n"
            "\tstruct { unsigned short limit; unsigned long base; } __attribute__((packed)) none = {0, 0};\n"
            '\t__asm__ volatile("lidt %0; int3" :: "m"(none));\n}\nboom();'
        )
    assert "triple fault" in err.value.message and "%boot" in err.value.hint


def test_messages_in_a_notebook(kernel):
    km, kc = kernel
    run(kc, "%boot --accel tcg")
    reply, out = run(kc, "%%python\nx = 1\ny = x / 0\n")
    text = text_of(out)
    assert reply["status"] == "error"
    assert "line 2: ZeroDivisionError" in text and "y = x / 0" in text and "fix line 2" in text
    assert "Traceback" not in text and "Could not get source" not in text
    reply, out = run(kc, "%tb")
    assert "ZeroDivisionError" in text_of(out) and "Traceback" in text_of(out)
    reply, out = run(kc, "%pt --cpu 5")
    assert "the guest has 1 CPU(s), 0 to 0" in text_of(out)
    reply, out = run(kc, "%gdb continue")
    assert "refused" in text_of(out) and "stop button" in text_of(out)
    reply, out = run(kc, "%who\nint later = 6;\nlater * 7")
    assert reply["status"] == "ok", text_of(out)
    assert "(int) 42" in text_of(out)


def test_calls_with_the_wrong_number_of_arguments_say_which(guest):
    guest.run_cell("int sqq(int x) { return x * x; }")
    with pytest.raises(GuestError) as err:
        guest.evaluate("sqq()")
    assert "missing argument 1 (int)" in err.value.message and "sqq(int)" in err.value.hint
    with pytest.raises(GuestError) as err:
        guest.evaluate("tour_fib(1, 2)")
    assert "too many arguments" in err.value.message and "tour_fib(int)" in err.value.hint
    assert guest.evaluate('printf("%d %d\\n", 1, 2)').text == "4"  # variadic: extra arguments are fine
    assert guest.evaluate("sqq(3)").text == "9"
