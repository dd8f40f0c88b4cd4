"""Build the unikernel in kernel-src/ with make, only when sources or configuration changed.

Each set of --config overrides gets its own build directory, so switching between
configurations never rebuilds the other one.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import UkreplError

KERNEL_SRC = Path(__file__).resolve().parent.parent / "kernel-src"
KERNEL_NAME = "ukrepl.elf"
_SOURCE_SUFFIXES = {".c", ".h", ".S", ".ld", ".lds", ".py", ".uk", ""}


class BuildError(UkreplError):
    """The kernel build failed; the message holds the compiler's diagnostics."""

    hint = "fix kernel-src/ (or the --config values) and %boot again"


@dataclass(frozen=True)
class KernelBuild:
    """One configuration of the kernel and where it is built."""

    overrides: tuple[str, ...] = ()  # "NAME=VALUE", CONFIG_ prefix optional

    @property
    def directory(self) -> Path:
        root = Path(os.environ.get("UKREPL_BUILD_DIR", KERNEL_SRC / "build"))
        if not self.overrides:
            return root / "default"
        digest = hashlib.sha256("\n".join(sorted(self.overrides)).encode()).hexdigest()[:12]
        return root / f"config-{digest}"

    @property
    def elf(self) -> Path:
        return self.directory / KERNEL_NAME

    @property
    def cflags_file(self) -> Path:
        return self.directory / "cflags.txt"

    def normalized_overrides(self) -> list[str]:
        """Overrides as kconfig wants them: CONFIG_NAME=VALUE."""
        out = []
        for item in self.overrides:
            name, sep, value = item.partition("=")
            if not sep or not name:
                raise BuildError(f"bad --config item {item!r}: expected NAME=VALUE")
            out.append(f"{name if name.startswith('CONFIG_') else 'CONFIG_' + name}={value}")
        return out

    @property
    def stamp(self) -> Path:
        """Touched after every successful make: sources older than it need no make."""
        return self.directory / ".ukrepl-made"

    def up_to_date(self) -> bool:
        """True when no source file changed since make last succeeded (cheaper than running make)."""
        if not self.elf.exists() or not self.stamp.exists():
            return False
        built = self.stamp.stat().st_mtime
        for directory, subdirs, files in os.walk(KERNEL_SRC):
            if directory == str(KERNEL_SRC) and "build" in subdirs:
                subdirs.remove("build")  # our own output
            for name in files:
                if (
                    Path(name).suffix in _SOURCE_SUFFIXES
                    and os.stat(os.path.join(directory, name)).st_mtime > built
                ):
                    return False
        return True

    def run(self, progress: Callable[[str], None] | None = None, jobs: int | None = None) -> Path:
        """Run make if needed and return the ELF path; BuildError on failure."""
        if self.up_to_date():
            return self.elf
        self.directory.mkdir(parents=True, exist_ok=True)
        argv = [
            "make",
            "-C",
            str(KERNEL_SRC),
            f"-j{jobs or os.cpu_count() or 2}",
            f"O={self.directory}",
            f"PYTHON={sys.executable}",
            f"CONFIG_OVERRIDES={' '.join(self.normalized_overrides())}",
        ]
        started = time.time()  # an edit made while make runs must not count as built
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if progress is not None:
                progress(line)
        if proc.wait() != 0:
            raise BuildError(diagnostics(lines))
        self.stamp.touch()
        os.utime(self.stamp, (started, started))
        return self.elf


def diagnostics(lines: list[str]) -> str:
    """The compiler and linker messages of a failed build, without make's noise."""
    keep = [
        line.rstrip()
        for line in lines
        if not line.startswith(("make[", "make:", "  CC", "  AS", "  LD", "  GEN"))
    ]
    return "\n".join(keep[-40:]) or "kernel build failed"
