"""Boot options, defined once: their defaults, their parser, and their checks.

`%boot`, `%reboot` (which keeps the options of the boot before), `ukrepl run` and
`ukrepl exec` all take `--arch x86_64|arm64 --smp N --mem SIZE --accel auto|kvm|tcg|tcg-single
--libc nolibc|musl --config NAME=VALUE ...` through `add_boot_arguments` and
`boot_options`, so a flag, its
default and its help text exist in one place.
"""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass, field, replace

from . import kconfig
from .errors import UkreplError

# tcg-single: QEMU's TCG on one host thread, the CPUs taking turns: slower SMP, but a watchpoint
# sees every CPU's writes (multi-threaded TCG can miss another CPU's first write to a watched page)
ACCELERATORS = ("auto", "kvm", "tcg", "tcg-single")
LIBCS = ("nolibc", "musl")  # Kconfig's LIBC choice: LIBC_NOLIBC, LIBC_MUSL
MUSL_LIBC_A = "/usr/lib/x86_64-linux-musl/libc.a"  # Debian's musl-dev (lib/musl/Makefile.uk)
ARCHITECTURES = ("x86_64", "arm64")  # the kernel's (make ARCH=...); arm64 runs under TCG only
MAXCOUNT = "UKPLAT_LCPU_MAXCOUNT"  # Kconfig: how many CPUs the kernel takes
_SIZE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([bkmgt]?)(?:i?b)?", re.IGNORECASE)
_UNITS = {"b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "": 1 << 20}


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
    libc: str = "nolibc"
    arch: str = "x86_64"

    @property
    def mem_bytes(self) -> int:
        return parse_size(self.mem)

    @property
    def cpus(self) -> int:
        return self.smp or 1

    @property
    def build_config(self) -> tuple[str, ...]:
        """The Kconfig overrides of the build: the C library --libc names, the CPU maximum --smp
        asks for, and --config's (last, so they win)."""
        names = {item.split("=", 1)[0].removeprefix("CONFIG_") for item in self.config}
        libc = (f"LIBC_{self.libc.upper()}=y",) if self.libc != "nolibc" else ()
        if self.smp is None or MAXCOUNT in names:
            return (*libc, *self.config)
        return (*libc, f"{MAXCOUNT}={max(SMP_BUILD_MAXCOUNT, self.smp)}", *self.config)


def parse_size(text: str) -> int:
    """A size as QEMU's -m reads it: a number with an optional B/K/M/G/T suffix, MiB without one."""
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise OptionError(
            f"--mem {text!r} is not a size",
            "write it as QEMU's -m takes it, e.g. --mem 128M or --mem 1G (a plain number is MiB)",
        )
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def checked(options: BootOptions) -> BootOptions:
    """The options, validated before anything is built or stopped; mem in a form QEMU takes.

    What needs the kernel image (the memory minimum) or QEMU (its CPU limit)
    is checked by the guest facade, also before it touches the running guest.
    """
    size = parse_size(options.mem)
    if size <= 0 or size % 4096:
        raise OptionError(
            f"--mem {options.mem}: guest RAM must be a positive multiple of 4 KiB", "e.g. --mem 128M"
        )
    if options.smp is not None and options.smp < 1:
        raise OptionError(f"--smp {options.smp}: a guest needs at least 1 CPU", "e.g. --smp 4")
    if options.accel not in ACCELERATORS:
        raise OptionError(f"--accel {options.accel}: not one of {', '.join(ACCELERATORS)}")
    if options.arch not in ARCHITECTURES:
        raise OptionError(f"--arch {options.arch}: not one of {', '.join(ARCHITECTURES)}")
    if options.arch != "x86_64" and options.accel == "kvm":
        raise OptionError(
            f"--arch {options.arch} --accel kvm: an {options.arch} guest runs under TCG only here",
            "leave out --accel (auto takes TCG) or give --accel tcg",
        )
    if options.libc not in LIBCS:
        raise OptionError(f"--libc {options.libc}: not one of {', '.join(LIBCS)}")
    if options.libc == "musl" and not os.path.exists(MUSL_LIBC_A):
        hint = "install Debian's musl: apt-get install musl-dev musl-tools"
        raise OptionError(f"--libc musl: {MUSL_LIBC_A} is missing", hint)
    if options.libc == "musl" and options.arch != "x86_64":
        raise OptionError(
            f"--libc musl --arch {options.arch}: Debian's musl here is for x86_64",
            "leave out --libc (nolibc) on arm64",
        )
    config = kconfig.check(options.config)
    low, high = kconfig.int_range(MAXCOUNT) or (1, 64)
    if options.cpus > high:
        raise OptionError(
            f"--smp {options.smp}: the kernel takes at most {high} CPUs (CONFIG_{MAXCOUNT} is {low}..{high})",
            f"use --smp {high} or fewer",
        )
    given = [item for item in config if item.startswith(f"CONFIG_{MAXCOUNT}=")]
    if given and int(given[-1].partition("=")[2]) < options.cpus:
        raise OptionError(
            f"--smp {options.smp} with {given[-1]}: the kernel would ignore the CPUs above its maximum",
            f"raise CONFIG_{MAXCOUNT} or leave it out (--smp sets it)",
        )
    mem = f"{size >> 20}M" if size % (1 << 20) == 0 else f"{size >> 10}K"
    return check_caps(replace(options, mem=mem))


class ArgumentParser(argparse.ArgumentParser):
    """argparse for magics and commands, raising OptionError instead of exiting the process."""

    def error(self, message: str) -> None:
        raise OptionError(f"{self.prog}: {message}\n{self.format_usage().strip()}")


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", nargs="+", default=[], metavar="NAME=VALUE", help="Kconfig overrides")


def add_arch_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--arch", choices=ARCHITECTURES, default=BootOptions().arch, help="the guest's architecture"
    )


def add_boot_arguments(parser: argparse.ArgumentParser) -> None:
    """The boot flags, with the defaults of BootOptions."""
    defaults = BootOptions()
    add_arch_argument(parser)
    parser.add_argument(
        "--smp", type=int, default=defaults.smp, help="number of CPUs (the others start offline)"
    )
    parser.add_argument("--mem", default=defaults.mem, help="guest RAM, as QEMU's -m takes it")
    parser.add_argument("--accel", choices=ACCELERATORS, default=defaults.accel, help="accelerator")
    parser.add_argument("--libc", choices=LIBCS, default=defaults.libc, help="C library of kernel and cells")
    add_config_argument(parser)


def check_caps(options: BootOptions) -> BootOptions:
    """The per-user caps a workshop host sets in the environment (share/jupyterhub): UKREPL_MAX_MEM
    bounds a guest's RAM, UKREPL_MAX_SMP its CPUs. Unset: no cap."""
    max_mem, max_smp = os.environ.get("UKREPL_MAX_MEM"), os.environ.get("UKREPL_MAX_SMP")
    if max_mem and parse_size(options.mem) > parse_size(max_mem):
        raise OptionError(f"--mem {options.mem} is more than this host allows per guest ({max_mem})")
    if max_smp and options.cpus > int(max_smp):
        raise OptionError(f"--smp {options.smp} is more than this host allows per guest ({max_smp})")
    return options


def boot_options(args: argparse.Namespace) -> BootOptions:
    """BootOptions from arguments parsed with add_boot_arguments, within the host's caps."""
    return check_caps(BootOptions(args.smp, args.mem, args.accel, tuple(args.config), args.libc, args.arch))


def boot_parser(prog: str = "%boot") -> ArgumentParser:
    parser = ArgumentParser(prog=prog, add_help=False)
    add_boot_arguments(parser)
    return parser
