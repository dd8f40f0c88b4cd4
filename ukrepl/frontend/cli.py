"""The `ukrepl` command: install the kernelspec, build, run, evaluate once, serve Jupyter, or write
the student versions of workshop notebooks."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..errors import UkreplError
from ..guest import Guest
from ..kernel_build import KernelBuild
from ..options import add_arch_argument, add_boot_arguments, add_config_argument, boot_options
from ..target.qemu import MachineSpec, auto_accel
from .exercises import write_student_versions

# The logos: a checkout's share/, or the copy an installed package ships (setup.py).
_PACKAGE = Path(__file__).resolve().parent.parent
SHARE = _PACKAGE / "_share" if (_PACKAGE / "_share").is_dir() else _PACKAGE.parent / "share"
KERNEL_NAME = "ukrepl"


def kernelspec() -> dict:
    """kernel.json for this Python: signal-mode interrupts reach our cell, never QEMU."""
    return {
        "argv": [sys.executable, "-m", "ukrepl", "kernel", "-f", "{connection_file}"],
        "display_name": "ukrepl (unikernel C)",
        "language": "c",
        "interrupt_mode": "signal",
        "metadata": {"debugger": True},
    }


def install(user: bool, prefix: str | None) -> str:
    """Install the kernelspec with its logos; return where it went."""
    from jupyter_client.kernelspec import KernelSpecManager

    with tempfile.TemporaryDirectory() as tmp:
        spec_dir = Path(tmp) / KERNEL_NAME
        spec_dir.mkdir()
        (spec_dir / "kernel.json").write_text(json.dumps(kernelspec(), indent=2))
        for logo in (SHARE / "kernelspec").glob("logo-*"):
            shutil.copy(logo, spec_dir / logo.name)
        return KernelSpecManager().install_kernel_spec(str(spec_dir), KERNEL_NAME, user=user, prefix=prefix)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ukrepl", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    inst = sub.add_parser("install", help="install the Jupyter kernelspec")
    where = inst.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true")
    where.add_argument("--sys-prefix", action="store_true")
    where.add_argument("--prefix")
    build = sub.add_parser("build", help="build the unikernel if sources or config changed")
    add_config_argument(build)
    add_arch_argument(build)
    run = sub.add_parser("run", help="boot with the console attached (Ctrl-C ends it)")
    add_boot_arguments(run)
    run_exec = sub.add_parser("exec", help="boot, run one cell of C (an expression or code), print its value")
    run_exec.add_argument("cell", help="C, as a notebook cell holds it")
    add_boot_arguments(run_exec)
    sub.add_parser("kernel", help="serve as a Jupyter kernel (used by kernel.json)", add_help=False)
    exercises = sub.add_parser("exercises", help="write the student versions of solution notebooks")
    exercises.add_argument("solutions", type=Path, help="the solution notebooks' folder")
    exercises.add_argument("students", type=Path, help="where the student versions go")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["kernel"]:
        from ipykernel.kernelapp import IPKernelApp

        from .jupyter_kernel import UkreplKernel

        IPKernelApp.launch_instance(argv=argv[1:], kernel_class=UkreplKernel)
        return 0
    args = _parser().parse_args(argv)
    try:
        if args.command == "install":
            prefix = sys.prefix if args.sys_prefix else args.prefix
            print(f"installed kernelspec in {install(args.user, prefix)}")
        elif args.command == "build":
            print(KernelBuild(tuple(args.config), args.arch).run(progress=lambda line: print(line, end="")))
        elif args.command == "run":
            return _run(args)
        elif args.command == "exec":
            return _exec(args)
        elif args.command == "exercises":
            for path in write_student_versions(args.solutions, args.students):
                print(f"wrote {path}")
    except UkreplError as err:
        print(f"ukrepl: {err}", file=sys.stderr)
        return 1
    return 0


def _run(args: argparse.Namespace) -> int:
    options = boot_options(args)
    elf = KernelBuild(options.build_config, options.arch).run(progress=lambda line: print(line, end=""))
    accel = args.accel
    if accel == "auto":  # another architecture than the host's runs under TCG
        accel = auto_accel()[0] if options.arch == "x86_64" else "tcg"
    argv = MachineSpec(elf, options.cpus, args.mem, accel, options.arch).argv()
    os.execvp(argv[0], argv)  # the console belongs to QEMU from here on
    return 1


def _exec(args: argparse.Namespace) -> int:
    guest = Guest(console_sink=lambda text: print(text, end="", file=sys.stderr))
    try:
        guest.boot(boot_options(args))
        result = guest.run(args.cell, diagnostics=lambda text: print(text, file=sys.stderr))
        if result.shown is not None:
            print(result.shown)
    finally:
        guest.shutdown()
    return 0
