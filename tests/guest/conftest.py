"""Fixtures that own every QEMU and GDB they start, plus a private Jupyter/IPython home.

`guest_fixture(...)` is the one factory for booted guests: each test module asks
it for a fixture of the scope, CPU count, accelerators, architectures and
configuration it needs, and the fixture shuts its guest down however the tests
end. Shared tests take `arches=BOTH_ARCHES`: their arm64 items carry the
`arm64` marker and skip, saying why, where the cross tools are missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from jupyter_client.manager import start_new_kernel

from ukrepl.guest import Guest
from ukrepl.kernel_build import KernelBuild
from ukrepl.options import BootOptions
from ukrepl.target.qemu import kvm_usable

BOTH_ACCELS = ("tcg", "kvm")
BOTH_ARCHES = ("x86_64", "arm64")
ARM64_TOOLS = ("qemu-system-aarch64", "gdb-multiarch", "aarch64-linux-gnu-gcc")


def arch_marks(arch: str) -> list:
    """arm64 items: marked `arm64`, skipped with the reason where the cross tools are missing."""
    if arch == "x86_64":
        return []
    missing = [tool for tool in ARM64_TOOLS if shutil.which(tool) is None]
    reason = f"arm64 needs {', '.join(missing)} (.ci/setup installs them)"
    return [pytest.mark.arm64, pytest.mark.skipif(bool(missing), reason=reason)]


@pytest.fixture(scope="session", autouse=True)
def private_jupyter_home(tmp_path_factory):
    """IPython and Jupyter write only below a temporary directory; the kernelspec is installed there."""
    home = tmp_path_factory.mktemp("jupyter-home")
    os.environ["IPYTHONDIR"] = str(home / "ipython")
    os.environ["JUPYTER_CONFIG_DIR"] = str(home / "config")
    os.environ["JUPYTER_DATA_DIR"] = str(home / "data")
    os.environ["JUPYTER_RUNTIME_DIR"] = str(home / "runtime")
    from ukrepl.frontend.cli import install

    install(user=False, prefix=str(home / "prefix"))
    os.environ["JUPYTER_PATH"] = str(home / "prefix" / "share" / "jupyter")
    return home


@pytest.fixture(scope="session")
def kernel_elf() -> Path:
    return KernelBuild().run()


class ConsoleCapture:
    """A guest's console sink that keeps everything and lets tests react to what arrives."""

    def __init__(self) -> None:
        self.text = ""
        self.hooks: list = []

    def __call__(self, chunk: str) -> None:
        self.text += chunk
        for hook in list(self.hooks):
            hook(self.text)


def ctrl_c_on_console(guest: Guest, marker: str) -> None:
    """Send this process a SIGINT (what Jupyter's stop button does) once `marker` reaches the console
    of a guest booted by these fixtures: the code that prints it is known to be running then."""
    console = guest.console_sink

    def hook(text: str) -> None:
        if marker in text:
            console.hooks.clear()
            os.kill(os.getpid(), signal.SIGINT)

    console.hooks.append(hook)


def kill_qemu(guest: Guest) -> None:
    """SIGKILL the guest's QEMU and wait until it has ended, without reaping it: the guest's own
    reader must be the one to collect its exit status, as it is in a user's kernel."""
    qemu = psutil.Process(guest.target.pids()["qemu"])
    qemu.kill()
    with contextlib.suppress(psutil.NoSuchProcess):
        while qemu.status() != psutil.STATUS_ZOMBIE:
            time.sleep(0.005)  # polling an outside process: nothing to wait on without reaping it


def booted(
    accel: str = "tcg",
    smp: int | None = 1,
    config: tuple[str, ...] = (),
    online: bool = False,
    arch: str = "x86_64",
) -> Guest:
    """A guest booted with a ConsoleCapture as its console sink (the caller shuts it down).

    Its other CPUs stay offline, as in Unikraft 0.10, unless `online` (then they are started idle,
    as %lcpu start does)."""
    if accel == "kvm" and not kvm_usable():
        pytest.skip("no usable /dev/kvm")
    guest = Guest(console_sink=ConsoleCapture())
    guest.boot(BootOptions(smp=smp, accel=accel, config=config, arch=arch))
    if online and (smp or 1) > 1:
        guest.start_cpus()
    return guest


def guest_fixture(
    smp: int = 1,
    scope: str = "function",
    accels: tuple[str, ...] = ("tcg",),
    config: tuple[str, ...] = (),
    online: bool = False,
    arches: tuple[str, ...] = ("x86_64",),
):
    """A fixture yielding a booted guest per accelerator in `accels` (kvm ones marked `kvm`) and
    architecture in `arches` (arm64 under TCG only; its items' ids end in -arm64); `online`: with its
    other CPUs started (see booted)."""
    params = [
        pytest.param(
            (accel, arch),
            id=accel if arch == "x86_64" else f"{accel}-{arch}",
            marks=[*arch_marks(arch), *([pytest.mark.kvm] if accel == "kvm" else [])],
        )
        for arch in arches
        for accel in accels
        if arch == "x86_64" or accel == "tcg"
    ]

    @pytest.fixture(scope=scope, params=params)
    def fixture(request, kernel_elf) -> Iterator[Guest]:
        accel, arch = request.param
        guest = booted(accel, smp, config, online, arch)
        yield guest
        guest.shutdown()

    return fixture


any_guest = guest_fixture(accels=BOTH_ACCELS)
tcg_guest = guest_fixture()


@pytest.fixture
def kernel(kernel_elf):
    """A ukrepl Jupyter kernel, driven through jupyter_client: (manager, client)."""
    km, kc = start_new_kernel(kernel_name="ukrepl")
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def pytest_report_header(config):
    return f"ukrepl tests on {sys.platform}; KVM usable: {kvm_usable()}"
