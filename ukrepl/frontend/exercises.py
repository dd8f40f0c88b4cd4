"""Workshop exercises: the checks a notebook's cells call, and the student version made from a solution.

One source per exercise notebook: `notebooks/solutions/NAME.ipynb` holds the
answers; `notebooks/NAME.ipynb`, what students get, is made from it by
`student_version` (`ukrepl exercises notebooks/solutions notebooks`) and kept
equal to it by a test. An answer is marked in the solution by a comment line
`# your answer...` (`// your answer...` in C); the lines after it, up to a
blank line or the cell's end, are the answer. In the student version a Python
answer `names = expression` becomes `names = ...` (one `...` per name) and a C
answer is dropped, leaving its comment.

Path of a check: the check cell (%%python) calls `answered(...)` on the answers
-> NotYet while one is still `...`, then `check(condition, why)` -> NotYet
("not yet: why") when the answer is wrong -> the kernel shows it as one line
with its hint, like any UkreplError; else the cell prints its "Right: ...".
"""

from __future__ import annotations

import ast
import copy
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UkreplError

if TYPE_CHECKING:  # nbformat is imported where notebooks are written: a kernel only checks answers
    from nbformat import NotebookNode

MARKERS = ("# your answer", "// your answer")


class NotYet(UkreplError):
    """An exercise's check that does not pass yet."""

    hint = "change the answer above, run its cell, then this one again"


def _blank(value: object) -> bool:
    return value is ... or (isinstance(value, tuple) and any(_blank(v) for v in value))


def answered(*answers: object) -> None:
    """NotYet while an answer is still the `...` of the student version."""
    if any(_blank(a) for a in answers):
        raise NotYet(
            "not yet: the answer is still `...`",
            "replace the `...` of the `# your answer` line above with your answer and run that cell",
        )


def check(right: bool, why: str) -> None:
    """NotYet (`not yet: why`) unless the answer is right."""
    if not right:
        raise NotYet(f"not yet: {why}")


def student_version(solution: NotebookNode) -> NotebookNode:
    """The notebook with every marked answer blanked (see the module's docstring)."""
    student = copy.deepcopy(solution)
    for cell in student.cells:
        if cell.cell_type == "code":
            cell.source = _blank_answers(cell.source)
    return student


def _blank_answers(source: str) -> str:
    lines, out, index = source.split("\n"), [], 0
    python = source.startswith("%%python")
    while index < len(lines):
        line = lines[index]
        out.append(line)
        index += 1
        if not line.strip().startswith(MARKERS):
            continue
        end = index
        while end < len(lines) and lines[end].strip():
            end += 1
        if python:
            out += [_blank_assignment(text) for text in lines[index:end]]
        index = end
    return "\n".join(out)


def _blank_assignment(line: str) -> str:
    """`a, b = expression  # note` -> `a, b = ..., ...`: an answer line is one assignment."""
    text = line.strip()
    try:
        (statement,) = ast.parse(text).body
    except (SyntaxError, ValueError):
        statement = None
    if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
        raise UkreplError(f"an answer line must be one assignment: {text!r}", "split it, or fix it")
    target = statement.targets[0]
    count = len(target.elts) if isinstance(target, ast.Tuple) else 1
    indent = line[: len(line) - len(line.lstrip())]
    return f"{indent}{ast.get_source_segment(text, target)} = {', '.join(['...'] * count)}"


def write_student_versions(solutions: Path, students: Path) -> list[Path]:
    """Write the student version of every notebook in `solutions` into `students`; return them."""
    import nbformat

    written = []
    for path in sorted(solutions.glob("*.ipynb")):
        target = students / path.name
        target.write_text(notebook_text(student_version(nbformat.read(path, as_version=4))))
        written.append(target)
    return written


def notebook_text(notebook: NotebookNode) -> str:
    """A notebook as JupyterLab saves it (so opening and saving it changes nothing)."""
    import nbformat

    return nbformat.writes(notebook) + "\n"
