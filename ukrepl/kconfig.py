"""The kernel's Kconfig tree, read from Python: `--config NAME=VALUE` checked before any build.

Names must be options of the tree (a "did you mean" from the real option list
otherwise), values must fit their type (bool y/n, int and hex in the option's
range, a string without a line break). The checked items reach the build as
data only: KernelBuild writes them to a file that scripts/kconfig.py reads,
never onto a make or shell command line.

The tree is loaded the way scripts/kconfig.py loads it (kconfiglib, with
`srctree` at kernel-src/ so that `source`d fragments resolve), and loaded
again whenever one of its files changes.

Whether anything under kernel-src/ changed is asked at every boot (here and by
kernel_build), so SourceWatch answers it from inotify: the kernel queues an event
for each write, rename, creation or deletion in a watched directory as it happens,
and draining that queue is one read; no stat per file.
"""

from __future__ import annotations

import ctypes
import difflib
import itertools
import os
import re
import threading
from pathlib import Path

import kconfiglib

from .errors import UkreplError

# The kernel's sources: a checkout's kernel-src/, or the copy an installed package ships (setup.py).
PACKAGED_KERNEL_SRC = Path(__file__).resolve().parent / "_kernel_src"
INSTALLED = PACKAGED_KERNEL_SRC.is_dir()
KERNEL_SRC = PACKAGED_KERNEL_SRC if INSTALLED else Path(__file__).resolve().parent.parent / "kernel-src"
_NAME = re.compile(r"[A-Za-z0-9_]+")
_LOCK = threading.Lock()
_SRCTREE = "srctree"  # kconfiglib's name for the directory `source` paths start from  # noqa: SIM112
_CACHE: dict[str, tuple[int, tuple[float, ...], kconfiglib.Kconfig]] = {}
OUTPUT_DIR = "build"  # a checkout's kernel-src/build/: kernel_build's output, not a source
# File systems whose inotify events say every change (a network or FUSE one misses remote writers).
_LOCAL_FILE_SYSTEMS = {"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs"}
# IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE |
# IN_DELETE_SELF | IN_MOVE_SELF: every change to what a directory holds; reads raise no event.
_IN_CHANGES = 0x2 | 0x4 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800


class ConfigError(UkreplError):
    """A --config item names no option, or its value does not fit the option."""

    hint = "fix the --config item; nothing was built and the running guest is untouched"


class SourceWatch:
    """Whether anything under a source tree (its OUTPUT_DIR aside) may have changed since a moment.

    `generation()` drains the inotify queue and returns a number that differs from any earlier
    one once an event came, so a cache keyed by it is valid while the number stays. Any event
    walks the tree again, putting a watch on directories that appeared. Without inotify (its
    per-user limits reached, a network file system) every call returns a new number: nothing is
    cached, every question is answered from the files.
    """

    def __init__(self, root: Path) -> None:
        self.root = str(root)
        self._numbers = itertools.count()
        self._generation = next(self._numbers)
        self._fd = _inotify_fd(root)
        self._stale = True  # the watches are to be put on every directory (again)

    def generation(self) -> int:
        if self._fd < 0:
            return next(self._numbers)
        try:
            while os.read(self._fd, 65536):
                self._stale = True
        except BlockingIOError:
            pass
        if self._stale:
            self._generation = next(self._numbers)
            self._stale = not self._watch_all()
        return self._generation

    def _watch_all(self) -> bool:
        """A watch on each directory, each put before it is listed: later changes raise events. A
        symbolic link stops watching (what it points to may lie outside every watched directory)."""
        libc = ctypes.CDLL(None, use_errno=True)
        output, pending = os.path.join(self.root, OUTPUT_DIR), [self.root]
        while pending:
            path = pending.pop()
            if libc.inotify_add_watch(self._fd, os.fsencode(path), _IN_CHANGES) < 0:
                return self._give_up()  # out of watches: answer from the files from now on
            try:
                with os.scandir(path) as listing:
                    entries = list(listing)
            except OSError:  # removed meanwhile: that raised an event, a new walk follows
                continue
            if any(e.is_symlink() for e in entries):
                return self._give_up()
            pending += [e.path for e in entries if e.is_dir(follow_symlinks=False) and e.path != output]
        return True

    def _give_up(self) -> bool:
        os.close(self._fd)
        self._fd = -1
        return False


def _inotify_fd(root: Path) -> int:
    """A non-blocking inotify descriptor, or -1 where its events would not tell every change."""
    if _file_system(root) not in _LOCAL_FILE_SYSTEMS:
        return -1
    return ctypes.CDLL(None, use_errno=True).inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)


