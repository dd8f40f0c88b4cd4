"""The house rules of the tree: layered imports, no cycles, short files, a handful of top-level modules."""

from __future__ import annotations

import os
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "ukrepl"


def test_imports_point_down_the_layers(capsys):
    """The layers contract of pyproject.toml ([tool.importlinter])."""
    os.chdir(ROOT)
    assert lint_imports() == 0, capsys.readouterr().out


def test_no_import_cycle():
    graph = grimp.build_graph("ukrepl", cache_dir=None)
    cycles = [
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if graph.chain_exists(importer=imported, imported=importer)
    ]
    assert cycles == []


def test_files_are_short():
    long_python = [p for p in PACKAGE.rglob("*.py") if len(p.read_text().splitlines()) > 400]
    kernel = ROOT / "kernel-src"
    long_c = [
        p
        for suffix in ("*.c", "*.S")
        for p in kernel.rglob(suffix)
        if "build" not in p.relative_to(kernel).parts and len(p.read_text().splitlines()) > 600
    ]
    assert (long_python, long_c) == ([], [])


def test_a_handful_of_top_level_modules():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top
