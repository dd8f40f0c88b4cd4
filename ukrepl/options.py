"""Boot options, defined once: their defaults, their parser, and their checks.

`%boot`, `%reboot` (which keeps the options of the boot before), `ukrepl run` and
`ukrepl exec` all take `--smp N --mem SIZE --accel auto|kvm|tcg --config
NAME=VALUE ...` through `add_boot_arguments` and `boot_options`, so a flag, its
default and its help text exist in one place.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field

from .errors import UkreplError

ACCELERATORS = ("auto", "kvm", "tcg")


class OptionError(UkreplError):
    """A magic's or a command's arguments are wrong; nothing was done."""

    hint = "see %help for the usage"


def default_accel() -> str:
    """auto, unless UKREPL_ACCEL says otherwise (the test suite sets tcg)."""
    return os.environ.get("UKREPL_ACCEL", "auto")


@dataclass(frozen=True)
class BootOptions:
    """How to build and boot a guest."""

    smp: int = 1
    mem: str = "128M"
    accel: str = field(default_factory=default_accel)
    config: tuple[str, ...] = ()


class ArgumentParser(argparse.ArgumentParser):
    """argparse for magics and commands, raising OptionError instead of exiting the process."""

    def error(self, message: str) -> None:
        raise OptionError(f"{self.prog}: {message}\n{self.format_usage().strip()}")


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", nargs="+", default=[], metavar="NAME=VALUE", help="Kconfig overrides")


def add_boot_arguments(parser: argparse.ArgumentParser) -> None:
    """The boot flags, with the defaults of BootOptions."""
    defaults = BootOptions()
    parser.add_argument("--smp", type=int, default=defaults.smp, help="number of CPUs")
    parser.add_argument("--mem", default=defaults.mem, help="guest RAM, as QEMU's -m takes it")
    parser.add_argument("--accel", choices=ACCELERATORS, default=defaults.accel, help="accelerator")
    add_config_argument(parser)


_UNITS = {"": 1 << 20, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def size_bytes(text: str) -> int:
    """A size as QEMU's -m takes it (128M, 1G, 512: MiB without a unit)."""
    number, unit = (
        text[:-1] if text[-1:].isalpha() else text,
        text[-1:].upper() if text[-1:].isalpha() else "",
    )
    try:
        return int(number) * _UNITS[unit]
    except (ValueError, KeyError):
        raise OptionError(f"not a memory size: {text!r} (write it like 128M or 1G)") from None


def check_caps(options: BootOptions) -> BootOptions:
    """The per-user caps a workshop host sets in the environment (share/jupyterhub): UKREPL_MAX_MEM
    bounds a guest's RAM, UKREPL_MAX_SMP its CPUs. Unset: no cap."""
    max_mem, max_smp = os.environ.get("UKREPL_MAX_MEM"), os.environ.get("UKREPL_MAX_SMP")
    if max_mem and size_bytes(options.mem) > size_bytes(max_mem):
        raise OptionError(f"--mem {options.mem} is more than this host allows per guest ({max_mem})")
    if max_smp and options.smp > int(max_smp):
        raise OptionError(f"--smp {options.smp} is more than this host allows per guest ({max_smp})")
    return options


def boot_options(args: argparse.Namespace) -> BootOptions:
    """BootOptions from arguments parsed with add_boot_arguments, within the host's caps."""
    return check_caps(BootOptions(args.smp, args.mem, args.accel, tuple(args.config)))


def boot_parser(prog: str = "%boot") -> ArgumentParser:
    parser = ArgumentParser(prog=prog, add_help=False)
    add_boot_arguments(parser)
    return parser
