"""Split a C expression into the function calls it makes, innermost first.

GDB's own inferior calls plant an int3 on the guest stack, which kills a guest on
this host's KVM, so ukrepl performs calls itself (see guest.py). This module only
rewrites text: each call `f(a, b)` whose arguments hold no further call is handed
to a `perform` callback, and its result text replaces it; string literals go to a
`place` callback that puts them into guest memory. Pure: no GDB, no guest.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pycparser import c_ast, c_generator, c_parser

# A call needs "name(" / ")(" / "](" ; a string literal needs a quote.
_MAYBE_CALL = re.compile(r"[\w)\]]\s*\(|\"")
_C_KEYWORDS_BEFORE_PAREN = {"sizeof", "_Alignof", "__alignof__", "typeof", "__typeof__"}
# A lone call whose arguments are numbers or names, `tour_fib(10)`: the usual expression, split
# without pycparser (parsing costs more than the call); the keywords rule out `sizeof(x)`, `int(x)`.
_LONE_CALL = re.compile(r"\s*([A-Za-z_]\w*)\s*\(\s*((?:-?\w+\s*(?:,\s*-?\w+\s*)*)?)\)\s*")
_NOT_CALLEES = _C_KEYWORDS_BEFORE_PAREN | {
    *("void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool"),
}

Perform = Callable[[str, list[str], str], str]
Place = Callable[[bytes], str]


class NotC(ValueError):
    """The text is not a plain C expression (it may still be a GDB expression)."""


def may_call(expression: str) -> bool:
    """Cheap test: can this expression contain a call or a string literal at all?"""
    for match in _MAYBE_CALL.finditer(expression):
        head = expression[: match.start() + 1]
        word = re.search(r"\w+$", head)
        if match.group() == '"' or not word or word.group() not in _C_KEYWORDS_BEFORE_PAREN:
            return True
    return False


def parse(expression: str, typedef_names: frozenset[str] = frozenset()) -> c_ast.Node:
    """Parse one C expression; NotC if it is not one."""
    # Only the typedef names the expression uses: each line of prelude costs parse time.
    used = typedef_names & set(re.findall(r"[A-Za-z_]\w*", expression))
    prelude = "".join(f"typedef int {name};\n" for name in sorted(used))
    source = f"{prelude}void __ukrepl_expression(void) {{ ({expression}); }}\n"
    try:
        unit = c_parser.CParser().parse(source)
    except Exception as err:  # pycparser raises ParseError and, on odd input, others
        raise NotC(str(err)) from err
    body = unit.ext[-1].body.block_items
    if not body or len(body) != 1:
        raise NotC("not a single expression")
    return body[0]


def rewrite(
    expression: str, perform: Perform, place: Place, typedef_names: frozenset[str] = frozenset()
) -> str:
    """Perform every call in `expression` (innermost first) and return what is left for GDB."""
    lone = _LONE_CALL.fullmatch(expression)
    if lone and lone.group(1) not in _NOT_CALLEES and lone.group(1) not in typedef_names:
        callee, args = lone.group(1), [a.strip() for a in lone.group(2).split(",") if a.strip()]
        return perform(callee, args, f"{callee}({', '.join(args)})")
    tree = parse(expression, typedef_names)
    generator = c_generator.CGenerator()
    rewriter = _Rewriter(generator, perform, place)
    rewriter.visit_tree(tree)
    return generator.visit(rewriter.replace(tree) or tree)


class _Rewriter:
    def __init__(self, generator: c_generator.CGenerator, perform: Perform, place: Place) -> None:
        self.text = generator.visit
        self.perform = perform
        self.place = place

    def visit_tree(self, node: c_ast.Node) -> None:
        for name, child in list(node.children()):
            self.visit_tree(child)
            replacement = self.replace(child)
            if replacement is not None:
                _set_child(node, name, replacement)

    def replace(self, node: c_ast.Node) -> c_ast.Node | None:
        if isinstance(node, c_ast.Constant) and node.type == "string":
            return c_ast.ID(self.place(_string_bytes(node.value)))
        if isinstance(node, c_ast.FuncCall):
            args = [self.text(a) for a in node.args.exprs] if node.args else []
            return c_ast.ID(self.perform(self.text(node.name), args, self.text(node)))
        return None


def _set_child(parent: c_ast.Node, name: str, value: c_ast.Node) -> None:
    """pycparser names list children 'exprs[2]'; plain ones by attribute."""
    match = re.fullmatch(r"(\w+)\[(\d+)\]", name)
    if match:
        getattr(parent, match.group(1))[int(match.group(2))] = value
    else:
        setattr(parent, name, value)


def _string_bytes(literal: str) -> bytes:
    """Bytes of a C string literal (adjacent literals already merged), NUL-terminated."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', literal)
    text = "".join(parts)
    return text.encode("latin-1", "backslashreplace").decode("unicode_escape").encode("utf-8") + b"\0"
