"""Shift-Tab inside a call, and opening and closing a notebook without changing it."""

from __future__ import annotations

from pathlib import Path

import pytest
from jlab import Notebook, new_notebook

pytestmark = pytest.mark.browser
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def test_shift_tab_after_the_parenthesis_shows_the_prototype(lab, page, artifacts):
    new_notebook(lab.root / "inspect.ipynb", ["tour_fib(", "tour_fib(10, "])
    nb = Notebook(page, lab, "inspect.ipynb", "inspect")
    for index in range(2):
        nb.cell(index).locator(".jp-InputArea-editor").click()
        page.keyboard.press("End")  # the cursor after the parenthesis, or after "10, "
        # The command JupyterLab binds to Shift-Tab in a cell (the key itself, synthesized by
        # playwright in headless Chromium, does not reach JupyterLab's keybinding).
        nb.command("tooltip:launch-notebook")
        tooltip = page.locator(".jp-Tooltip")
        tooltip.wait_for()
        text = tooltip.inner_text()
        assert "tour_fib(" in text and "defined at" in text, text
        if index == 0:
            tooltip.screenshot(path=artifacts / "shift-tab.png")
        page.keyboard.press("Escape")
        tooltip.wait_for(state="detached")


@pytest.mark.parametrize(
    "path", sorted(NOTEBOOKS.glob("**/*.ipynb")), ids=lambda p: str(p.relative_to(NOTEBOOKS).with_suffix(""))
)
def test_open_and_close_leaves_the_file_unchanged(lab, page, path):
    name = f"{path.parent.name}-{path.name}" if path.parent != NOTEBOOKS else path.name
    copy = lab.copy_notebook(path, name)
    before = copy.read_bytes()
    nb = Notebook(page, lab, copy.name, f"open-{copy.stem}")
    assert not nb.is_dirty(), "the notebook turned modified when the kernel connected"
    nb.save()  # saving an unchanged notebook writes the same bytes
    nb.close()
    assert copy.read_bytes() == before
