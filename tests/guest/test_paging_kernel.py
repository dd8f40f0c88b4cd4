"""The kernel's own page tables on real guests: W^X, guard pages, the paging API, TLB shootdowns."""

from __future__ import annotations

import re

import pytest
from conftest import BOTH_ACCELS, guest_fixture

from ukrepl.guest import GuestCrashed

TIB = 0x10000000000  # nothing is mapped there


# One two-CPU guest per accelerator; tests that crash it reboot it.
guest = guest_fixture(smp=2, scope="module", accels=BOTH_ACCELS, online=True)


def crash_report(guest, expression: str) -> str:
    with pytest.raises(GuestCrashed):
        guest.evaluate(expression)
    report = guest.crash_report
    guest.reboot()
    guest.start_cpus()  # the module's guest keeps its CPUs online (a reboot leaves them offline)
    return report


def test_banner_says_w_xor_x_and_the_arena_exception(guest):
    log = guest.console_log
    assert "  W^X: on, cells too (code r-x, data rw-)\n" in log
    arena = re.search(r"cell arena: 4096 KiB at (0x[0-9a-f]+)", log)
    assert arena and int(arena.group(1), 16) % 0x200000 == 0  # 2 MiB-aligned, after the image


def test_the_api_keeps_its_contract(guest):
    assert guest.call("paging_demo_selftest").text == "0"


def test_mapped_memory_is_usable_and_frames_come_back(guest):
    free = int(guest.call("uk_alloc_pavailmem_total").text)
    assert guest.call("paging_demo_map", TIB, 600).text == "0"
    assert guest.call("paging_demo_touch", TIB, 600).text == "600"
    assert guest.call("paging_demo_map", TIB + 4096, 1).text == "-17"  # -EEXIST
    assert guest.call("paging_demo_unmap", TIB, 600).text == "0"
    assert guest.call("paging_demo_unmap", TIB, 1).text == "0"  # nothing there: skipped, as in 0.10
    assert int(guest.call("uk_alloc_pavailmem_total").text) == free


def test_a_gib_of_4k_pages(guest):
    assert guest.call("paging_demo_map_4k", TIB, 262144).text == "0"
    assert guest.evaluate("kernel_pt.nr_lx_pages[0] >= 262144").text == "1"
    assert guest.call("paging_demo_unmap_4k", TIB, 262144).text == "0"
    assert guest.evaluate("kernel_pt.nr_lx_pages[0] < 262144").text == "1"


def test_other_cpus_forget_what_was_unmapped(guest):
    assert guest.call("paging_demo_tlb_check", 1).text == "0"
    # the unmap runs on CPU 1 while CPU 0 waits with interrupts off: an NMI
    # has to deliver the shootdown to CPU 0
    nmis = int(guest.evaluate("paging_tlb_shootdown_nmis").text)
    assert guest.call("paging_demo_map", TIB, 4).text == "0"
    assert guest.call("paging_demo_unmap_on", 1, TIB, 4).text == "0"
    assert int(guest.evaluate("paging_tlb_shootdown_nmis").text) == nmis + 1
    assert guest.call("paging_demo_map", TIB, 4).text == "0"
    assert guest.call("paging_demo_unmap", TIB, 4).text == "0"


def test_every_cpu_runs_on_the_kernels_tables(guest):
    cr3 = int(guest.evaluate("kernel_pt.pt_pbase").text)
    assert cr3 == int(guest.evaluate("x86_pt_root").text)
    for cpu in (0, 1):
        assert guest.registers(("cr3",), cpu=cpu)["cr3"] == cr3


def test_writing_kernel_text_is_a_w_xor_x_crash(guest):
    report = crash_report(guest, "paging_demo_write_text()")
    lines = report.splitlines()
    assert lines[0].startswith("*** CRASH on CPU 0: Page Fault (vector 14), error code 0x3")
    assert lines[-1] == "*** end of crash report"
    assert "(write, protection violation, kernel mode)" in report
    assert "Why: write to kernel text (r-x): W^X forbids it" in report


def test_set_attr_makes_text_writable(guest):
    assert guest.call("paging_demo_text_writable", 1).text == "0"
    assert guest.call("paging_demo_write_text").text == "2"
    assert guest.call("paging_demo_text_target").text == "2"
    assert guest.call("paging_demo_text_writable", 0).text == "0"
    report = crash_report(guest, "paging_demo_write_text()")
    assert "W^X forbids it" in report


def test_data_does_not_execute_and_rodata_is_read_only(guest):
    report = crash_report(guest, "paging_demo_exec_data()")
    assert "(instruction fetch, protection violation, kernel mode)" in report
    assert "Why: instruction fetch from kernel data (rw-): W^X forbids it" in report
    report = crash_report(guest, "paging_demo_write_rodata()")
    assert "Why: write to kernel rodata (r--): W^X forbids it" in report


def test_null_and_unmapped_addresses_say_so(guest):
    report = crash_report(guest, "tour_null_deref()")
    assert "(read, page not present, kernel mode)" in report
    assert "page 0, which is never mapped" in report
    report = crash_report(guest, f"paging_demo_touch({TIB:#x}, 1)")
    assert "(write, page not present, kernel mode)" in report
    assert "Why: write to an address where nothing is mapped" in report


def test_a_stack_overflow_hits_the_guard_page(guest):
    report = crash_report(guest, "paging_demo_stack_overflow(0)")
    assert report.startswith("*** CRASH on CPU 0: Double Fault (vector 8)")
    assert "guard page below the boot stack" in report
    assert "paging_demo_stack_overflow" in report


def test_ist_stacks_keep_their_names_behind_guard_pages(guest):
    for cpu in guest.cpus():
        assert cpu.findings == []
        assert [(s.owner, s.size) for s in cpu.ist] == [
            (f"lcpus[{cpu.index}].ist.stack[0]", 32768),
            (f"lcpus[{cpu.index}].ist.stack[1]", 32768),
        ]


writable_text = guest_fixture(accels=BOTH_ACCELS, config=("ENFORCE_W_XOR_X=n",))


def test_without_w_xor_x_text_is_writable(writable_text):
    guest = writable_text
    assert "W^X: off" in guest.console_log
    assert guest.call("paging_demo_write_text").text == "2"
    assert guest.call("paging_demo_selftest").text == "0"
