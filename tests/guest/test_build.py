"""Builds: --config values are data (no shell, no make evaluation), concurrent builds of one new
configuration all succeed, damaged outputs are built again."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from conftest import BOTH_ARCHES, arch_marks
from elftools.elf.elffile import ELFFile

from ukrepl.kconfig import ConfigError
from ukrepl.kernel_build import KernelBuild
from ukrepl.options import BootOptions, OptionError, checked

ROOT = Path(__file__).resolve().parents[2]
SENTINEL = "ukrepl-sentinel"


def payloads(sentinel: Path) -> list[str]:
    s = str(sentinel)
    return [
        f"a;touch {s}",
        f"`touch {s}`",
        f"$(touch {s})",
        f"$(shell touch {s})",
        f"$(file >{s},x)",
        f"$$(touch {s})",
        f"x\ntouch {s}",
        f'" ; touch {s} ; "',
        f"\\$(shell touch {s}) #",
    ]


@pytest.mark.timeout(600)
def test_no_option_value_reaches_a_shell(tmp_path, monkeypatch):
    monkeypatch.setenv("UKREPL_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.chdir(tmp_path)
    sentinel = tmp_path / SENTINEL
    texts = payloads(sentinel)
    for text in texts:  # every option that takes text, refused or not
        for options in (BootOptions(mem=text), BootOptions(config=(f"{text}=1",))):
            with pytest.raises((OptionError, ConfigError)):
                checked(options)
        for name in ("UKREPL_CELL_ARENA_SIZE", "ENFORCE_W_XOR_X"):
            with pytest.raises(ConfigError):
                KernelBuild((f"{name}={text}",)).run()
    # A string option takes them all (but the newline) and builds: as data, into the banner.
    version = " ".join(t for t in texts if "\n" not in t)
    build = KernelBuild((f"KERNEL_VERSION={version}",))
    build.run()
    assert not sentinel.exists() and not (ROOT / "kernel-src" / SENTINEL).exists()
    assert version in (build.directory / ".config").read_text().replace('\\"', '"').replace("\\\\", "\\")


CONCURRENT_BOOT = """
import sys
from ukrepl.guest import Guest
from ukrepl.options import BootOptions
guest = Guest()
guest.boot(BootOptions(accel="tcg", config=(sys.argv[1],)))
print(guest.evaluate("tour_fib(10)"))
guest.shutdown()
"""


@pytest.mark.timeout(900)
def test_four_kernels_booting_one_new_configuration(tmp_path):
    env = dict(os.environ, UKREPL_BUILD_DIR=str(tmp_path / "build"), PYTHONPATH=str(ROOT))
    item = f"KERNEL_VERSION=concurrent-{uuid.uuid4().hex[:8]}"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT_BOOT, item],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=800)[0].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, outputs
    assert all(out.strip().endswith("(int) 55") for out in outputs), outputs


@pytest.mark.timeout(600)
def test_damaged_outputs_are_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("UKREPL_BUILD_DIR", str(tmp_path / "build"))
    build = KernelBuild(("UKREPL_CELL_ARENA_SIZE=256",))
    elf = build.run()
    good = elf.read_bytes()
    elf.write_bytes(good[: len(good) // 2])  # truncated
    assert not build.up_to_date()
    assert build.run().read_bytes() == good
    build.cflags_file.write_text("")  # emptied
    build.run()
    assert len(build.cflags_file.read_text().split()) > 1
    build.stamp.write_text("garbage")
    assert not build.up_to_date()
    build.run()
    assert build.up_to_date()


def test_symbols_saved_beside_the_elf_read_back_as_parsed(kernel_elf, tmp_path):
    """A second process reads the symbols, prototypes and typedef names one build saved, and they
    are what parsing the ELF gives; a rebuilt ELF (another size or mtime) is parsed again."""
    from ukrepl.compiler.symbols import SymbolTable

    elf = tmp_path / "ukrepl.elf"
    elf.write_bytes(kernel_elf.read_bytes())
    parsed = SymbolTable(elf)
    parsed_dwarf = (parsed.declarations, parsed.typedef_names)
    saved = elf.with_name("ukrepl.elf.symbols.json")
    assert saved.exists()
    again = SymbolTable(elf)
    assert again.symbols == parsed.symbols and again.sections == parsed.sections
    assert (again.declarations, again.typedef_names) == parsed_dwarf
    assert "tour_fib" in again.declarations and "__u64" in again.typedef_names
    os.utime(elf, ns=(0, 0))  # as a rebuild would: the saved file no longer vouches for it
    assert SymbolTable(elf).symbols == parsed.symbols
    assert "declarations" not in saved.read_text()  # saved anew for this version, DWARF not yet read


PARKS = {"ukrepl_idle", "ukrepl_call_returned", "ukrepl_crashed"}  # ukrepl_call_return: a stub in .text


@pytest.mark.parametrize("arch", [pytest.param(a, marks=arch_marks(a)) for a in BOTH_ARCHES])
def test_the_hosts_breakpoints_have_a_page_to_themselves(arch):
    """Under TCG, code on a page that holds a GDB breakpoint runs one instruction at a time: no
    other function may share a page with the three the host breaks on (lib/ukreplhost/park.c)."""
    with KernelBuild(arch=arch).run().open("rb") as f:
        symbols = ELFFile(f).get_section_by_name(".symtab")
        functions = {
            s.name: s["st_value"] for s in symbols.iter_symbols() if s["st_info"]["type"] == "STT_FUNC"
        }
    pages = {functions[name] >> 12 for name in PARKS}
    assert {name for name, address in functions.items() if address >> 12 in pages} == PARKS


@pytest.mark.parametrize("arch", [pytest.param(a, marks=arch_marks(a)) for a in BOTH_ARCHES])
def test_the_watched_call_count_has_a_page_to_itself(arch):
    """Under TCG every access to a page with a GDB watchpoint takes QEMU's slow path: the count the
    host watches for a returning call (lib/ukreplhost/park.c) fills a page of its own."""
    with KernelBuild(arch=arch).run().open("rb") as f:
        symbols = ELFFile(f).get_section_by_name(".symtab")
        (count,) = symbols.get_symbol_by_name("ukrepl_call_count")
    assert count["st_value"] % 4096 == 0 and count["st_size"] == 4096
