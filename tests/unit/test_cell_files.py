"""The debugger panel's names for cells, and how the adapter labels stops and values (no guest)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ipykernel.compiler import get_tmp_hash_seed, murmur2_x86

from ukrepl.frontend.cell_files import CellFiles
from ukrepl.frontend.debug_adapter import shown_type, stop_reason
from ukrepl.guest.stopped_view import Variable
from ukrepl.kernel_build import KERNEL_SRC

SQ = "int sq(int x)\n{\n\treturn x * x;\n}"


@pytest.fixture
def files():
    cells: list[tuple[int, str]] = []
    files = CellFiles(lambda: cells)
    files.cells = cells
    yield files
    files.remove()


def test_a_cell_file_is_named_as_jupyterlab_computes_it(files):
    path = files.dump(SQ)
    assert path == f"{files.prefix}{murmur2_x86(SQ, get_tmp_hash_seed())}.c"
    assert Path(path).read_text() == SQ and files.is_cell(path)
    assert os.stat(files.directory).st_mode & 0o777 == 0o700  # nobody else plants a "cell" there


def test_gutter_lines_map_to_the_newest_cell_with_that_code(files):
    path = files.dump(SQ)
    assert files.location(path, 3) is None  # not run yet: placed once it has
    files.cells += [(1, SQ + "\n"), (2, "int other;\n"), (3, SQ + "\n")]  # the magic's trailing newline
    assert files.location(path, 3) == "cell3:3"
    assert files.path_of_cell(3) == path  # the editor's text, not the compiler's, names it
    assert files.path_of_cell(9) == "cell9.c"


def test_kernel_sources_go_to_gdb_by_their_path_in_kernel_src(files):
    tour = KERNEL_SRC / "demos" / "tour" / "tour.c"
    assert files.location(str(tour), 17) == "demos/tour/tour.c:17"
    assert files.location("/elsewhere/x.c", 2) == "/elsewhere/x.c:2"


def test_stop_reasons_and_the_types_the_variables_tree_is_given():
    assert stop_reason({"reason": "breakpoint-hit"}) == "breakpoint"
    assert stop_reason({"reason": "watchpoint-trigger"}) == "data breakpoint"
    assert stop_reason({"reason": "signal-received"}) == "pause"
    assert stop_reason({"reason": "end-stepping-range"}) == "step"
    assert shown_type(Variable("y", "49", "int", "y")) == "int"
    assert shown_type(Variable("y", "<optimized out>", "int", "y")) == "str"  # not NaN
    assert shown_type(Variable("p", "0x401000 <leds>", "struct led_dev *", "p", "var1")) == "str"
    assert shown_type(Variable("s", "{...}", "struct led_dev", "s", "var2")) == "struct led_dev"
