"""The page-table walker against a live guest, with QEMU as the independent oracle."""

from __future__ import annotations

import pytest
from conftest import BOTH_ACCELS, guest_fixture

from ukrepl.decoders.pagetables import leaves, permissions
from ukrepl.decoders.x86_64 import paging as x86
from ukrepl.views.paging_view import PageTablePanel, ranges_text

guest = guest_fixture(smp=2, scope="module", accels=BOTH_ACCELS, online=True)


def walked(guest, cpu: int = 0) -> set[tuple[int, int, str]]:
    read = lambda address: guest.read_physical(address, x86.TABLE_SIZE)  # noqa: E731
    return {
        (va, pa, x86.tlb_flags(raw)) for va, pa, _size, _attrs, raw in leaves(read, guest.paging.root(cpu))
    }


@pytest.mark.parametrize("cpu", [0, 1])
def test_walker_equals_qemus_info_tlb(guest, cpu):
    ours = walked(guest, cpu)
    assert ours == x86.parse_info_tlb(guest.hmp("info tlb", cpu))
    assert len(ours) > 100


def test_translate_ends_where_gva2gpa_does(guest):
    for symbol in ("tour_fib", "tour_counter", "lcpus"):
        va = guest.symbols.address(symbol)
        walk = guest.paging.translate(va)
        assert [s.level for s in walk.steps][0] == "PML4" and walk.steps[-1].leaf
        assert walk.physical == guest.paging.qemu_translate(va)
    assert (
        guest.paging.translate(0).physical is None and guest.paging.qemu_translate(0) is None
    )  # page 0 stays unmapped


def test_ranges_cover_the_kernel_and_render(guest):
    ranges = guest.paging.ranges()
    text = ranges_text(ranges, "heading")
    covering = [r for r in ranges if r.start <= guest.symbols.address("tour_fib") < r.end]
    assert len(covering) == 1 and text.count("\n") == len(ranges) + 2
    root = guest.paging.root()
    panel = PageTablePanel(
        guest.paging.ranges, "heading", guest.symbols.place, root, guest.paging.entries, hex
    )
    bundle = panel._repr_mimebundle_()
    assert {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"} <= set(bundle)
    assert panel.levels[0].options  # the PML4's present entries, ready to drill into


without_w_xor_x = guest_fixture(config=("ENFORCE_W_XOR_X=n",))


def test_walker_equals_info_tlb_without_w_xor_x(without_w_xor_x):
    guest = without_w_xor_x
    ours = walked(guest)
    assert ours == x86.parse_info_tlb(guest.hmp("info tlb"))
    ranges = guest.paging.ranges()
    assert any(
        r.start <= guest.symbols.address("tour_fib") < r.end and permissions(r.attributes) == "rwx s"
        for r in ranges
    )
