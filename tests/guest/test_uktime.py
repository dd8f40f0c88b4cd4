"""Issue 12, uktime from cells: clock_getres, and sleeping that gives the CPU to other threads (both
architectures)."""

from __future__ import annotations

from conftest import BOTH_ARCHES, guest_fixture

smp_guest = guest_fixture(smp=2, online=True, arches=BOTH_ARCHES)
guest = guest_fixture(arches=BOTH_ARCHES)

COUNTER = """
#include <time.h>
#include <unistd.h>
#include <uk/thread.h>
#include <uk/sched.h>
volatile long counted;
volatile int stop_counting;
void count(void *arg) { (void)arg; while (!stop_counting) { counted++; uk_sched_yield(); } }
struct timespec slept_from, slept_to;
volatile long sleeper_cpu_ns = -1;
void sleeper(void *arg)
{
    struct timespec req = { 0, 200000000 }, cpu;
    (void)arg;
    clock_gettime(CLOCK_MONOTONIC, &slept_from);
    nanosleep(&req, NULL);
    clock_gettime(CLOCK_MONOTONIC, &slept_to);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
    sleeper_cpu_ns = cpu.tv_sec * 1000000000L + cpu.tv_nsec;
    stop_counting = 1;
}
long ns(struct timespec *t) { return t->tv_sec * 1000000000L + t->tv_nsec; }
"""


def test_clock_getres_gives_the_monotonic_clocks_real_step(guest):
    guest.run_cell("#include <time.h>\nstruct timespec res; int rc = clock_getres(CLOCK_MONOTONIC, &res);")
    assert guest.run_cell("rc").value.text == "0"
    assert guest.run_cell("res.tv_sec").value.text == "0"
    # a TSC or generic-timer step (16 ns at virt's 62.5 MHz), not 0.10's 10 ms
    assert 1 <= int(guest.run_cell("res.tv_nsec").value.text) < 1000


def test_sleep_1_returns_0_after_a_second_while_another_thread_keeps_running(smp_guest):
    smp_guest.run_cell(COUNTER)
    smp_guest.run_cell('struct uk_thread *counter = uk_thread_create_on(1, "counter", count, NULL);')
    smp_guest.run_cell("while (!counted) uk_sched_yield();")
    smp_guest.run_cell("struct timespec a, b; long before = counted; clock_gettime(CLOCK_MONOTONIC, &a);")
    assert smp_guest.run_cell("sleep(1)").value.text == "0"
    smp_guest.run_cell("clock_gettime(CLOCK_MONOTONIC, &b); long after = counted;")
    assert int(smp_guest.run_cell("ns(&b) - ns(&a)").value.text) >= 1_000_000_000
    assert int(smp_guest.run_cell("after - before").value.text) > 0
    smp_guest.run_cell("stop_counting = 1; uk_thread_wait(counter);")


def test_nanosleep_gives_its_cpu_to_a_thread_of_the_same_cpu(smp_guest):
    smp_guest.run_cell(COUNTER)
    smp_guest.run_cell(
        'struct uk_thread *s = uk_thread_create_on(1, "sleeper", sleeper, NULL);'
        'struct uk_thread *c = uk_thread_create_on(1, "counter", count, NULL);'
        "uk_thread_wait(s); uk_thread_wait(c);"
    )
    slept = int(smp_guest.run_cell("ns(&slept_to) - ns(&slept_from)").value.text)
    assert slept >= 200_000_000
    assert int(smp_guest.evaluate("counted").text) > 0  # the counter ran while the sleeper slept
    assert int(smp_guest.evaluate("sleeper_cpu_ns").text) < slept // 2  # and the sleeper did not spin
