"""The host contract: every struct layout and constant the host mirrors (ukrepl/kernel_contract.py)
against the DWARF of the kernel under test, and a kernel that drifts from it failing by name."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ukrepl.compiler.kernel_dwarf import contract_mismatches
from ukrepl.kernel_build import KERNEL_SRC


def test_the_hosts_mirrors_agree_with_the_kernels_dwarf(kernel_elf):
    assert contract_mismatches(kernel_elf) == []


def test_a_kernel_with_a_mirrored_constant_changed_fails_naming_both_sides(tmp_path: Path):
    source = tmp_path / "kernel-src"
    shutil.copytree(KERNEL_SRC, source, ignore=shutil.ignore_patterns("build"))
    header = source / "arch/x86_64/lcpu.h"
    text = header.read_text()
    assert "LCPU_STACK_FILL = 0x5a," in text
    header.write_text(text.replace("LCPU_STACK_FILL = 0x5a,", "LCPU_STACK_FILL = 0x5b,"))
    build = tmp_path / "build"
    subprocess.run(
        ["make", "-s", "-C", str(source), "-j2", f"O={build}", f"PYTHON={sys.executable}"],
        check=True,
        capture_output=True,
    )
    assert contract_mismatches(build / "ukrepl.elf") == [
        "enum lcpu_stack_fill: kernel (ukrepl.elf) has LCPU_STACK_FILL = 0x5b; "
        "host (ukrepl/kernel_contract.py) has LCPU_STACK_FILL = 0x5a"
    ]