def _file_system(path: Path) -> str:
    """The type of the file system `path` is on (/proc/self/mountinfo: the deepest mount above it)."""
    real, found, depth = os.path.realpath(path), "", -1
    try:
        with open("/proc/self/mountinfo") as mounts:
            for line in mounts:
                fields = line.split()
                point = fields[4].replace("\\040", " ")
                kind = fields[fields.index("-") + 1]
                inside = real == point or real.startswith(point.rstrip("/") + "/")
                if inside and len(point) > depth:
                    found, depth = kind, len(point)
    except (OSError, ValueError, IndexError):
        return ""
    return found


_WATCHES: dict[str, SourceWatch] = {}


def source_generation(root: Path = KERNEL_SRC) -> int:
    """What SourceWatch.generation says of `root` (one watch per tree and process)."""
    with _LOCK:
        watch = _WATCHES.get(str(root))
        if watch is None:
            watch = _WATCHES[str(root)] = SourceWatch(root)
        return watch.generation()


def _mtimes(files: list[str], root: Path) -> tuple[float, ...]:
    try:
        return tuple(os.stat(root / f).st_mtime for f in files)
    except OSError:
        return ()


def tree(root: Path = KERNEL_SRC) -> kconfiglib.Kconfig:
    """The Kconfig tree of `root` with its defconfig applied (cached until a file of it changes:
    its files' times are compared only when something under `root` changed)."""
    key = str(root)
    generation = source_generation(root)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == generation:
            return cached[2]
        if cached is not None and cached[1] == _mtimes(cached[2].kconfig_filenames, root):
            _CACHE[key] = (generation, *cached[1:])
            return cached[2]
        before = os.environ.get(_SRCTREE)
        os.environ[_SRCTREE] = str(root)
        try:
            kconf = kconfiglib.Kconfig(str(root / "Kconfig"), warn=False)
            kconf.load_config(str(root / "defconfig"))
        finally:
            if before is None:
                del os.environ[_SRCTREE]
            else:
                os.environ[_SRCTREE] = before
        _CACHE[key] = (generation, _mtimes(kconf.kconfig_filenames, root), kconf)
        return kconf


def option_names(root: Path = KERNEL_SRC) -> list[str]:
    """Every option a user can set (those with a prompt), without CONFIG_."""
    return sorted(name for name, sym in tree(root).syms.items() if any(node.prompt for node in sym.nodes))


def default(name: str, root: Path = KERNEL_SRC) -> str:
    """An option's value in the default configuration (defconfig and Kconfig defaults)."""
    return tree(root).syms[name].str_value


def int_range(name: str, root: Path = KERNEL_SRC) -> tuple[int, int] | None:
    """The (low, high) range of an int or hex option, if it has one."""
    sym = tree(root).syms[name]
    for low, high, cond in sym.ranges:
        if kconfiglib.expr_value(cond):
            return int(low.str_value, 0), int(high.str_value, 0)
    return None


def check(items: tuple[str, ...] | list[str], root: Path = KERNEL_SRC) -> tuple[str, ...]:
    """The items as CONFIG_NAME=VALUE, each checked against the tree; ConfigError for the first bad one."""
    if not items:
        return ()
    kconf = tree(root)
    settable = option_names(root)
    out = []
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().removeprefix("CONFIG_")
        if not sep or not _NAME.fullmatch(name):
            raise ConfigError(f"bad --config item {item!r}: expected NAME=VALUE, NAME of letters, digits, _")
        if name not in settable:
            close = difflib.get_close_matches(name, settable, n=3, cutoff=0.6)
            maybe = f"; did you mean {', '.join('CONFIG_' + c for c in close)}?" if close else ""
            raise ConfigError(f"--config: CONFIG_{name} is not an option of kernel-src/Kconfig{maybe}")
        out.append(f"CONFIG_{name}={_checked_value(kconf.syms[name], name, value, root)}")
    return tuple(out)


def _checked_value(sym: kconfiglib.Symbol, name: str, value: str, root: Path) -> str:
    kind = kconfiglib.TYPE_TO_STR[sym.type]
    if sym.type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
        allowed = ("y", "n") if sym.type == kconfiglib.BOOL else ("y", "m", "n")
        if value not in allowed:
            raise ConfigError(f"--config: CONFIG_{name} is a {kind}: {'/'.join(allowed)}, not {value!r}")
        return value
    if sym.type in (kconfiglib.INT, kconfiglib.HEX):
        pattern = r"-?[0-9]+" if sym.type == kconfiglib.INT else r"(0[xX])?[0-9a-fA-F]+"
        if not re.fullmatch(pattern, value):
            raise ConfigError(f"--config: CONFIG_{name} is an {kind}, not {value!r}")
        number = int(value, 10 if sym.type == kconfiglib.INT else 16)
        bounds = int_range(name, root)
        if bounds is not None and not bounds[0] <= number <= bounds[1]:
            low, high = bounds
            raise ConfigError(f"--config: CONFIG_{name}={value} is out of its range {low}..{high}")
        return value
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if any(c in value for c in "\n\r\0"):
        raise ConfigError(f"--config: CONFIG_{name} takes one line of text, without line breaks")
    return value
