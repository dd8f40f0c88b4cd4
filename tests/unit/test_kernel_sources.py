"""The host's up-to-date check (ukrepl/kernel_build.py) walks kernel-src for the files the kernel's
build reads: every kind of file there (C, assembly, make fragments, Kconfig, the system-call number
tables, scripts) counts, so that a change to any of them builds the kernel again."""

from __future__ import annotations

from ukrepl.kernel_build import _SOURCE_SUFFIXES, KERNEL_SRC

DOCUMENTATION = {".md"}


def test_every_kind_of_kernel_source_counts_for_the_up_to_date_check():
    suffixes = {
        path.suffix
        for path in KERNEL_SRC.rglob("*")
        if path.is_file() and path.relative_to(KERNEL_SRC).parts[0] != "build"
    }
    assert ".tbl" in suffixes  # lib/syscall_shim/numbers/
    assert suffixes - DOCUMENTATION <= _SOURCE_SUFFIXES
