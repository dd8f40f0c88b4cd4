"""Issue 11: the cell arena honours W^X like the rest of the kernel: a cell's code is written while the
pages are data, then made r-x; its data stays rw- and not executable."""

from __future__ import annotations

import pytest

from ukrepl.decoders.pagetables import permissions
from ukrepl.guest import GuestCrashed

PATCHER = """\
int patch_me(void) { return 1; }
unsigned char ret_insn[] = { 0xc3 };
int patch_own_code(void) { *(volatile unsigned char *)patch_me = 0xc3; return 0; }
int run_own_data(void) { ((void (*)(void))ret_insn)(); return 0; }
"""


def rights(guest, address: int) -> str:
    [r] = [r for r in guest.paging.ranges() if r.start <= address < r.end]
    return permissions(r.attributes)


def test_a_cells_code_is_r_x_and_its_data_rw_not_executable(tcg_guest):
    tcg_guest.run_cell(PATCHER)
    code, data = (int(tcg_guest.evaluate(f"(unsigned long){n}").text, 0) for n in ("patch_me", "ret_insn"))
    assert code // 4096 != data // 4096  # code and data on pages of their own
    assert rights(tcg_guest, code).startswith("r-x") and rights(tcg_guest, data).startswith("rw-")
    assert tcg_guest.call("patch_me").text == "1"  # it runs


def test_a_cell_writing_its_own_code_faults_and_the_report_names_the_permission(tcg_guest):
    tcg_guest.run_cell(PATCHER)
    with pytest.raises(GuestCrashed):
        tcg_guest.call("patch_own_code")
    assert "Why: write to cell arena (r-x): W^X forbids it" in tcg_guest.crash_report
    tcg_guest.reboot()
    tcg_guest.run_cell(PATCHER)
    with pytest.raises(GuestCrashed):
        tcg_guest.call("run_own_data")
    assert "Why: instruction fetch from cell arena (rw-): W^X forbids it" in tcg_guest.crash_report
    tcg_guest.reboot()


def test_pages_a_forgotten_cells_code_held_become_data_again(tcg_guest):
    tcg_guest.run_cell("int f(void) { return 7; }")
    code = int(tcg_guest.evaluate("(unsigned long)f").text, 0)
    assert rights(tcg_guest, code).startswith("r-x")
    tcg_guest.reset_cells()  # the arena starts again at its beginning
    tcg_guest.run_cell("long table[2048] = { 1 };")  # data only: it starts where f's code was
    table = int(tcg_guest.evaluate("(unsigned long)table").text, 0)
    assert table == code and rights(tcg_guest, table).startswith("rw-")
    tcg_guest.run_cell("table[1] = 5;")  # code of its own, writing the reused page
    assert tcg_guest.evaluate("table[1]").text == "5"
