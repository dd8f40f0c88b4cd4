"""Fixtures that own every QEMU and GDB they start, plus a private Jupyter/IPython home."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel

from ukrepl.build import KernelBuild
from ukrepl.guest import BootOptions, Guest
from ukrepl.qemu import kvm_usable


@pytest.fixture(scope="session", autouse=True)
def private_jupyter_home(tmp_path_factory):
    """IPython and Jupyter write only below a temporary directory; the kernelspec is installed there."""
    home = tmp_path_factory.mktemp("jupyter-home")
    os.environ["IPYTHONDIR"] = str(home / "ipython")
    os.environ["JUPYTER_CONFIG_DIR"] = str(home / "config")
    os.environ["JUPYTER_DATA_DIR"] = str(home / "data")
    os.environ["JUPYTER_RUNTIME_DIR"] = str(home / "runtime")
    from ukrepl.cli import install

    install(user=False, prefix=str(home / "prefix"))
    os.environ["JUPYTER_PATH"] = str(home / "prefix" / "share" / "jupyter")
    return home


@pytest.fixture(scope="session")
def kernel_elf() -> Path:
    return KernelBuild().run()


class ConsoleCapture:
    def __init__(self):
        self.text = ""
        self.hooks = []

    def __call__(self, chunk: str) -> None:
        self.text += chunk
        for hook in list(self.hooks):
            hook(self.text)


def ctrl_c_on_console(guest: Guest, marker: str) -> None:
    """Send this process a SIGINT (what Jupyter's stop button does) once `marker` reaches the console
    of a guest booted by these fixtures: the code that prints it is known to be running then."""

    def hook(text: str) -> None:
        if marker in text:
            guest.test_console.hooks.clear()
            os.kill(os.getpid(), signal.SIGINT)

    guest.test_console.hooks.append(hook)


def boot_guest(accel: str = "tcg", smp: int = 1) -> tuple[Guest, ConsoleCapture]:
    console = ConsoleCapture()
    guest = Guest(console_sink=console)
    guest.boot(BootOptions(smp=smp, accel=accel))
    return guest, console


@pytest.fixture(params=["tcg", pytest.param("kvm", marks=pytest.mark.kvm)])
def any_guest(request, kernel_elf):
    """A booted guest under each accelerator this machine has (TCG always)."""
    if request.param == "kvm" and not kvm_usable():
        pytest.skip("no usable /dev/kvm")
    guest, console = boot_guest(request.param)
    guest.test_console = console
    yield guest
    guest.shutdown()


@pytest.fixture
def tcg_guest(kernel_elf):
    guest, console = boot_guest("tcg")
    guest.test_console = console
    yield guest
    guest.shutdown()


@pytest.fixture
def kernel(kernel_elf):
    """A ukrepl Jupyter kernel, driven through jupyter_client: (manager, client)."""
    km, kc = start_new_kernel(kernel_name="ukrepl")
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def pytest_report_header(config):
    return f"ukrepl tests on {sys.platform}; KVM usable: {kvm_usable()}"
