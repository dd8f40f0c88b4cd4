"""A SIGKILLed kernel's run and cells directories are reaped by the next kernel start; live owners'
directories and other users' are left alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ukrepl import rundirs
from ukrepl.guest import Guest
from ukrepl.options import BootOptions

ROOT = Path(__file__).resolve().parents[2]
SHM = Path("/dev/shm") if Path("/dev/shm").is_dir() else None

VICTIM = """
import sys
from ukrepl.guest import Guest
from ukrepl.options import BootOptions
guest = Guest()
guest.boot(BootOptions(accel="tcg"))
guest.run_cell("int x = 1;")
print(guest.target.rundir, guest.cells.directory, flush=True)
sys.stdin.read()
"""


@pytest.mark.timeout(300)
def test_a_killed_kernels_directories_are_reaped_by_the_next_start(kernel_elf):
    victim = subprocess.Popen(
        [sys.executable, "-c", VICTIM],
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    rundir, cells = (Path(p) for p in victim.stdout.readline().split())
    assert rundir.is_dir() and cells.is_dir()
    assert (rundir / rundirs.OWNER).read_text().split()[1] == str(victim.pid)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    assert rundir.is_dir() and cells.is_dir()  # what a SIGKILL leaves behind
    guest = Guest()
    try:
        guest.boot(BootOptions(accel="tcg"))
        assert not rundir.exists()
        guest.run_cell("int y = 2;")
        assert not cells.exists()
        assert guest.target.rundir.is_dir()  # its own, owned by a live process, stays
        assert rundirs.reap(rundirs_prefix(), SHM) == []
    finally:
        guest.shutdown()


def rundirs_prefix() -> str:
    from ukrepl.target.qemu import RUNDIR_PREFIX

    return RUNDIR_PREFIX


def test_a_reused_pid_is_not_the_owner(tmp_path):
    stale = tmp_path / "ukrepl-stale"
    stale.mkdir()
    uid, pid, _started = rundirs.owner_line().split()
    (stale / rundirs.OWNER).write_text(f"{uid} {pid} 1\n")  # this PID, another start time
    live = rundirs.make("ukrepl-", tmp_path)
    assert not stale.exists() and live.is_dir()
    unowned = tmp_path / "ukrepl-being-made"  # no owner file yet: left alone
    unowned.mkdir()
    assert rundirs.reap("ukrepl-", tmp_path) == [] and unowned.is_dir()
