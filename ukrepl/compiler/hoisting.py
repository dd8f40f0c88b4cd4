"""Hoisting runtime initializers: `T x = f();` at file scope becomes a global and an assignment.

C wants constant initializers at file scope; a REPL user writes
`struct uk_alloc *a = uk_alloc_get_default();`. A byte's path through this
module: the text of one DECLARATION chunk (chunks.py) is parsed by pycparser
(told of the typedef names it uses); each declarator whose initializer calls
something or reads a known object loses its initializer, which comes back as
an assignment among the cell's statements (unit.py places both). Constant
initializers stay; a declaration pycparser cannot read is left to gcc.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pycparser import c_ast, c_generator, c_parser

from .chunks import Chunk, Kind
from .lexer import C_KEYWORDS, Token, top_level


@dataclass(frozen=True)
class Hoisted:
    """A global whose initializer is not a constant: declared at file scope, assigned when the cell runs."""

    declaration: str  # the declaration without that initializer, e.g. "struct uk_alloc *a;"
    assignments: list[str]  # e.g. ["a = uk_alloc_get_default();"]


def hoist(
    chunk: Chunk,
    is_object: Callable[[str], bool],
    type_names: frozenset[str],
    is_function: Callable[[str], bool] | None = None,
) -> Hoisted | None:
    """Split `T x = f();` into a global and a statement, so any initializer works at file scope.

    An initializer is moved into the cell's statements when it calls something
    or reads a known object (is_object); constant ones (numbers, addresses,
    macros) stay. With is_function, only calls of known functions count: a
    call of any other name is a macro (`UK_MUTEX_INITIALIZER(m)`, which
    expands to a constant), left to gcc. Only declarations pycparser can read
    are split; anything else is left to gcc.
    """
    if chunk.kind is not Kind.DECLARATION or not any(t.text == "=" for t in top_level(chunk.tokens)):
        return None
    if not _may_read_at_run_time(chunk.tokens, is_object):
        return None  # what pycparser would say, without parsing (cells of many globals stay linear)
    names = type_names | _leading_type_name(chunk.tokens)
    prelude = "".join(f"typedef int {n};\n" for n in sorted(names & {t.text for t in chunk.tokens}))
    try:
        unit = c_parser.CParser().parse(prelude + chunk.text)
    except Exception:  # pycparser raises ParseError and, on odd input, others
        return None
    decls = [d for d in unit.ext if isinstance(d, c_ast.Decl) and d.name not in names]
    calls = is_function or (lambda _name: True)
    if not decls or not any(_runtime_initializer(d, is_object, calls) for d in decls):
        return None
    generator = c_generator.CGenerator()
    assignments = []
    for d in decls:
        if _runtime_initializer(d, is_object, calls):
            assignments.append(f"{d.name} = {generator.visit(d.init)};")
            d.init = None
    return Hoisted(";\n".join(generator.visit(d) for d in decls) + ";", assignments)


def _may_read_at_run_time(tokens: list[Token], is_object: Callable[[str], bool]) -> bool:
    """Can an initializer call something or read a known object: a '(' or an object's name after
    the first '='? (Without either, _reads_at_run_time is False for every declarator.)"""
    equals = next(i for i, t in enumerate(tokens) if t.text == "=")
    return any(t.text == "(" or (t.kind == "ident" and is_object(t.text)) for t in tokens[equals + 1 :])


def _leading_type_name(tokens: list[Token]) -> set[str]:
    """`size_t n` starts with a type name pycparser must be told about."""
    first = tokens[0]
    if (
        first.kind == "ident"
        and first.text not in C_KEYWORDS
        and len(tokens) > 1
        and tokens[1].kind == "ident"
    ):
        return {first.text}
    return set()


def _runtime_initializer(
    decl: c_ast.Decl, is_object: Callable[[str], bool], calls: Callable[[str], bool]
) -> bool:
    if decl.init is None or isinstance(decl.init, c_ast.InitList):
        return False
    if not isinstance(decl.type, c_ast.TypeDecl | c_ast.PtrDecl) or "const" in decl.quals:
        return False
    if set(decl.storage) & {"extern", "typedef"}:
        return False
    return _reads_at_run_time(decl.init, is_object, calls)


def _reads_at_run_time(
    node: c_ast.Node, is_object: Callable[[str], bool], calls: Callable[[str], bool]
) -> bool:
    """Does the expression call a function or read a known object (outside & and sizeof)?"""
    if isinstance(node, c_ast.FuncCall):
        return (
            not isinstance(node.name, c_ast.ID)
            or calls(node.name.name)
            or any(_reads_at_run_time(child, is_object, calls) for _, child in node.children())
        )
    if isinstance(node, c_ast.UnaryOp) and node.op in ("&", "sizeof"):
        return False
    if isinstance(node, c_ast.ID):
        return is_object(node.name)
    return any(_reads_at_run_time(child, is_object, calls) for _, child in node.children())
