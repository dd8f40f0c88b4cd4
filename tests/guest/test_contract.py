"""The host contract: every struct layout and constant the host mirrors (ukrepl/kernel_contract.py)
against the DWARF of the kernel under test, and a kernel that drifts from it failing by name."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import arch_marks

from ukrepl.compiler.kernel_dwarf import contract_mismatches
from ukrepl.kernel_build import KERNEL_SRC, KernelBuild
from ukrepl.kernel_contract import ENUMS, LCPU_FUNC, LCPU_RUN_FLAGS, STRUCTS
from ukrepl.options import BootOptions

SMP_OVERRIDE = "CONFIG_UKPLAT_LCPU_MAXCOUNT=8"  # what %boot --smp N (N <= 8) builds with


def test_the_hosts_mirrors_agree_with_the_kernels_dwarf(kernel_elf):
    # the kernel `%boot --smp N` builds: every mirror
    assert contract_mismatches(KernelBuild(BootOptions(smp=2).build_config).run()) == []
    # the one `%boot` builds (0.10's one CPU): no multi-CPU calls there, as in 0.10 without SMP
    one_cpu = {
        "structs": tuple(s for s in STRUCTS if s is not LCPU_FUNC),
        "enums": tuple(e for e in ENUMS if e is not LCPU_RUN_FLAGS),
    }
    assert contract_mismatches(kernel_elf, **one_cpu) == []


@pytest.mark.parametrize("arch", [pytest.param("arm64", marks=arch_marks("arm64"))])
def test_the_other_architectures_kernel_agrees_too(arch):
    assert contract_mismatches(KernelBuild(BootOptions(smp=2).build_config, arch).run()) == []


def test_a_kernel_with_a_mirrored_constant_changed_fails_naming_both_sides(tmp_path: Path):
    source = tmp_path / "kernel-src"
    shutil.copytree(KERNEL_SRC, source, ignore=shutil.ignore_patterns("build"))
    header = source / "arch/x86_64/lcpu.h"
    text = header.read_text()
    assert "LCPU_STACK_FILL = 0x5a," in text
    header.write_text(text.replace("LCPU_STACK_FILL = 0x5a,", "LCPU_STACK_FILL = 0x5b,"))
    build = tmp_path / "build"
    build.mkdir()
    (build / "config.overrides").write_text(SMP_OVERRIDE + "\n")  # an SMP kernel: every mirror
    subprocess.run(
        ["make", "-s", "-C", str(source), "-j2", f"O={build}", f"PYTHON={sys.executable}"],
        check=True,
        capture_output=True,
    )
    assert contract_mismatches(build / "ukrepl.elf") == [
        "enum lcpu_stack_fill: kernel (ukrepl.elf) has LCPU_STACK_FILL = 0x5b; "
        "host (ukrepl/kernel_contract.py) has LCPU_STACK_FILL = 0x5a"
    ]
