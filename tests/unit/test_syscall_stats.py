"""%syscalls without a guest: decoding the shim's counters and names, the view's rows and the
unknown-number highlight, the crash report's syscall line, the missing-shim message."""

from __future__ import annotations

import struct

import pytest

from ukrepl.decoders import crash_report
from ukrepl.decoders.syscall_stats import names, records
from ukrepl.guest.errors import GuestCrashed, GuestError
from ukrepl.guest.syscalls import SyscallReader
from ukrepl.kernel_contract import SYSCALL_STAT
from ukrepl.views.syscalls_view import syscalls_html, syscalls_text


def slot(count=0, nr=0, args=(0,) * 6, ret=0, registered=0) -> bytes:
    return SYSCALL_STAT.format.pack(count, nr, *args, ret, registered)


def test_the_struct_is_80_bytes_as_the_kernel_lays_it_out():
    assert SYSCALL_STAT.format.size == 80
    assert SYSCALL_STAT.layout()["args"] == (16, 48)


def test_names_come_from_pointers_into_the_strings():
    base = 0x10000
    strings = b"read\0write\0"
    table = struct.pack("<4Q", base, base + 5, 0, 0x99999)
    assert names(table, base, strings) == ["read", "write", None, None]


def test_records_keep_called_slots_and_mark_the_unknown_ones():
    raw = slot(3, 0, (1, 0x2000, 5, 0, 0, 0), 5, 1) + slot(0, 1, registered=1) + slot(2, 2, ret=-38)
    raw += slot(1, 100000, ret=-38)  # the last slot: numbers beyond the table
    found = records(raw, ["read", "write", None])
    assert [(c.nr, c.name, c.count, c.unknown, c.beyond) for c in found] == [
        (0, "read", 3, False, False),
        (2, None, 2, True, False),
        (100000, None, 1, True, True),
    ]
    assert found[1].result == "-ENOSYS" and found[0].result == "5"
    assert [c.nr for c in records(raw, ["read", "write", None], everything=True)] == [0, 1, 2, 100000]


def test_the_view_highlights_numbers_nothing_serves():
    found = records(slot(3, 0, ret=0, registered=1) + slot(2, 2, ret=-38) + slot(), ["read", "write", None])
    text = syscalls_text(found)
    assert text.splitlines()[0] == "5 system calls through the shim, 2 of them to numbers nothing serves"
    assert "unknown: -ENOSYS" in text and "read" in text
    page = syscalls_html(found)
    assert page.count("background:#fde2e2") == 1  # the row of number 2 only


def test_a_crash_report_inside_a_syscall_names_it():
    report = (
        "*** CRASH on CPU 0: Page Fault (vector 14), error code 0x2\n"
        "RIP: 0x0000000000400010 <hello+0x10>\n"
        "Syscall: hello (500), arguments 0x1 0x2 0x0 0x0 0x0 0x0\n"
        "*** end of crash report"
    )
    assert crash_report.syscall(report) == "hello (500)"
    assert "inside system call hello (500)" in str(GuestCrashed(report))
    assert crash_report.syscall(report.replace("Syscall", "Stack")) is None


def test_a_kernel_without_the_shim_says_how_to_get_it():
    def batch(commands):
        raise GuestError('No symbol "uk_syscall_stats" in current context.')

    with pytest.raises(GuestError) as caught:
        SyscallReader(batch, lambda a, n: b"", lambda f: None).counts()
    assert "no system-call shim" in caught.value.message
    assert caught.value.hint == (
        "boot with CONFIG_LIBSYSCALL_SHIM=y, the default: %boot --config LIBSYSCALL_SHIM=y"
    )
