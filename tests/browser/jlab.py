"""Driving a notebook in JupyterLab the way a person does, and reading what the page shows.

Waiting is done on what the page shows (the kernel status indicator, the
prompts of the cells), never by sleeping.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from conftest import ARTIFACTS

# Every widget output of ours has its root box marked with this class, its static copy with the other.
LIVE = ".ukrepl-live"
STATIC = ".ukrepl-static"
WIDGET_REPRS = re.compile(r"\b(Tab|VBox|HBox|GridBox|HTML|Select)\(children=|\(layout=Layout")


def new_notebook(path: Path, sources: list[str]) -> Path:
    """A notebook of code cells, with the metadata ukrepl's kernel reports."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "ukrepl (unikernel C)", "language": "c", "name": "ukrepl"},
        "language_info": {"file_extension": ".c", "mimetype": "text/x-csrc", "name": "c"},
    }
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


class Notebook:
    """One notebook open in a page."""

    def __init__(self, page, lab, name: str, workspace: str) -> None:
        self.page, self.lab, self.name = page, lab, name
        page.goto(lab.page_url(name, workspace))
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
        self.wait_idle()

    # -- reading ---------------------------------------------------------------

    @property
    def panel(self):
        return self.page.locator(".jp-NotebookPanel:visible").first

    def cell(self, index: int):
        return self.panel.locator(".jp-Notebook .jp-Cell").nth(index)

    def cells(self) -> int:
        return self.panel.locator(".jp-Notebook .jp-Cell").count()

    def output_text(self, index: int) -> str:
        return self.cell(index).locator(".jp-OutputArea").inner_text()

    def prompts(self) -> list[str]:
        return self.panel.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()

    def is_dirty(self) -> bool:
        """The unsaved-changes mark on the notebook's tab."""
        return (
            self.page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() > 0
        )

    # -- acting ----------------------------------------------------------------

    def command(self, name: str, args: dict | None = None) -> None:
        """Run a JupyterLab command, as the menu or the command palette does."""
        # not awaited: run-all's promise settles only when every cell has run
        self.page.evaluate("([n, a]) => { window.jupyterapp.commands.execute(n, a); }", [name, args or {}])

    def wait_idle(self, timeout: float = 240_000) -> None:
        """Until the kernel is connected and idle and no cell waits to run (no [*] prompt)."""
        try:
            self._wait_idle(timeout)
        except Exception:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=ARTIFACTS / f"timeout-{self.name}.png")
            (ARTIFACTS / "lab.log").write_text(self.lab.log.read_text())
            raise

    def _wait_idle(self, timeout: float) -> None:
        self.page.wait_for_function(
            """() => {
                const panel = [...document.querySelectorAll('.jp-NotebookPanel')]
                    .find(p => p.offsetParent !== null);
                if (!panel) return false;
                const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
                if (!status || status.dataset.status !== 'idle') return false;
                // the indicator also says idle before the session has a kernel at all
                const kernel = window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel;
                if (!kernel || kernel.status !== 'idle') return false;
                return ![...panel.querySelectorAll('.jp-InputPrompt')]
                    .some(p => p.textContent.includes('*'));
            }""",
            timeout=timeout,
        )

    def wait_busy(self, timeout: float = 60_000) -> None:
        try:
            self._wait_busy(timeout)
        except Exception:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=ARTIFACTS / f"not-busy-{self.name}.png")
            (ARTIFACTS / "lab.log").write_text(self.lab.log.read_text())
            raise

    def _wait_busy(self, timeout: float) -> None:
        self.page.wait_for_function(
            """() => [...document.querySelectorAll('.jp-NotebookPanel .jp-InputPrompt')]
                 .some(p => p.offsetParent !== null && p.textContent.includes('*'))""",
            timeout=timeout,
        )

    def run_all(self, timeout: float = 240_000) -> None:
        self.command("notebook:run-all-cells")
        self.wait_busy()
        self.wait_idle(timeout)

    def busy_count(self) -> int:
        """How many times the kernel has gone busy since this page first asked (it goes busy for
        every request: a cell, a widget's click), so that a quick request is not missed."""
        return self.page.evaluate(
            """() => {
                const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
                if (window.ukreplWatched !== kernel) {
                    window.ukreplWatched = kernel;
                    window.ukreplBusy = window.ukreplBusy || 0;
                    kernel.statusChanged.connect((_k, status) => {
                        if (status === 'busy') window.ukreplBusy++;
                    });
                }
                return window.ukreplBusy;
            }"""
        )

    def wait_answered(self, before: int, timeout: float = 240_000) -> None:
        """Until the kernel has gone busy after `before` (busy_count) and is idle again."""
        self.page.wait_for_function("n => window.ukreplBusy > n", arg=before, timeout=timeout)
        self.wait_idle(timeout)

    def run_cell(self, index: int, wait: bool = True) -> None:
        self.cell(index).locator(".jp-InputArea-editor").click()
        before = self.busy_count()
        self.command("notebook:run-cell")
        if wait:
            self.wait_answered(before)

    def click(self, locator) -> None:
        """Click a widget's button and wait for the kernel to have handled it."""
        before = self.busy_count()
        locator.click()
        self.wait_answered(before)

    def save(self) -> None:
        self.command("docmanager:save")
        self.page.wait_for_function(
            "() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')"
        )

    def close(self) -> None:
        self.command("application:close")
        self.page.wait_for_function("() => !document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')")

    def restart_kernel(self) -> None:
        """Restart as the menu does, without its confirmation dialog."""
        self.page.evaluate(
            "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()"
        )
        self.wait_idle()
