"""The console log wakes the waiters (on GDB's condition) once a line is complete, not at every byte
QEMU writes, and at every byte while someone drains the pipe."""

from __future__ import annotations

import threading

from ukrepl.target.console import ConsoleLog


class CountingCondition(threading.Condition):
    def __init__(self) -> None:
        super().__init__()
        self.wakeups = 0

    def notify_all(self) -> None:
        self.wakeups += 1
        super().notify_all()


def test_a_line_wakes_the_waiters_once():
    wakeup = CountingCondition()
    log = ConsoleLog(wakeup)
    boot = log.new_boot()
    for byte in "ukrepl: ready":
        log.append(boot, byte)
    assert wakeup.wakeups == 0 and log.flush(whole_lines=True) == ""
    log.append(boot, "\n")
    assert wakeup.wakeups == 1 and log.flush(whole_lines=True) == "ukrepl: ready\n"


def test_every_byte_wakes_a_drain_and_the_exit_wakes_all():
    wakeup = CountingCondition()
    log = ConsoleLog(wakeup)
    boot = log.new_boot()
    with log.draining():
        log.append(boot, "a")
        log.append(boot, "b")
    assert wakeup.wakeups == 2
    log.append(boot, "c")
    assert wakeup.wakeups == 2 and log.text == "abc"
    log.exited(boot, 0)
    assert wakeup.wakeups == 3 and log.exit_code == 0
