"""Raw GDB and monitor commands that would take run control from ukrepl are refused, in every
spelling GDB or QEMU takes, with the ukrepl way to do the same."""

from __future__ import annotations

import pytest

from ukrepl.guest.raw_commands import RefusedCommand, check_gdb, check_monitor


@pytest.mark.parametrize(
    ("command", "hint"),
    [
        ("continue", "stop button"),
        ("c", "stop button"),
        ("cont", "stop button"),
        ("n", "stop button"),
        ("next 3", "stop button"),
        ("s", "stop button"),
        ("stepi", "stop button"),
        ("si", "stop button"),
        ("ni", "stop button"),
        ("fin", "stop button"),
        ("until", "stop button"),
        ("jump *0x1000", "stop button"),
        ("call tour_fib(3)", "stop button"),
        ("signal SIGINT", "stop button"),
        ("rsi", "stop button"),
        ("run", "%reboot"),
        ("start", "%reboot"),
        ("kill", "%reboot"),
        ("detach", "%reboot"),
        ("disconnect", "%reboot"),
        ("quit", "%reboot"),
        ("q", "%reboot"),
        ("target remote :1234", "%reboot"),
        ("tbreak tour_fib", "hardware breakpoints"),
        ("b tour_fib", "hardware breakpoints"),
        ("break tour_fib", "hardware breakpoints"),
        ("watch tour_counter", "hardware breakpoints"),
        ("delete", "hardware breakpoints"),
        ("d 1", "hardware breakpoints"),
        ("set $rsp = 0", "info registers"),
        ("set var $rip=0x1000", "info registers"),
        ("p $pc = 0", "info registers"),
        ("print $eflags |= 0x200", "info registers"),
        ("-exec-continue", "CLI commands"),
    ],
)
def test_gdb_run_control_is_refused(command, hint):
    with pytest.raises(RefusedCommand) as err:
        check_gdb(command)
    assert "refused" in err.value.message or "ukrepl" in err.value.message
    assert hint in err.value.hint


@pytest.mark.parametrize(
    "command",
    [
        "info registers rip",
        "p tour_counter",
        "x/4x $rsp",
        "bt",
        "disassemble tour_fib",
        "p $rip == 0",
        "up",
        "display tour_counter",
        "info breakpoints",
        "ptype struct lcpu",
        "shell true",
        "set print pretty on",
    ],
)
def test_gdb_inspection_passes(command):
    check_gdb(command)


@pytest.mark.parametrize(
    ("command", "hint"),
    [
        ("quit", "%reboot"),
        ("q", "%reboot"),
        ("system_reset", "%reboot"),
        ("stop", "stop button"),
        ("cont", "stop button"),
        ("c", "stop button"),
        ("gdbserver none", "%reboot"),
        ("nmi", "stop button"),
        ("inject-nmi", "stop button"),
    ],
)
def test_monitor_run_control_is_refused(command, hint):
    with pytest.raises(RefusedCommand) as err:
        check_monitor(command)
    assert hint in err.value.hint


def test_monitor_inspection_passes():
    for command in ("info registers -a", "info mtree -f", "info cpus", "x /4x 0x100000"):
        check_monitor(command)


def test_parameters_of_gdb_function_types():
    from ukrepl.guest.call_arity import parameters

    assert parameters("type = int (int)") == ["int"]
    assert parameters("type = int (void)") == []
    assert parameters("type = int ()") is None
    assert parameters("type = int (const char *, ...)") == ["const char *", "..."]
    pointer = "type = void *(*)(struct uk_alloc *, unsigned long)"
    assert parameters(pointer) == ["struct uk_alloc *", "unsigned long"]
    assert parameters("type = int (int (*)(int, int), void *)") == ["int (*)(int, int)", "void *"]
