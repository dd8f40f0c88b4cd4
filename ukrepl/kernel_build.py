"""Build the unikernel in kernel-src/ with make, only when sources or configuration changed.

Each architecture and set of --config overrides gets its own build directory, so
switching between them never rebuilds the other one. The overrides are checked against
the Kconfig tree first (kconfig.check) and reach make as a file of data, never
as command-line text. One build at a time per directory (an flock on
`.ukrepl-lock`, so kernels booting one new configuration at once wait for each
other instead of racing), and a truncated or damaged output (ELF, cflags.txt,
stamp) is noticed and built again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import kconfig
from .errors import UkreplError

KERNEL_SRC = kconfig.KERNEL_SRC
BUILD_DIR_VARIABLE = "UKREPL_BUILD_DIR"
KERNEL_NAME = "ukrepl.elf"
_SOURCE_SUFFIXES = {".c", ".h", ".S", ".ld", ".lds", ".py", ".uk", ".tbl", ""}  # .tbl: system-call numbers
_BUILD_DIR = str(KERNEL_SRC / kconfig.OUTPUT_DIR)  # our own output
_NEWEST: dict[str, tuple[int, float]] = {}  # per tree: (kconfig.source_generation, newest source mtime)


class BuildError(UkreplError):
    """The kernel build failed; the message holds the compiler's diagnostics."""

    hint = "fix kernel-src/ (or the --config values) and %boot again"


@dataclass(frozen=True)
class KernelBuild:
    """One configuration of the kernel and where it is built."""

    overrides: tuple[str, ...] = ()  # "NAME=VALUE", CONFIG_ prefix optional
    arch: str = "x86_64"  # make's ARCH

    @property
    def directory(self) -> Path:
        root = build_root()
        prefix = "" if self.arch == "x86_64" else f"{self.arch}-"
        if not self.overrides:
            return root / f"{prefix}default"
        digest = hashlib.sha256("\n".join(sorted(self.overrides)).encode()).hexdigest()[:12]
        return root / f"{prefix}config-{digest}"

    @property
    def elf(self) -> Path:
        return self.directory / KERNEL_NAME

    @property
    def cflags_file(self) -> Path:
        return self.directory / "cflags.txt"

    def normalized_overrides(self) -> list[str]:
        """Overrides as kconfig wants them, checked against the Kconfig tree: CONFIG_NAME=VALUE."""
        return list(kconfig.check(self.overrides))

    @property
    def overrides_file(self) -> Path:
        """The overrides as data for scripts/kconfig.py: one CONFIG_NAME=VALUE per line."""
        return self.directory / "config.overrides"

    @property
    def stamp(self) -> Path:
        """Touched after every successful make: sources older than it need no make."""
        return self.directory / ".ukrepl-made"

    def outputs_intact(self) -> bool:
        """The ELF, cflags.txt and the stamp are what a finished build leaves (not truncated, not damaged)."""
        try:
            stamp = self.stamp.read_text()
            with self.elf.open("rb") as f:
                head = f.read(64)
            elf_size = self.elf.stat().st_size
            cflags = self.cflags_file.read_text()
        except OSError:
            return False
        if len(head) < 64 or head[:4] != b"\x7fELF":
            return False
        section_headers = int.from_bytes(head[40:48], "little")
        entries, entry_size = int.from_bytes(head[60:62], "little"), int.from_bytes(head[58:60], "little")
        return (
            section_headers + entries * entry_size <= elf_size
            and cflags.endswith("\n")
            and len(cflags.split()) > 1
            and stamp == self._stamp_text()
        )

    def _stamp_text(self) -> str:
        """What the stamp holds: the sizes of the outputs it vouches for."""
        try:
            return f"elf {self.elf.stat().st_size}\ncflags {self.cflags_file.stat().st_size}\n"
        except OSError:
            return ""

    def up_to_date(self) -> bool:
        """True when no source file changed since make last succeeded (cheaper than running make)."""
        if not self.outputs_intact():
            return False
        return not _changed_since(self.stamp.stat().st_mtime)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One build at a time in this directory, across processes."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / ".ukrepl-lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _write_overrides(self) -> None:
        """The overrides file, replaced atomically and only when its content changes."""
        text = "".join(item + "\n" for item in self.normalized_overrides())
        with contextlib.suppress(OSError):
            if self.overrides_file.read_text() == text:
                return
        tmp = self.overrides_file.with_suffix(".tmp")
        tmp.write_text(text)
        tmp.replace(self.overrides_file)

    def run(self, progress: Callable[[str], None] | None = None, jobs: int | None = None) -> Path:
        """Run make if needed and return the ELF path; BuildError on failure, ConfigError before it."""
        self.normalized_overrides()  # a bad --config item fails here, before any file is touched
        if self.up_to_date():
            return self.elf
        with self._locked():
            if self.up_to_date():  # another process built it while this one waited
                return self.elf
            self._make(progress, jobs)
        return self.elf

    def _make(self, progress: Callable[[str], None] | None, jobs: int | None) -> None:
        if not self.outputs_intact():  # make trusts a file by its time: remove what may be damaged
            for path in (self.stamp, self.elf, self.cflags_file):
                path.unlink(missing_ok=True)
        self._write_overrides()
        argv = [
            "make",
            "-C",
            str(KERNEL_SRC),
            f"-j{jobs or os.cpu_count() or 2}",
            f"O={self.directory}",
            f"PYTHON={sys.executable}",
            f"ARCH={self.arch}",
        ]
        started = time.time()  # an edit made while make runs must not count as built
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        lines = []
        try:
            for line in proc.stdout:
                lines.append(line)
                if progress is not None:
                    progress(line)
            code = proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            proc.wait()
            raise BuildError(
                "the kernel build was stopped", "%boot (or run the cell) again to finish it"
            ) from None
        if code != 0:
            raise BuildError(diagnostics(lines))
        tmp = self.stamp.with_suffix(".tmp")
        tmp.write_text(self._stamp_text())
        os.utime(tmp, (started, started))
        tmp.replace(self.stamp)


