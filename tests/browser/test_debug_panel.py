"""JupyterLab's debugger panel on a C cell, as a person uses it: the bug button, a click in the
cell's gutter, a call that stops there, the highlighted line, the call stack and the variables,
a step, and the call's value once it is continued."""

from __future__ import annotations

import pytest
from jlab import Notebook, new_notebook

pytestmark = pytest.mark.browser
SQ = "int sq(int x)\n{\n\tint y = x * x;\n\treturn y;\n}"
CELLS = ["%boot --accel tcg", SQ, "sq(7)"]


def click_gutter(nb: Notebook, cell: int, line: int) -> None:
    """Click the breakpoint gutter of a cell's editor beside a line (as a person aims: by the line number)."""
    editor = nb.cell(cell).locator(".jp-InputArea-editor")
    number = editor.locator(".cm-lineNumbers .cm-gutterElement", has_text=str(line)).first
    gutter = editor.locator(".cm-breakpoint-gutter").first.bounding_box()
    box = number.bounding_box()
    nb.page.mouse.click(gutter["x"] + gutter["width"] / 2, box["y"] + box["height"] / 2)


def highlighted(nb: Notebook, cell: int, text: str) -> None:
    """Until the debugger's highlight is on the line of a cell that holds `text`."""
    nb.cell(cell).locator(".cm-line.jp-DebuggerEditor-highlight", has_text=text).wait_for()


def test_gutter_breakpoint_stops_a_call_and_steps(lab, page, artifacts):
    new_notebook(lab.root / "debugger.ipynb", CELLS)
    nb = Notebook(page, lab, "debugger.ipynb", "debugger")
    try:
        nb.run_cell(0)
        nb.run_cell(1)
        bug = nb.panel.locator(".jp-DebuggerBugButton button, button.jp-DebuggerBugButton").first
        bug.click()
        page.locator(".jp-DebuggerCallstack").first.wait_for()  # the sidebar opened with the debugger on
        click_gutter(nb, 1, 3)
        page.locator(".jp-DebuggerBreakpoint-line", has_text="3").first.wait_for()  # the panel lists it

        nb.run_cell(2, wait=False)
        highlighted(nb, 1, "int y = x * x;")
        frames = page.locator(".jp-DebuggerCallstackFrame")
        frames.first.wait_for()
        assert "sq" in frames.first.inner_text()
        variables = page.locator(".jp-DebuggerVariables-body")
        variables.get_by_text("x", exact=True).first.wait_for()
        page.screenshot(path=artifacts / "debugger-stopped.png")
        page.locator("button.jp-DebuggerPausedButton[title='Next']").click()  # the "Paused in Debugger" bar
        highlighted(nb, 1, "return y;")
        variables.get_by_text("49").first.wait_for()  # y, now computed
        page.screenshot(path=artifacts / "debugger-stepped.png")

        page.locator("button.jp-DebuggerPausedButton[title='Continue']").click()
        nb.wait_idle()
        assert "(int) 49" in nb.output_text(2)
    except Exception:
        page.screenshot(path=artifacts / "debugger-failure.png")
        raise
