"""Acceptance point 6 of issue 10: notebooks/bad-cells.ipynb, a run of every defect, shows no internal
traceback and no hang, every error says what to do, and the kernel still answers at the end."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "bad-cells.ipynb"
SENTINEL = "sentinel-created"  # what the injection payloads of the notebook would create
STOP_AFTER = 8  # seconds before the `cli; hlt` cell gets the stop button (a kernel interrupt)
HINT = re.compile(r"\((.|\n)+\)\s*$")  # what to do, in parentheses after the message
INTERNAL = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]*/ukrepl/")


def outputs_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            parts.append(out.data.get("text/plain", ""))
        elif out.output_type == "error":
            parts += [f"{out.ename}: {out.evalue}", *out.traceback]
    return "\n".join(parts)


def cell_timeout(cell) -> int:
    return STOP_AFTER if "cli; hlt" in cell.source else 240


@pytest.mark.timeout(1200)
@pytest.mark.usefixtures("kernel_elf")
def test_the_bad_cells_notebook(tmp_path, monkeypatch):
    monkeypatch.setenv("UKREPL_ACCEL", "tcg")
    # A history of its own: the session's shared one would hand these cells to later kernels' searches.
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    # The kernel runs in tmp_path: it imports this checkout's ukrepl, not whichever is installed.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="ukrepl",
        timeout_func=cell_timeout,
        interrupt_on_timeout=True,  # the stop button, pressed by the client
        startup_timeout=60,
        resources={"metadata": {"path": str(tmp_path)}},  # the kernel's working directory
    )
    client.execute()  # a cell that fails without its raises-exception tag fails the test here
    nbformat.write(nb, tmp_path / "bad-cells.executed.ipynb")  # to read when the test fails
    code = [c for c in nb.cells if c.cell_type == "code"]
    problems = []  # every bad answer, not only the first
    for cell in code:
        text, where = outputs_text(cell), repr(cell.source[:60])
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if INTERNAL.search(text):
            problems.append(f"{where} shows an internal traceback:\n{text}")
        if "raises-exception" in cell.metadata.get("tags", []) and not errors:
            problems.append(f"{where} was expected to fail:\n{text}")
        problems += [f"{where}: no hint: {e.evalue}" for e in errors if not HINT.search(e.evalue)]
    assert not problems, "\n".join(problems)
    assert not (tmp_path / SENTINEL).exists()
    assert outputs_text(code[-1]) == "(int) 55"
