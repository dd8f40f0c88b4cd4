"""%lcpu run on a busy CPU: a timed-out run says the CPU still runs, a busy CPU is refused at once
(host and kernel: UKPLAT_LCPU_RFLG_IDLEONLY), and the per-CPU state is shown."""

from __future__ import annotations

import errno
import time

import pytest
from conftest import guest_fixture

from ukrepl.guest import GuestError

three_cpus = guest_fixture(smp=3, online=True)

SPIN = """\
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
void spin_long(struct __regs *regs, void *arg)
{
\t__nsec end = ukplat_monotonic_clock() + 1500ULL * 1000 * 1000;
\twhile (ukplat_monotonic_clock() < end)
\t\t;
}
int queue_idle_only(unsigned int cpu)
{
\tconst struct ukplat_lcpu_func fn = { spin_long, 0 };
\t__lcpuidx idx = cpu;
\tunsigned int num = 1;
\treturn ukplat_lcpu_run(&idx, &num, &fn, UKPLAT_LCPU_RFLG_IDLEONLY);
}
"""


@pytest.mark.timeout(180)  # a hang detector: the next run used to block for up to a minute
def test_a_timed_out_run_says_the_cpu_is_busy_and_the_next_run_is_refused(three_cpus):
    guest = three_cpus
    guest.run_cell(SPIN)
    with pytest.raises(GuestError) as err:
        guest.run_on_cpus("spin_long", [2], timeout_ms=50)
    assert "CPU 2 is still running the function" in err.value.message
    assert "CPU 2: running" in err.value.message  # the per-CPU state
    assert "ukplat_lcpu_wait(0, 0, 0)" in err.value.hint and "%reboot" in err.value.hint
    assert guest.cpus()[2].state == "running"

    started = time.monotonic()
    with pytest.raises(GuestError) as err:
        guest.run_on_cpus("example_smp_myfunc", [2])
    assert time.monotonic() - started < 30  # refused, not queued behind the running function
    assert "CPU 2 is still busy (CPU 2 running)" in err.value.message
    assert "stop button" in err.value.hint and "%reboot" in err.value.hint
    # the kernel refuses too, whoever asks
    assert int(guest.call("queue_idle_only", 2).text) == -errno.EBUSY
    assert guest.run_on_cpus("example_smp_myfunc", [1]) == {1: "Hello from 1 1\n"}  # others work

    assert guest.evaluate("ukplat_lcpu_wait(0, 0, 0)").text == "0"  # what the hint says
    assert guest.cpus()[2].state == "idle"
    assert guest.run_on_cpus("example_smp_myfunc", [2]) == {2: "Hello from 2 2\n"}


def test_cpus_that_cannot_take_a_function_are_named(three_cpus):
    with pytest.raises(GuestError) as err:
        three_cpus.run_on_cpus("example_smp_myfunc", [1, 7])
    assert "no CPU 7: the guest has 3 CPU(s)" in err.value.message and "--cpus 1,2" in err.value.hint
    with pytest.raises(GuestError) as err:
        three_cpus.run_on_cpus("example_smp_myfunc", [0])
    assert "CPU 0 runs ukrepl's own calls" in err.value.message and "leave 0 out" in err.value.hint
