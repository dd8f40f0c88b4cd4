"""The page-table walker against a live guest, with QEMU as the independent oracle."""

from __future__ import annotations

import pytest
from conftest import boot_guest

from ukrepl import paging_x86_64 as x86
from ukrepl.guest import BootOptions, Guest
from ukrepl.pagetables import leaves, permissions
from ukrepl.paging_view import PageTablePanel, ranges_text
from ukrepl.qemu import kvm_usable


@pytest.fixture(scope="module", params=["tcg", pytest.param("kvm", marks=pytest.mark.kvm)])
def guest(request):
    if request.param == "kvm" and not kvm_usable():
        pytest.skip("no usable /dev/kvm")
    guest, _console = boot_guest(request.param, smp=2)
    yield guest
    guest.shutdown()


def walked(guest, cpu: int = 0) -> set[tuple[int, int, str]]:
    read = lambda address: guest.read_physical(address, x86.TABLE_SIZE)  # noqa: E731
    return {
        (va, pa, x86.tlb_flags(raw))
        for va, pa, _size, _attrs, raw in leaves(read, guest.page_table_root(cpu))
    }


@pytest.mark.parametrize("cpu", [0, 1])
def test_walker_equals_qemus_info_tlb(guest, cpu):
    ours = walked(guest, cpu)
    assert ours == x86.parse_info_tlb(guest.hmp("info tlb", cpu))
    assert len(ours) > 100


def test_translate_ends_where_gva2gpa_does(guest):
    for symbol in ("tour_fib", "tour_counter", "lcpus"):
        va = guest.symbols.address(symbol)
        walk = guest.translate(va)
        assert [s.level for s in walk.steps][0] == "PML4" and walk.steps[-1].leaf
        assert walk.physical == guest.qemu_translate(va)
    assert guest.translate(0).physical is None and guest.qemu_translate(0) is None  # page 0 stays unmapped


def test_ranges_cover_the_kernel_and_render(guest):
    ranges = guest.page_ranges()
    text = ranges_text(ranges, "heading")
    covering = [r for r in ranges if r.start <= guest.symbols.address("tour_fib") < r.end]
    assert len(covering) == 1 and text.count("\n") == len(ranges) + 2
    root = guest.page_table_root()
    panel = PageTablePanel(ranges, "heading", guest.symbols.place, root, guest.page_table_entries, hex)
    bundle = panel._repr_mimebundle_()
    assert {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"} <= set(bundle)
    assert panel.levels[0].options  # the PML4's present entries, ready to drill into


def test_walker_equals_info_tlb_without_w_xor_x(kernel_elf):
    guest = Guest()
    guest.boot(BootOptions(accel="tcg", config=("ENFORCE_W_XOR_X=n",)))
    try:
        ours = walked(guest)
        assert ours == x86.parse_info_tlb(guest.hmp("info tlb"))
        ranges = guest.page_ranges()
        assert any(
            r.start <= guest.symbols.address("tour_fib") < r.end and permissions(r.attributes) == "rwx s"
            for r in ranges
        )
    finally:
        guest.shutdown()
