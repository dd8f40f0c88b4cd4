"""The C file gcc compiles for a cell: earlier cells' declarations, the cell's file scope, its runner.

A byte's path through this module: the cell's classified chunks (and the
declarations earlier cells carried on, see CellSession) go through
`c_unit`, which writes the translation unit: the carried declarations,
this cell's file-scope chunks (a runtime initializer hoisted out, see
hoisting.py), and its statements and final expression inside a generated
function `__ukrepl_cell<N>` (RUNNER), the final expression kept in a static
`value` (VALUE). `#line` directives give every piece its cell's own file
name and line number, and each chunk keeps its column, so gcc's messages
point into the cell. `value_designator` says when that final expression
names an object.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .chunks import Chunk, Kind
from .hoisting import hoist
from .linked_cell import Carried

RUNNER = "__ukrepl_cell{}"  # the generated function that runs a cell's statements
VALUE = "value"  # its static copy of the cell's final expression
_DESIGNATOR = re.compile(r"[A-Za-z_]\w*(\s*(\.|->)\s*[A-Za-z_]\w*|\s*\[\s*\w+\s*\])*")


def c_unit(
    number: int,
    chunks: list[Chunk],
    header: list[Carried],
    is_object: Callable[[str], bool],
    typedef_names: frozenset[str],
    value_as_statement: bool,
    is_function: Callable[[str], bool] | None = None,
) -> tuple[str, bool]:
    """The C file for gcc, and whether the cell shows a value.

    header: earlier cells' declarations; is_object(name): a known global
    variable (its reading in an initializer makes it a runtime one);
    value_as_statement: run the final expression as a statement (its type
    is void) instead of keeping its value; is_function(name): a known
    function (calls of other names in initializers are macros: see hoist).
    """
    name = f"cell{number}.c"
    top: list[str] = [f'#line {c.line} "cell{c.cell}.c"\n{c.text}\n' for c in header]
    body: list[str] = []
    shows_value = False
    for chunk in chunks:
        at = f'#line {chunk.line} "{name}"\n'
        hoisted = hoist(chunk, is_object, typedef_names, is_function)
        if hoisted is not None:
            top += [at, hoisted.declaration, "\n"]
            body += [at, " ".join(hoisted.assignments), "\n"]
        elif chunk.kind in (Kind.DIRECTIVE, Kind.DECLARATION, Kind.FUNCTION):
            top += [at, chunk.placed_text(), "\n"]
        elif chunk.kind is Kind.EXPRESSION and not value_as_statement:
            # Evaluated once, kept in a static the host reads through GDB with its type.
            body += [at, "__auto_type __ukrepl_value =\n", at, chunk.placed_text(), "\n;\n"]
            body += [f"static __typeof__(__ukrepl_value) {VALUE} __attribute__((used));\n"]
            body += [f"{VALUE} = __ukrepl_value;\n"]
            shows_value = True
        else:
            body += [at, chunk.placed_text(), ";\n" if chunk.kind is Kind.EXPRESSION else "\n"]
    if body:  # the function's own lines count as the first statement's (ld names them)
        top += [body[0], f"void {RUNNER.format(number)}(void)\n{{\n", *body, "}\n"]
    return "".join(top), shows_value


def value_designator(chunks: list[Chunk]) -> str | None:
    """The final expression's text when it names an object (`sv`, `p->buf`, `a[2].x`), else None."""
    final = [c for c in chunks if c.kind is Kind.EXPRESSION][-1].text.strip()
    return final if _DESIGNATOR.fullmatch(final) else None
