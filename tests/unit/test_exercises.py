"""Workshop exercises: each student notebook is its solution with the answers blanked, and the checks
say "not yet" until answered."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from ukrepl.errors import UkreplError
from ukrepl.frontend.exercises import (
    MARKERS,
    NotYet,
    answered,
    check,
    notebook_text,
    student_version,
    write_student_versions,
)

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
SOLUTIONS = sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))


def marked(nb: nbformat.NotebookNode) -> bool:
    return any(line.strip().startswith(MARKERS) for c in nb.cells for line in c.source.splitlines())


def test_there_are_solutions_and_each_has_answers():
    assert {p.stem for p in SOLUTIONS} >= {"01-smp", "02-paging", "03-events-and-sockets", "07-testing"}
    assert all(marked(nbformat.read(p, as_version=4)) for p in SOLUTIONS)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_the_student_version_is_the_solution_blanked(solution):
    """The committed student notebook is exactly what `ukrepl exercises` makes (nothing drifts apart)."""
    made = notebook_text(student_version(nbformat.read(solution, as_version=4)))
    remedy = "run: ukrepl exercises notebooks/solutions notebooks"
    assert (NOTEBOOKS / solution.name).read_text() == made, remedy
    assert solution.read_text() != made


def test_every_notebook_with_answer_lines_has_a_solution():
    """A workshop notebook with `# your answer` lines is a student version: its answers live in solutions/."""
    for path in NOTEBOOKS.glob("*.ipynb"):
        if marked(nbformat.read(path, as_version=4)):
            assert (NOTEBOOKS / "solutions" / path.name).exists(), f"{path.name} has no solution notebook"


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def test_python_answers_become_ellipses_and_c_answers_go():
    solution = notebook(
        "%%python\nx = 1\n# your answer: two of them\na, b = f(1), [2]  # why\n\nshown = a",
        "// your answer: the fix\nint fixed(void)\n{\n\treturn 1;\n}\n\nfixed()",
        "%%python\nprint('no answer here')",
    )
    student = student_version(solution)
    assert [c.source for c in student.cells] == [
        "%%python\nx = 1\n# your answer: two of them\na, b = ..., ...\n\nshown = a",
        "// your answer: the fix\n\nfixed()",
        "%%python\nprint('no answer here')",
    ]
    assert solution.cells[0].source.startswith("%%python\nx = 1\n# your answer: two of them\na, b = f(1)")


def test_an_answer_that_is_no_assignment_is_refused():
    with pytest.raises(UkreplError, match="one assignment: 'print"):
        student_version(notebook("%%python\n# your answer\nprint(1)"))


def test_write_student_versions(tmp_path):
    (tmp_path / "solutions").mkdir()
    nbformat.write(notebook("%%python\n# your answer\nn = 3"), tmp_path / "solutions" / "ex.ipynb")
    (written,) = write_student_versions(tmp_path / "solutions", tmp_path)
    assert nbformat.read(written, as_version=4).cells[0].source == "%%python\n# your answer\nn = ..."


def test_checks_say_not_yet_with_a_hint_until_answered():
    with pytest.raises(NotYet) as blank:
        answered(1, (2, ...))
    assert str(blank.value).startswith("not yet: the answer is still `...`")
    assert "replace the `...`" in blank.value.hint
    answered(1, (2, 3))
    with pytest.raises(NotYet) as wrong:
        check(False, "count again")
    assert wrong.value.message == "not yet: count again" and "run its cell" in wrong.value.hint
    check(True, "unused")
