"""The kernel's Kconfig tree, read from Python: `--config NAME=VALUE` checked before any build.

Names must be options of the tree (a "did you mean" from the real option list
otherwise), values must fit their type (bool y/n, int and hex in the option's
range, a string without a line break). The checked items reach the build as
data only: KernelBuild writes them to a file that scripts/kconfig.py reads,
never onto a make or shell command line.

The tree is loaded the way scripts/kconfig.py loads it (kconfiglib, with
`srctree` at kernel-src/ so that `source`d fragments resolve), and loaded
again whenever one of its files changes.
"""

from __future__ import annotations

import difflib
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
_CACHE: dict[str, tuple[tuple[float, ...], kconfiglib.Kconfig]] = {}


class ConfigError(UkreplError):
    """A --config item names no option, or its value does not fit the option."""

    hint = "fix the --config item; nothing was built and the running guest is untouched"


def _mtimes(files: list[str], root: Path) -> tuple[float, ...]:
    try:
        return tuple(os.stat(root / f).st_mtime for f in files)
    except OSError:
        return ()


def tree(root: Path = KERNEL_SRC) -> kconfiglib.Kconfig:
    """The Kconfig tree of `root` with its defconfig applied (cached until a file of it changes)."""
    key = str(root)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is not None and cached[0] == _mtimes(cached[1].kconfig_filenames, root):
            return cached[1]
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
        _CACHE[key] = (_mtimes(kconf.kconfig_filenames, root), kconf)
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
