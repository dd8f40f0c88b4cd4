"""Opening a notebook must not change it: what JupyterLab writes on connecting equals what is stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ukrepl.frontend.cli import KERNEL_NAME, kernelspec
from ukrepl.frontend.jupyter_kernel import UkreplKernel, call_at

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_metadata_equals_what_the_kernel_reports(path):
    metadata = json.loads(path.read_text())["metadata"]
    # JupyterLab stores kernel_info's language_info as it is, and the kernelspec's three names
    assert metadata["language_info"] == UkreplKernel.language_info
    spec = kernelspec()
    assert metadata["kernelspec"] == {
        "display_name": spec["display_name"],
        "language": spec["language"],
        "name": KERNEL_NAME,
    }


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("tour_fib(", "tour_fib"),
        ("tour_fib(3", "tour_fib"),
        ("x = f(a, g(b), ", "f"),
        ('printf("%d (", tour_fib(10', "tour_fib"),
        ("(int)(", ""),
        ("a + b", ""),
    ],
)
def test_inspection_finds_the_call_around_the_cursor(code, expected):
    assert call_at(code, len(code)) == expected
