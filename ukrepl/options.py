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


# With --smp, the kernel is built for at least this many CPUs (one build serves every small -smp).
SMP_BUILD_MAXCOUNT = 8


@dataclass(frozen=True)
class BootOptions:
    """How to build and boot a guest.

    smp None (no --smp): one CPU, and the kernel keeps Unikraft 0.10's CONFIG_UKPLAT_LCPU_MAXCOUNT
    default of 1 (no multi-CPU calls). --smp N boots N CPUs of a kernel built for max(8, N).
    Either way the other CPUs stay offline until ukplat_lcpu_start() or %lcpu start.
    """

    smp: int | None = None
    mem: str = "128M"
    accel: str = field(default_factory=default_accel)
    config: tuple[str, ...] = ()

    @property
    def cpus(self) -> int:
        return self.smp or 1

    def build_config(self) -> tuple[str, ...]:
        """The Kconfig overrides of the build: --config's, and the CPU maximum --smp asks for."""
        names = {item.split("=", 1)[0].removeprefix("CONFIG_") for item in self.config}
        if self.smp is None or "UKPLAT_LCPU_MAXCOUNT" in names:
            return self.config
        return (f"UKPLAT_LCPU_MAXCOUNT={max(SMP_BUILD_MAXCOUNT, self.smp)}", *self.config)


class ArgumentParser(argparse.ArgumentParser):
    """argparse for magics and commands, raising OptionError instead of exiting the process."""

    def error(self, message: str) -> None:
        raise OptionError(f"{self.prog}: {message}\n{self.format_usage().strip()}")


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", nargs="+", default=[], metavar="NAME=VALUE", help="Kconfig overrides")


def add_boot_arguments(parser: argparse.ArgumentParser) -> None:
    """The boot flags, with the defaults of BootOptions."""
    defaults = BootOptions()
    parser.add_argument(
        "--smp", type=int, default=defaults.smp, help="number of CPUs (the others start offline)"
    )
    parser.add_argument("--mem", default=defaults.mem, help="guest RAM, as QEMU's -m takes it")
    parser.add_argument("--accel", choices=ACCELERATORS, default=defaults.accel, help="accelerator")
    add_config_argument(parser)


def boot_options(args: argparse.Namespace) -> BootOptions:
    """BootOptions from arguments parsed with add_boot_arguments."""
    return BootOptions(args.smp, args.mem, args.accel, tuple(args.config))


def boot_parser(prog: str = "%boot") -> ArgumentParser:
    parser = ArgumentParser(prog=prog, add_help=False)
    add_boot_arguments(parser)
    return parser
