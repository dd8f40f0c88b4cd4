"""The REPL on an arm64 guest, as a notebook drives it (issue 13's acceptance 1-3).

`%boot --arch arm64` builds the kernel with the cross tools, boots QEMU's virt
machine under TCG and attaches gdb-multiarch; cells are compiled with
aarch64-linux-gnu-gcc, calls go by AAPCS64, `%pt` reads the VMSAv8-64 tables.
Skipped where the cross tools are missing (`.ci/setup` installs them).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_jupyter import run, text_of

from ukrepl.guest import Guest
from ukrepl.options import BootOptions

TOOLS = ("qemu-system-aarch64", "gdb-multiarch", "aarch64-linux-gnu-gcc")
pytestmark = [
    pytest.mark.arm64,
    pytest.mark.skipif(not all(shutil.which(tool) for tool in TOOLS), reason=f"needs {', '.join(TOOLS)}"),
]
SEED_SMP_PROGRAM = (Path(__file__).resolve().parents[2] / "kernel-src/demos/examples/smp_hello.c").read_text()


def value(kc, code: str) -> str:
    reply, out = run(kc, code)
    assert reply["status"] == "ok", text_of(out)
    return text_of(out).strip()


def test_boot_a_cell_a_call_and_the_cpu_count(kernel):
    _km, kc = kernel
    boot = value(kc, "%boot --arch arm64 --smp 2")
    assert "(arm64, virt/fdt, gcc" in boot and "guest ready: 2 CPU(s)" in boot and "accel=tcg" in boot
    value(kc, "int sq(int x) { return x * x; }")
    assert value(kc, "sq(7)") == "(int) 49"
    assert value(kc, "ukplat_lcpu_count()").endswith(" 2")


def test_the_smp_release_program_runs_as_pasted():
    guest = Guest()
    guest.boot(BootOptions(smp=2, accel="tcg", arch="arm64"))
    try:
        run_ = guest.run_cell(SEED_SMP_PROGRAM)
        assert str(run_.value) == "(int) 0"
        guest.flush_console()
        lines = guest.console_log.splitlines()
        assert "Hello from 1 1" in lines and "Super! 1 1" in lines
    finally:
        guest.shutdown()


def test_pt_shows_the_image_by_section_with_wx_and_the_direct_map(kernel):
    _km, kc = kernel
    value(kc, "%boot --arch arm64")
    dump = value(kc, "%pt")
    assert "(arm64, 4 levels)" in dump.splitlines()[0]
    rows = {line.split()[-1]: line for line in dump.splitlines() if line.split()[-1].startswith(".")}
    assert " r-x s " in rows[".text"] and " r-- s " in rows[".rodata"] and " rw- s " in rows[".data"]
    assert " rw- s " in rows[".bss"]
    assert not re.search(r" rwx s .*\.(text|rodata|data|bss)$", dump, re.M)
    direct = next(line for line in dump.splitlines() if line.startswith("0000ff8000000000-"))
    assert "0x000000000000" in direct and "1G" in direct


def test_pt_translate_walks_sq_to_its_leaf_and_agrees_with_qemu(kernel):
    _km, kc = kernel
    value(kc, "%boot --arch arm64")
    value(kc, "int sq(int x) { return x * x; }")
    walk = value(kc, "%pt translate sq")
    levels = [line.split()[0] for line in walk.splitlines()[1:] if line.startswith("  L")]
    assert levels == ["L0[0]", "L1[1]", "L2[2]", "L3[0]"]
    assert "(leaf)" in walk.splitlines()[4] and " page r-x " in walk
    assert "QEMU's gva2gpa:" in walk and "(agrees)" in walk
    # the direct map: the same physical byte through 0x0000_ff80_0000_0000 + PA, a 1 GiB block
    physical = int(re.search(r"physical (0x[0-9a-f]+)", walk).group(1), 16)
    direct = value(kc, f"%pt translate {0xFF80_0000_0000 + physical:#x}")
    assert " block " in direct and f"physical {physical:#x}" in direct and "(agrees)" in direct


def test_a_write_to_kernel_text_names_the_permission_fault_then_reboot(kernel):
    _km, kc = kernel
    value(kc, "%boot --arch arm64")
    reply, out = run(kc, "extern char _etext[];\n*(volatile char *)(_etext - 16) = 1;")
    assert reply["status"] == "error"
    text = text_of(out)
    assert "*** CRASH on CPU 0: Data abort (same EL) (EC 0x25), ESR 0x9600004f" in text
    assert "(write, permission fault at level 3)" in text
    assert "Why: write to kernel text (r-x): W^X forbids it" in text and "GuestCrashed" in text
    assert "%reboot" in text
    value(kc, "%reboot")
    assert value(kc, "tour_fib(10)") == "(int) 55"


def test_cpus_shows_each_cpus_system_registers_checked_against_qemu(kernel):
    _km, kc = kernel
    value(kc, "%boot --arch arm64 --smp 2")
    reply, out = run(kc, "%cpus")
    assert reply["status"] == "ok"
    text = text_of(out)
    assert "CPU 0: MPIDR affinity 0x0, idle" in text and "CPU 1: MPIDR affinity 0x1, offline" in text
    assert "EL1t (sp is SP_EL0), DAIF: D A I F masked" in text
    assert "M C SA SA0 I SPAN; WXN off" in text and "TTBR1: off (EPD1)" in text
    assert "the kernel's arm64_vectors" in text and "&lcpus[0]" in text and "finding" not in text
    root = re.search(r"page tables at (0x[0-9a-f]+)", value(kc, "%pt")).group(1)
    assert f"table at {root}, ASID 0" in text
