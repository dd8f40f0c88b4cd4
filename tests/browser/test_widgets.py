"""The widgets as a person uses them: tabs and Refresh, the page-table drill-down and translate box,
and a saved notebook reopened without its kernel's widgets."""

from __future__ import annotations

import re

import pytest
from conftest import new_page
from jlab import LIVE, STATIC, WIDGET_REPRS, Notebook, new_notebook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
EPOLL_INSTANCE = """#include <sys/epoll.h>
#include <sys/socket.h>
int ep, sv[2];
struct epoll_event ev = { .events = EPOLLIN };
socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
ep = epoll_create1(0);
epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev);"""
SOURCES = ["%boot --smp 2", "%cpus", "%pt widget", "%fds", "%sockets", EPOLL_INSTANCE, "%epoll ep"]
CPUS, PT, FDS, SOCKETS, EPOLL = 1, 2, 3, 4, 6
WIDGETS = ((CPUS, "cpus"), (PT, "pt-widget"), (FDS, "fds"), (SOCKETS, "sockets"), (EPOLL, "epoll"))


@pytest.fixture(scope="module")
def widgets(lab, chromium):
    """One notebook of every widget, run through the UI; shared by the tests of this module in order."""
    context, page = new_page(chromium)
    new_notebook(lab.root / "widgets.ipynb", SOURCES)
    nb = Notebook(page, lab, "widgets.ipynb", "widgets")
    nb.run_all()
    yield nb
    context.close()
    lab.shutdown_kernels()


def test_every_widget_renders_live_and_alone(widgets, artifacts):
    nb = widgets
    assert all(p.strip().startswith("[") and p.strip()[1:-2].isdigit() for p in nb.prompts()), nb.prompts()
    for index, name in WIDGETS:
        cell = nb.cell(index)
        live = cell.locator(LIVE)
        live.wait_for()
        assert not cell.locator(STATIC).is_visible()  # the static copy is hidden while the widget lives
        text = nb.output_text(index)
        assert "Error displaying widget" not in text and not WIDGET_REPRS.search(text), text
        live.screenshot(path=artifacts / f"widget-{name}.png")
    sockets = nb.output_text(SOCKETS)
    assert "AF_UNIX" in sockets
    # a family without a Linux name (the in-guest tests' own, 32343) is labelled, not left unexplained
    assert re.search(r"family \d+", sockets) and "not a Linux family" in sockets, sockets


def test_cpus_refresh_keeps_the_selected_tab(widgets):
    nb = widgets
    cell = nb.cell(CPUS)
    cell.locator(".lm-TabBar-tab", has_text="CPU 1").click()
    current = cell.locator(".lm-TabBar-tab.lm-mod-current")
    assert current.inner_text().strip() == "CPU 1"
    shown = cell.locator(".widget-tab-contents .widget-html-content:visible")
    assert "CPU 1: APIC ID 1" in shown.inner_text()
    nb.click(cell.get_by_role("button", name="Refresh"))
    assert current.inner_text().strip() == "CPU 1"
    assert "CPU 1: APIC ID 1" in shown.inner_text()


def test_pt_drill_down_translate_and_refresh(widgets, artifacts):
    nb = widgets
    cell = nb.cell(PT)
    selects = cell.locator(".widget-select select")
    assert selects.count() == 4
    # no column clipped: every list ends inside the grid that holds the four
    grid = cell.locator(".widget-gridbox").bounding_box()
    for n in range(4):
        box = selects.nth(n).bounding_box()
        assert box["x"] >= grid["x"] - 0.5 and box["x"] + box["width"] <= grid["x"] + grid["width"] + 0.5
    # drill down: the first entry at each level until a leaf fills the translate box
    for depth in range(4):
        options = selects.nth(depth).locator("option")
        options.first.wait_for()
        label = options.first.inner_text()
        before = nb.busy_count()
        selects.nth(depth).select_option(index=0)
        nb.wait_answered(before)
        if not label.endswith("->"):
            break
    address = cell.locator(".widget-text input")
    walk = cell.locator(".widget-html-content pre")
    walk.wait_for()
    assert address.input_value().startswith("0x") and "physical 0x" in walk.inner_text()
    cell.locator(LIVE).screenshot(path=artifacts / "widget-pt-drilled.png")
    chosen = [selects.nth(n).input_value() for n in range(depth + 1)]
    # the translate box: an address typed and Enter
    address.fill("0x0")
    address.press("Enter")
    expect(walk).to_contain_text("not mapped")  # waits for the kernel's answer
    nb.click(cell.get_by_role("button", name="Refresh"))
    for n, value in enumerate(chosen):
        expect(selects.nth(n)).to_have_value(value)
    assert selects.nth(depth).locator("option:checked").count() == 1
    assert "not mapped" in walk.inner_text()


def test_a_reopened_saved_notebook_shows_the_static_renderings(widgets, lab, chromium, artifacts):
    nb = widgets
    nb.save()
    nb.close()
    lab.shutdown_kernels()  # tomorrow: no kernel, no widget models
    context, page = new_page(chromium)
    try:
        again = Notebook(page, lab, "widgets.ipynb", "reopened")
        for index, name in WIDGETS:
            static = again.cell(index).locator(STATIC)
            static.wait_for()
            assert static.is_visible()
            text = again.output_text(index)
            assert "Error displaying widget" not in text and not WIDGET_REPRS.search(text), text
            static.screenshot(path=artifacts / f"static-{name}.png")
        assert "CPU 1: APIC ID 1" in again.output_text(CPUS)
        assert "<table" not in again.output_text(FDS) and "fd" in again.output_text(FDS)
        assert "EPOLLIN" in again.output_text(EPOLL)
    finally:
        context.close()
