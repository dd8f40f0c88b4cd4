"""Cells far larger than anyone types: declarations are carried on to later cells in linear time."""

from __future__ import annotations

import pytest
from conftest import guest_fixture

guest = guest_fixture()


@pytest.mark.timeout(240)  # a hang detector: the quadratic version took minutes; no speed is asserted
def test_twenty_thousand_globals_carry_on_to_a_later_cell(guest):
    count = 20_000
    guest.run_cell("".join(f"int g{i} = {i};\n" for i in range(count)))
    run = guest.run_cell(f"int last = g{count - 1};\nlast + g1")
    assert str(run.value) == f"(int) {count}"
    assert guest.evaluate(f"g{count - 1}").text == str(count - 1)
    # a redefinition still replaces the carried declaration in place
    guest.run_cell("long g5 = 50;")
    assert str(guest.run_cell("g5 + g6").value) == "(long) 56"