def build_root() -> Path:
    """Where kernels are built: $UKREPL_BUILD_DIR; else a checkout's kernel-src/build/; else, for an
    installed package (whose sources may sit in a read-only site-packages), the user's cache
    directory, one subdirectory per installed copy of the sources."""
    if os.environ.get(BUILD_DIR_VARIABLE):
        return Path(os.environ[BUILD_DIR_VARIABLE])
    if not kconfig.INSTALLED:
        return KERNEL_SRC / kconfig.OUTPUT_DIR
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    cache = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"  # relative: ignored (XDG spec)
    digest = hashlib.sha256(str(KERNEL_SRC).encode()).hexdigest()[:12]
    return cache / "ukrepl" / f"build-{digest}"


def diagnostics(lines: list[str]) -> str:
    """The compiler and linker messages of a failed build, without make's noise."""
    keep = [
        line.rstrip()
        for line in lines
        if not line.startswith(("make[", "make:", "  CC", "  AS", "  LD", "  GEN"))
    ]
    return "\n".join(keep[-40:]) or "kernel build failed"


def _changed_since(built: float) -> bool:
    """Whether a source file of kernel-src/ (its build/ output aside) changed after `built`. Every
    boot asks: the newest time is kept until kconfig's SourceWatch sees a change under kernel-src/
    (an edit made during the walk, too, since the generation is taken before it)."""
    generation = kconfig.source_generation(KERNEL_SRC)
    cached = _NEWEST.get(str(KERNEL_SRC))
    if cached is None or cached[0] != generation:
        cached = _NEWEST[str(KERNEL_SRC)] = (generation, _newest_source())
    return cached[1] > built


def _newest_source() -> float:
    """The newest modification time of the source files of kernel-src/; plain scandir and strings,
    no Path object per file."""
    newest, pending = 0.0, [str(KERNEL_SRC)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.path != _BUILD_DIR:
                        pending.append(entry.path)
                elif os.path.splitext(entry.name)[1] in _SOURCE_SUFFIXES:
                    newest = max(newest, entry.stat().st_mtime)
    return newest
