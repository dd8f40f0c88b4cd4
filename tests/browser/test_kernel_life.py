"""The stop button, a kernel restart, and the workshop notebooks run through the UI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jlab import LIVE, STATIC, WIDGET_REPRS, Notebook, new_notebook
from playwright.sync_api import expect

from ukrepl.target.qemu import auto_accel

pytestmark = pytest.mark.browser
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
WIDGET_MAGICS = ("%cpus", "%pt widget", "%fds", "%sockets", "%epoll")


def test_the_stop_button_ends_a_looping_cell(lab, page):
    looping = 'printf("looping\\n");\nfor (;;)\n\t;'
    new_notebook(lab.root / "stop.ipynb", ["%boot", looping, "tour_fib(10)"])
    nb = Notebook(page, lab, "stop.ipynb", "stop")
    nb.run_cell(0)
    nb.run_cell(1, wait=False)
    expect(nb.cell(1).locator(".jp-OutputArea")).to_contain_text("looping", timeout=120_000)
    page.locator('.jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]').click()
    nb.wait_idle()
    # named as the crash report names a place: the cell, the line and its text, no raw address
    expect(nb.cell(1).locator(".jp-OutputArea")).to_contain_text("was stopped and the guest restored")
    text = nb.output_text(1)
    assert re.search(r"#\d+ the statements of cell \d+ in cell\d+\.c:[1-3]: (printf|for|;)", text), text
    assert "KeyboardInterrupt" not in text and not re.search(r"0x[0-9a-f]+ was stopped", text), text
    nb.run_cell(2)  # the guest is usable again
    assert "(int) 55" in nb.output_text(2)


def test_after_a_restart_the_first_cell_boots_and_says_so(lab, page):
    new_notebook(lab.root / "restart.ipynb", ["tour_fib(10)"])
    nb = Notebook(page, lab, "restart.ipynb", "restart")
    note = auto_accel()[1]
    for _round in range(2):
        nb.run_cell(0)
        text = nb.output_text(0)
        assert "booting the guest with default options" in text and "[ukrepl] guest ready" in text, text
        assert note in text and text.rstrip().endswith("(int) 55")
        first = {p.pid for p in lab.guest_processes()}
        assert len(first) == 2  # one QEMU, one GDB
        nb.restart_kernel()
        assert not first & {p.pid for p in lab.guest_processes()}  # the old guest is gone


# The workshop notebooks as they run clean: an exercise notebook's solution (its student version stops
# at the first "not yet", tests/guest/test_notebooks.py checks that), the others as they are.
# bad-cells.ipynb is the reliability suite's, run by tests/guest/test_bad_cells.py.
WORKSHOP = sorted(
    (NOTEBOOKS / "solutions" / p.name if (NOTEBOOKS / "solutions" / p.name).exists() else p)
    for p in NOTEBOOKS.glob("*.ipynb")
    if p.stem != "bad-cells"
)


@pytest.mark.parametrize("path", WORKSHOP, ids=lambda p: p.stem)
def test_workshop_notebook_runs_clean_in_the_browser(lab, page, path, artifacts):
    copy = lab.copy_notebook(path)
    nb = Notebook(page, lab, copy.name, f"run-{path.stem}")
    nb.run_all()
    prompts = nb.prompts()
    assert all(p.strip()[1:-2].isdigit() for p in prompts), prompts  # every code cell ran
    sources = page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.widgets"
        ".map(c => c.model.sharedModel.getSource())"
    )
    for index, source in enumerate(sources):
        text = nb.output_text(index) if nb.cell(index).locator(".jp-OutputArea").count() else ""
        assert "Error displaying widget" not in text and not WIDGET_REPRS.search(text), (source, text)
        if source.startswith("%boot") and "lcpu:" in text:  # what 01-smp's text says about the APIC
            assert ("(xAPIC)" if auto_accel()[0] == "tcg" else "(x2APIC)") in text, text
        if source.startswith(WIDGET_MAGICS):
            live = nb.cell(index).locator(LIVE)
            live.wait_for()
            assert not nb.cell(index).locator(STATIC).is_visible()
            live.screenshot(path=artifacts / f"{path.stem}-cell{index}.png")
