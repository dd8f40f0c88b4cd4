"""Packaging beyond pyproject.toml: a wheel carries the kernel's sources and the kernelspec logos.

The checkout keeps them where development wants them (kernel-src/, share/);
a non-editable build copies them into the package as ukrepl/_kernel_src and
ukrepl/_share (kernel-src/build/ and caches left out), where kconfig.py and
cli.py look first. An installed package builds its kernels in the user's
cache directory (kernel_build.build_root), never in site-packages. Editable
installs read the checkout directly and copy nothing.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = {"kernel-src": "_kernel_src", "share": "_share"}


def _left_out(source: Path):
    """What a copy of `source` leaves out: its own build/ (a checkout's kernels), Python caches."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        out = {n for n in names if n == "__pycache__" or n.endswith(".pyc")}
        return out | ({"build"} & set(names) if Path(directory) == source else set())

    return ignore


class BuildWithKernelSources(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for source, target in DATA.items():
            destination = Path(self.build_lib) / "ukrepl" / target
            shutil.rmtree(destination, ignore_errors=True)
            shutil.copytree(ROOT / source, destination, ignore=_left_out(ROOT / source))


setup(cmdclass={"build_py": BuildWithKernelSources})
