"""A bad %boot leaves the running guest and its cells alone; more CPUs than the default just work."""

from __future__ import annotations

import pytest
from conftest import guest_fixture

from ukrepl.errors import UkreplError
from ukrepl.guest import State
from ukrepl.options import BootOptions

guest = guest_fixture(smp=2, scope="module")

BAD = [
    (dict(mem="abc"), "--mem 128M"),
    (dict(mem="0"), "--mem 128M"),
    (dict(mem="1K"), "--mem 128M"),
    (dict(mem="4M"), "--mem 10M or more"),
    (dict(smp=0), "--smp 4"),
    (dict(smp=-1), "--smp 4"),
    (dict(smp=999), "--smp 64 or fewer"),
    (dict(config=("UKREPL_CEL_ARENA_SIZE=128",)), "running guest is untouched"),
]


def test_bad_boots_keep_the_guest_its_cells_and_its_options(guest):
    guest.run_cell("int keep = 42;")
    before = guest.options
    for options, hint in BAD:
        with pytest.raises(UkreplError) as err:
            guest.boot(BootOptions(accel="tcg", **options))
        assert hint in err.value.hint, (options, str(err.value))
        assert guest.state is State.READY
        assert guest.evaluate("keep").text == "42"
    assert guest.options == before
    guest.reboot()  # the previous options, not the bad ones
    assert guest.options == before and guest.evaluate("tour_fib(7)").text == "13"


def test_the_minimum_memory_is_stated_and_boots(guest):
    with pytest.raises(UkreplError) as err:
        guest.boot(BootOptions(accel="tcg", mem="4M"))
    minimum = err.value.message.split("at least ")[1].split()[0]
    assert "kernel image spans" in err.value.message
    guest.boot(BootOptions(accel="tcg", mem=minimum, smp=2))
    summary = guest.boot_summary()
    assert summary.startswith("[ukrepl] guest ready: 2 CPU(s), 1 online") and f", {minimum}," in summary


def test_more_cpus_than_the_default_maximum_boot_online(guest):
    guest.boot(BootOptions(accel="tcg", smp=10))
    assert guest.boot_summary().startswith("[ukrepl] guest ready: 10 CPU(s), 1 online")
    assert guest.evaluate("ukplat_lcpu_count()").text.endswith("10")


def test_the_summary_counts_cpus_online_not_asked(guest):
    guest.boot(BootOptions(accel="tcg", smp=2, config=("UKREPL_LCPU_START_AT_BOOT=y",)))
    assert guest.boot_summary().startswith("[ukrepl] guest ready: 2 CPU(s), 128M")
    guest.boot(BootOptions(accel="tcg", smp=2))  # 0.10's default: the others wait for ukplat_lcpu_start
    assert "2 CPU(s), 1 online (%lcpu start starts the others)" in guest.boot_summary()
