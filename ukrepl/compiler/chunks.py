"""The top-level chunks of a C cell: what each one is (directive, declaration, statement...).

A C cell mixes what C keeps at file scope (includes, types, globals,
functions) with statements to run at once, and may end in an expression
whose value the cell shows. A byte's path through this module: the lexer's
top-level token groups of the cell (see cell_text.read_cell) go through
`classify_groups`, which makes each one a Chunk and classifies it by its
first tokens; a chunk then gives its text placed at its column
(`placed_text`), what it defines (`definitions`) and what later cells see of
it (`carried_text`). Pure text work, no compiler and no guest.

How a chunk is classified (first match wins):

- a preprocessor line is a directive;
- a statement keyword (if, for, while, do, switch, return, ...) or `{` starts
  a statement;
- a declaration keyword (int, struct, static, typedef, __attribute__, ...),
  a known type name, or two names in a row (`size_t n`, `__lcpuidx idx[]`)
  start a declaration, which is a function definition if a body follows its
  parameter list;
- `NAME(...) {` is a function defined through a macro;
- a basic `asm("...")` that defines a label or gives a directive (`.globl f`,
  `f:`) is file-scope assembly, as in a .c file; any other asm runs with the
  cell's statements;
- `NAME(...)` where NAME is neither a known function nor a known object is a
  macro whose expansion decides (`uk_lib_initcall(f)` declares,
  `uk_pr_err(...)` does not): such chunks are AMBIGUOUS until the caller
  preprocesses them (cell_session.py) and calls `resolve`;
- anything else is a statement, and an unterminated last statement is the
  cell's final expression.
"""

from __future__ import annotations

import bisect
import enum
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .declarations import Definition, definitions, function_body_start, text_without, without_initializers
from .lexer import C_KEYWORDS, DECLARATION_KEYWORDS, STATEMENT_KEYWORDS, Token, has_word, skip_group


class Kind(enum.Enum):
    DIRECTIVE = "directive"  # a preprocessor line
    DECLARATION = "declaration"  # file scope: types, globals, prototypes
    FUNCTION = "function"  # a function definition, file scope
    STATEMENT = "statement"  # runs in the cell's generated function
    EXPRESSION = "expression"  # the unterminated last statement: the cell's value
    AMBIGUOUS = "ambiguous"  # NAME(...) with NAME a macro: see resolve()


@dataclass
class Chunk:
    kind: Kind
    tokens: list[Token]
    source: str = field(repr=False)  # the whole cell
    macro: bool = False  # a declaration only through a macro's expansion (see resolve)
    _definitions: list[Definition] | None = field(default=None, repr=False, compare=False)  # of tokens

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def text(self) -> str:
        return self.source[self.start : self.end]

    @property
    def line(self) -> int:
        """1-based line of the chunk's first character in the cell."""
        return bisect.bisect_right(_newlines(self.source), self.start) + 1

    @property
    def column(self) -> int:
        return self.start - (self.source.rfind("\n", 0, self.start) + 1)

    def placed_text(self) -> str:
        """The chunk's text, indented so that its first line starts at its column in the cell.

        Placed after a #line directive, the compiler then reports the cell's own
        line and column numbers.
        """
        lead = self.source[self.start - self.column : self.start]
        return re.sub(r"[^\t]", " ", lead) + self.text

    @property
    def terminated(self) -> bool:
        return self.tokens[-1].text in (";", "}")

    def definitions(self) -> list[Definition]:
        """What the chunk declares or defines (not what a macro makes of it: that is unknown)."""
        if self.kind not in (Kind.DECLARATION, Kind.FUNCTION) or self.macro:
            return []
        if self._definitions is None:  # asked for several times per chunk: walked once
            self._definitions = definitions(self.tokens)
        return self._definitions

    def carried_text(self) -> str | None:
        """What later cells need to see of this chunk (None: nothing).

        Directives, types and prototypes as written; a function definition as
        its prototype; a global variable as an extern declaration. Static
        things stay private to the cell, as in C.
        """
        if self.kind is Kind.DIRECTIVE:
            return self.text
        if self.kind not in (Kind.DECLARATION, Kind.FUNCTION) or self.macro:
            return None
        if has_word(self.tokens, "static"):
            return None
        if self.kind is Kind.FUNCTION:
            body = function_body_start(self.tokens)
            if body is None:  # defined through a macro: no prototype to give
                return None
            head = self.tokens[:body]
            return (
                text_without(self.source, head, [t for t in head if t.text in ("inline", "__inline__")]) + ";"
            )
        if has_word(self.tokens, "typedef") or has_word(self.tokens, "extern"):
            return self.text
        if all(d.kind != "variable" for d in self.definitions()):
            return self.text  # types and prototypes
        return "extern " + without_initializers(self.source, self.tokens)


