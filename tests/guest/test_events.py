"""Files, events and sockets from the host: calls that block, Jupyter's interrupt, the bench helpers."""

from __future__ import annotations

import signal

import pytest
from conftest import BOTH_ARCHES, guest_fixture

from ukrepl.guest import GuestInterrupted

NATIVE = "uk_sched_cpus[0].native"


guest = guest_fixture(smp=2, scope="module", online=True, arches=BOTH_ARCHES)  # threads on CPU 1


def interrupted(guest, expression: str, after_s: float = 0.5) -> None:
    """Run a call that blocks for ever and stop it the way Jupyter's interrupt does."""

    def stop(_signum, _frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, stop)
    timeout_left, _ = signal.getitimer(signal.ITIMER_REAL)  # pytest-timeout's alarm, if any
    signal.setitimer(signal.ITIMER_REAL, after_s)
    try:
        with pytest.raises(GuestInterrupted):
            guest.evaluate(expression)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if timeout_left:
            signal.setitimer(signal.ITIMER_REAL, timeout_left)


def value(guest, expression: str) -> int:
    return int(guest.evaluate(expression).text.split()[-1], 0)


def test_an_abandoned_epoll_wait_leaves_nothing_linked(guest):
    efd = value(guest, "eventfd(0, 0)")
    ep = value(guest, "epoll_create1(0)")
    events = value(guest, "(unsigned long)uk_malloc(uk_alloc_get_default(), 64)")
    guest.write_memory(events, (1).to_bytes(4, "little") + bytes(12))  # EPOLLIN
    assert value(guest, f"epoll_ctl({ep}, 1, {efd}, (struct epoll_event *){events})") == 0
    interrupted(guest, f"epoll_wait({ep}, (struct epoll_event *){events}, 1, -1)")
    # the host called ukrepl_call_abandoned after the interrupt: the wait is unlinked
    assert value(guest, f"(unsigned long){NATIVE}.wait.wq") == 0
    # the epoll fd works as before
    assert value(guest, f"eventfd_write({efd}, 1)") == 0
    assert value(guest, f"epoll_wait({ep}, (struct epoll_event *){events}, 1, -1)") == 1
    assert value(guest, f"close({ep}) + close({efd})") == 0


def test_an_abandoned_poll_frees_its_temporary_eventpoll(guest):
    efd = value(guest, "eventfd(0, 0)")
    pfd = value(guest, "(unsigned long)uk_malloc(uk_alloc_get_default(), 8)")
    guest.write_memory(pfd, efd.to_bytes(4, "little") + (1).to_bytes(2, "little") + bytes(2))
    interrupted(guest, f"poll((struct pollfd *){pfd}, 1, -1)")
    cleanups = f"{NATIVE}.cleanups"
    assert value(guest, f"{cleanups}.next == &{cleanups}") == 1  # the host's ukrepl_call_abandoned ran it
    assert value(guest, f"close({efd})") == 0
    assert value(guest, "vfscore_fdtable.nr_open") == 3


def test_files_and_sockets_work_after_an_interrupted_busy_call(guest):
    interrupted(guest, "tour_sum(1L << 40)")  # the host's ukrepl_call_abandoned: harmless here
    assert value(guest, 'uk_test_run_suite("afunix")') == 0


def test_interrupts_at_any_instruction_leave_no_lock_held(guest):
    """CPU 0 spins through the run-queue lock in poll(-1); stops land at random instructions,
    between taking a lock and noting it too. Afterwards threads on both CPUs still work."""
    efd = value(guest, "eventfd(0, 0)")
    pfd = value(guest, "(unsigned long)uk_malloc(uk_alloc_get_default(), 8)")
    guest.write_memory(pfd, efd.to_bytes(4, "little") + (1).to_bytes(2, "little") + bytes(2))
    for i in range(20):
        interrupted(guest, f"poll((struct pollfd *){pfd}, 1, -1)", after_s=0.02 + 0.007 * i)
        assert value(guest, "uk_sched_cpus[0].lock.locked") == 0
    assert value(guest, 'uk_test_run_suite("afunix")') == 0
    assert value(guest, f"close({efd})") == 0


def test_bench_helpers(guest):
    # what the benches rely on: the helpers move every byte and time a real wake-up (no speed bound:
    # tests assert behaviour, bench/ measures)
    assert value(guest, "io_bench_afunix_stream_bps(4, 65536)") > 0
    assert value(guest, "io_bench_last_bytes") == 4 << 20
    assert value(guest, "io_bench_eventfd_wake_ns(50)") > 0
    assert value(guest, "io_bench_waitq_wake_ns(50)") > 0  # the floor of the one above


def test_times_and_eventfd2_follow_linux_where_0_10_differs(guest):
    run = guest.run_cell
    run("#include <sys/times.h>\n#include <sys/eventfd.h>\n#include <errno.h>\nstruct tms t;")
    run("clock_t ticks = times(&t);")
    # Linux's user time is CPU time (uktime: every thread's, the host context's since boot)
    assert run("ticks > 0 && t.tms_utime > 0 && t.tms_stime == 0 && t.tms_cutime == 0").value.text == "1"
    assert run("times(NULL) >= ticks").value.text == "1"  # Linux takes NULL
    assert int(run("eventfd2(0, EFD_NONBLOCK | EFD_CLOEXEC)").value.text) >= 0  # 0.10 refuses NONBLOCK
    assert run("eventfd2(0, 0x40000000)").value.text == "-1" and run("errno").value.text == "22"