@functools.lru_cache(maxsize=4)
def _newlines(source: str) -> tuple[int, ...]:
    """Offsets of a cell's newlines, found once per cell (a chunk's line is a search in them)."""
    return tuple(m.start() for m in re.finditer("\n", source))


def classify_groups(
    groups: list[list[Token]],
    source: str,
    is_value: Callable[[str], bool] = lambda name: False,
    is_type: Callable[[str], bool] = lambda name: False,
) -> list[Chunk]:
    """Classified chunks of a cell, from its top-level token groups (lexer.top_level_groups).

    is_value(name): name is a known function or object (a call-like chunk
    naming it is a statement); is_type(name): name is a known typedef. What
    the cell's own earlier chunks declare counts as known too.
    """
    values: set[str] = set()
    types: set[str] = set()
    out = []

    def known_type(name: str) -> bool:
        return name in types or is_type(name)

    for group in groups:
        kind = kind_of(group, lambda n: n in values or is_value(n), known_type)
        chunk = Chunk(kind, group, source)
        # NAME(...) { ... } (UK_TESTCASE(suite, case) { ... }): what the macro defines is its own
        # business; carrying `NAME(...);` on would define its records again in every later cell
        chunk.macro = kind is Kind.FUNCTION and not _starts_declaration(group, known_type)
        if chunk.kind is Kind.STATEMENT and not chunk.terminated:
            chunk.kind = Kind.EXPRESSION
        for d in chunk.definitions():
            (types if d.kind == "typedef" else values).add(d.name)
        out.append(chunk)
    return out


def resolve(chunk: Chunk, expansion: list[Token]) -> None:
    """Settle an AMBIGUOUS chunk by the tokens its leading macro expands to."""
    if expansion and _starts_declaration(expansion, lambda name: False):
        chunk.kind, chunk.macro = Kind.DECLARATION, True
    else:
        chunk.kind = Kind.STATEMENT if chunk.terminated else Kind.EXPRESSION


def kind_of(group: list[Token], is_value: Callable[[str], bool], is_type: Callable[[str], bool]) -> Kind:
    """What one top-level group is, by its first tokens (an unterminated statement stays STATEMENT)."""
    first = group[0]
    if first.kind == "directive":
        return Kind.DIRECTIVE
    if first.text in STATEMENT_KEYWORDS or first.text == "{":
        return Kind.STATEMENT
    if first.text in _ASM:
        return Kind.DECLARATION if _file_scope_asm(group) else Kind.STATEMENT
    if _starts_declaration(group, is_type):
        return Kind.FUNCTION if function_body_start(group) is not None else Kind.DECLARATION
    if first.kind == "ident" and len(group) > 1 and group[1].text == "(":
        after = skip_group(group, 1)
        if after < len(group) and group[after].text == "{":
            return Kind.FUNCTION  # NAME(...) { ... }: a function defined through a macro
        if not is_value(first.text) and first.text not in C_KEYWORDS:
            return Kind.AMBIGUOUS
    return Kind.STATEMENT


_ASM = frozenset(("__asm__", "__asm", "asm"))
# In an asm template: a directive or a label at the start of one of its lines or statements.
_DEFINES_SYMBOLS = re.compile(r'(?:^"|\\n|;)\s*(?:\.\w+|[A-Za-z_.$][\w.$]*:)')


def _file_scope_asm(group: list[Token]) -> bool:
    """Basic asm (no operands: extended asm only lives in functions) whose template defines a label
    or gives a directive: it makes symbols or sections, so it belongs at file scope."""
    if any(t.kind == "punct" and t.text == ":" for t in group):
        return False
    return any(t.kind == "string" and _DEFINES_SYMBOLS.search(t.text) for t in group)


def _starts_declaration(tokens: list[Token], is_type: Callable[[str], bool]) -> bool:
    first = tokens[0]
    if first.kind != "ident":
        return False
    if first.text in DECLARATION_KEYWORDS or is_type(first.text):
        return True
    if first.text in C_KEYWORDS:
        return False
    stars = 1
    while stars < len(tokens) and tokens[stars].text == "*":
        stars += 1
    rest = tokens[stars:]
    if not rest or rest[0].kind != "ident" or rest[0].text in ("sizeof", "_Alignof"):
        return False
    if stars == 1:
        return True  # two names in a row: a type name, then a declarator or qualifier
    # NAME * NAME: a declaration when a declarator's end follows (a product as a statement is useless)
    follower = rest[1].text if len(rest) > 1 else ";"
    return follower in ("=", ";", ",", "[", ")")
