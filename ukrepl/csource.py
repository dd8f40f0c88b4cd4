"""Reading the C source of a notebook cell: its top-level pieces, what each one is, what it defines.

A C cell mixes what C keeps at file scope (includes, types, globals,
functions) with statements to run at once, and may end in an expression
whose value the cell shows. This module cuts a cell into top-level chunks
with a small lexer of its own and classifies each chunk by its first tokens;
pure text work, no compiler and no guest.

How a chunk is classified (first match wins):

- a preprocessor line is a directive;
- a statement keyword (if, for, while, do, switch, return, ...) or `{` starts
  a statement;
- a declaration keyword (int, struct, static, typedef, __attribute__, ...),
  a known type name, or two names in a row (`size_t n`, `__lcpuidx idx[]`)
  start a declaration, which is a function definition if a body follows its
  parameter list;
- `NAME(...) {` is a function defined through a macro;
- `NAME(...)` where NAME is neither a known function nor a known object is a
  macro whose expansion decides (`uk_lib_initcall(f)` declares,
  `uk_pr_err(...)` does not): such chunks are AMBIGUOUS until the caller
  preprocesses them (cells.py) and calls `resolve`;
- anything else is a statement, and an unterminated last statement is the
  cell's final expression.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pycparser import c_ast, c_generator, c_parser

STATEMENT_KEYWORDS = frozenset(
    ["if", "else", "for", "while", "do", "switch", "return", "goto", "break", "continue", "case", "default"]
)
DECLARATION_KEYWORDS = frozenset(
    ("void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool", "_Complex")
    + ("struct", "union", "enum", "typedef", "extern", "static", "auto", "register", "inline", "_Noreturn")
    + ("const", "volatile", "restrict", "_Atomic", "_Alignas", "_Thread_local", "_Static_assert")
    + ("__thread", "__attribute__", "__attribute", "__extension__", "__typeof__", "__typeof", "typeof")
    + ("__inline", "__inline__", "__signed__", "__signed", "__const", "__volatile__", "__restrict")
    + ("__restrict__", "__auto_type", "__int128", "__builtin_va_list")
)
C_KEYWORDS = STATEMENT_KEYWORDS | DECLARATION_KEYWORDS | {"sizeof", "_Alignof", "__alignof__", "_Generic"}
# Words followed by a parenthesized group that belongs to no declarator.
_DECORATIONS = frozenset(
    [
        "__attribute__",
        "__attribute",
        "__asm__",
        "__asm",
        "asm",
        "_Alignas",
        "__typeof__",
        "__typeof",
        "typeof",
    ]
)
_TAG_KEYWORDS = frozenset(("struct", "union", "enum"))

_TOKEN = re.compile(
    r"""(?P<space>[ \t\r\f\v]+|\n)
    |(?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<string>"(?:[^"\\\n]|\\.)*"?)
    |(?P<char>'(?:[^'\\\n]|\\.)*'?)
    |(?P<ident>[A-Za-z_]\w*)
    |(?P<number>\.?\d(?:[eEpP][+-]|[\w.])*)
    |(?P<punct>\.\.\.|<<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^!=<>]=|\#\#|.)""",
    re.VERBOSE | re.DOTALL,
)


class Kind(enum.Enum):
    DIRECTIVE = "directive"  # a preprocessor line
    DECLARATION = "declaration"  # file scope: types, globals, prototypes
    FUNCTION = "function"  # a function definition, file scope
    STATEMENT = "statement"  # runs in the cell's generated function
    EXPRESSION = "expression"  # the unterminated last statement: the cell's value
    AMBIGUOUS = "ambiguous"  # NAME(...) with NAME a macro: see resolve()


@dataclass(frozen=True)
class Token:
    kind: str  # ident, number, string, char, punct, directive
    text: str
    start: int  # offsets into the cell source
    end: int


@dataclass(frozen=True)
class Definition:
    """A name a chunk gives a meaning to at file scope."""

    name: str
    kind: str  # function, variable, prototype, typedef, struct, union, enum
    static: bool = False


@dataclass
class Chunk:
    kind: Kind
    tokens: list[Token]
    source: str = field(repr=False)  # the whole cell
    macro: bool = False  # a declaration only through a macro's expansion (see resolve)

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
        return self.source.count("\n", 0, self.start) + 1

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
        return _definitions(self.tokens)

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
        if _has_word(self.tokens, "static"):
            return None
        if self.kind is Kind.FUNCTION:
            body = _function_body_start(self.tokens)
            if body is None:  # defined through a macro: no prototype to give
                return None
            head = self.tokens[:body]
            return (
                _text_without(self.source, head, [t for t in head if t.text in ("inline", "__inline__")])
                + ";"
            )
        if _has_word(self.tokens, "typedef") or _has_word(self.tokens, "extern"):
            return self.text
        if all(d.kind != "variable" for d in self.definitions()):
            return self.text  # types and prototypes
        return "extern " + _without_initializers(self.source, self.tokens)


class CellSyntax(ValueError):
    """The cell cannot be cut into chunks (unbalanced brackets, say)."""


def tokenize(source: str) -> list[Token]:
    """C tokens of a cell; comments dropped, each preprocessor line one 'directive' token."""
    tokens: list[Token] = []
    pos, line_start = 0, True
    while pos < len(source):
        if line_start and source[pos] == "#":
            end = _directive_end(source, pos)
            tokens.append(Token("directive", source[pos:end], pos, end))
            pos = end
            continue
        match = _TOKEN.match(source, pos)
        kind, text = match.lastgroup, match.group()
        if kind == "space":
            line_start = line_start if text != "\n" else True
        elif kind == "comment":
            line_start = line_start and "\n" not in text
        else:
            line_start = False
            tokens.append(Token(kind, text, pos, match.end()))
        pos = match.end()
    return tokens


def _directive_end(source: str, pos: int) -> int:
    """End of the preprocessor line starting at pos (backslash continuations included)."""
    while True:
        newline = source.find("\n", pos)
        if newline < 0:
            return len(source)
        if source[pos:newline].rstrip("\r").endswith("\\"):
            pos = newline + 1
            continue
        return newline


def chunks(
    source: str,
    is_value: Callable[[str], bool] = lambda name: False,
    is_type: Callable[[str], bool] = lambda name: False,
) -> list[Chunk]:
    """Cut a cell into classified top-level chunks.

    is_value(name): name is a known function or object (a call-like chunk
    naming it is a statement); is_type(name): name is a known typedef. What
    the cell's own earlier chunks declare counts as known too.
    """
    values: set[str] = set()
    types: set[str] = set()
    out = []
    for group in _split(tokenize(source)):
        kind = _classify(group, lambda n: n in values or is_value(n), lambda n: n in types or is_type(n))
        chunk = Chunk(kind, group, source)
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


# -- cutting ---------------------------------------------------------------------

_OPEN = {"(": ")", "[": "]", "{": "}"}


def _split(tokens: list[Token]) -> list[list[Token]]:
    """Group tokens into top-level chunks: each ends at a top-level ';', at the
    '}' closing a body, or at a directive."""
    groups: list[list[Token]] = []
    current: list[Token] = []
    stack: list[str] = []  # the closing brackets still expected
    has_body = False  # a top-level '{' of the current chunk opened a body
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.kind == "directive" and not current:
            groups.append([token])
            continue
        if token.kind == "punct" and token.text in _OPEN:
            has_body = has_body or (token.text == "{" and not stack and _opens_body(current))
            stack.append(_OPEN[token.text])
        elif token.kind == "punct" and token.text in _OPEN.values():
            expected = stack.pop() if stack else None
            if token.text != expected:
                raise CellSyntax(f"unbalanced {token.text!r}")
        current.append(token)
        if stack:
            continue
        ends_body = token.text == "}" and has_body and not _continues_after_body(current, nxt)
        ends_statement = token.text == ";" and not (nxt is not None and nxt.text == "else")
        if ends_statement or ends_body:
            groups.append(current)
            current, has_body = [], False
    if stack:
        raise CellSyntax(f"missing {stack[-1]!r} at the end of the cell")
    if current:
        groups.append(current)
    return [g for g in groups if [t.text for t in g] != [";"]]


def _opens_body(before: list[Token]) -> bool:
    """Does a '{' after these tokens open a body (function, block), not a type or initializer?"""
    if not before:
        return True  # a bare block
    first = before[0].text
    if first in STATEMENT_KEYWORDS:
        return True
    depth0 = _top_level(before)
    if any(t.text == "=" for t in depth0):
        return False  # an initializer or a compound literal
    return before[-1].text == ")" and first != "("  # after a parameter list


def _continues_after_body(current: list[Token], nxt: Token | None) -> bool:
    if nxt is None:
        return False
    if current[0].text == "do" or nxt.text == "else":
        return True
    # Punctuation after a block can only continue a statement, and statements
    # may share a chunk; a name or keyword starts something new.
    is_statement = current[0].text in STATEMENT_KEYWORDS or current[0].text == "{"
    return is_statement and nxt.kind == "punct" and nxt.text not in ("{", "(")


def _top_level(tokens: list[Token]) -> list[Token]:
    """The tokens outside any bracket."""
    out, depth = [], 0
    for t in tokens:
        if t.kind == "punct" and t.text in _OPEN:
            depth += 1
        elif t.kind == "punct" and t.text in _OPEN.values():
            depth -= 1
        elif depth == 0:
            out.append(t)
    return out


# -- classifying -----------------------------------------------------------------


def _classify(group: list[Token], is_value: Callable[[str], bool], is_type: Callable[[str], bool]) -> Kind:
    first = group[0]
    if first.kind == "directive":
        return Kind.DIRECTIVE
    if first.text in STATEMENT_KEYWORDS or first.text == "{":
        return Kind.STATEMENT
    if _starts_declaration(group, is_type):
        return Kind.FUNCTION if _function_body_start(group) is not None else Kind.DECLARATION
    if first.kind == "ident" and len(group) > 1 and group[1].text == "(":
        after = _skip_group(group, 1)
        if after < len(group) and group[after].text == "{":
            return Kind.FUNCTION  # NAME(...) { ... }: a function defined through a macro
        if not is_value(first.text) and first.text not in C_KEYWORDS:
            return Kind.AMBIGUOUS
    return Kind.STATEMENT


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


def _skip_group(tokens: list[Token], i: int) -> int:
    """Index just past the bracket group opening at tokens[i]."""
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].kind == "punct" and tokens[j].text in _OPEN:
            depth += 1
        elif tokens[j].kind == "punct" and tokens[j].text in _OPEN.values():
            depth -= 1
            if depth == 0:
                return j + 1
    return len(tokens)


def _function_body_start(tokens: list[Token]) -> int | None:
    """Index of the '{' opening a function body at top level, if the chunk has one."""
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.text == "=":
            return None
        if t.text == "{":
            return i if i > 0 and tokens[i - 1].text == ")" else None
        i = _skip_group(tokens, i) if t.text in ("(", "[") else i + 1
    return None


def _has_word(tokens: list[Token], word: str) -> bool:
    return any(t.text == word for t in _top_level(tokens))


# -- what a declaration defines -----------------------------------------------------


def _definitions(tokens: list[Token]) -> list[Definition]:
    """Names a declaration or function definition gives meaning to, by a walk over its top level."""
    toks = _undecorated(tokens)
    static = any(t.text == "static" for t in toks)
    is_typedef = any(t.text == "typedef" for t in toks)
    is_extern = any(t.text == "extern" for t in toks)
    has_body = _function_body_start(toks) is not None
    out: list[Definition] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1].text if i + 1 < len(toks) else ";"
        if t.text in _TAG_KEYWORDS:
            tag = toks[i + 1] if i + 1 < len(toks) and toks[i + 1].kind == "ident" else None
            after = i + 2 if tag else i + 1
            if tag and after < len(toks) and toks[after].text == "{":
                out.append(Definition(tag.text, t.text, static))
            i = after
            continue
        if t.text == "=":
            i = _skip_initializer(toks, i)
            continue
        if t.text in ("{", "["):
            i = _skip_group(toks, i)
            continue
        if _is_name(t) and nxt in (")", "[", ",", ";", "=", ":", "("):
            if is_typedef:
                kind = "typedef"
            elif nxt == "(":
                kind = "function" if has_body else "prototype"
            else:
                kind = "extern" if is_extern else "variable"
            out.append(Definition(t.text, kind, static))
            i = _skip_group(toks, i + 1) if nxt == "(" else i + 1
            if kind == "function":
                break
            continue
        if t.text == "(" and i > 0 and (toks[i - 1].text == ")" or _is_name(toks[i - 1])):
            i = _skip_group(toks, i)  # a parameter list
            continue
        i += 1
    return out


def _is_name(token: Token) -> bool:
    return token.kind == "ident" and token.text not in C_KEYWORDS


def _undecorated(tokens: list[Token]) -> list[Token]:
    """The tokens without attribute, asm-label, alignment and typeof groups."""
    out, i = [], 0
    while i < len(tokens):
        if tokens[i].text in _DECORATIONS and i + 1 < len(tokens) and tokens[i + 1].text == "(":
            i = _skip_group(tokens, i + 1)
            continue
        out.append(tokens[i])
        i += 1
    return out


def _skip_initializer(tokens: list[Token], i: int) -> int:
    """Index of the ',' or ';' ending the initializer whose '=' is at tokens[i] (or the end)."""
    i += 1
    while i < len(tokens) and tokens[i].text not in (",", ";"):
        i = _skip_group(tokens, i) if tokens[i].text in _OPEN else i + 1
    return i


def _text_without(source: str, tokens: list[Token], cut: Iterable[Token]) -> str:
    """Source text of tokens[0]..tokens[-1] with the `cut` tokens blanked out (newlines kept)."""
    start, end = tokens[0].start, tokens[-1].end
    text = list(source[start:end])
    for t in cut:
        for k in range(t.start - start, t.end - start):
            if text[k] != "\n":
                text[k] = " "
    return "".join(text)


def _without_initializers(source: str, tokens: list[Token]) -> str:
    """A declaration's text with its initializers removed; `x[] = {1, 2}` keeps its length as `x[2]`."""
    cut: list[Token] = []
    sizes: dict[int, int] = {}  # offset of an empty '[]' -> element count of its initializer
    i = 0
    while i < len(tokens):
        if tokens[i].text in ("(", "[", "{"):
            i = _skip_group(tokens, i)
            continue
        if tokens[i].text == "=":
            end = _skip_initializer(tokens, i)
            initializer = tokens[i + 1 : end]
            if i >= 2 and tokens[i - 2].text == "[" and tokens[i - 1].text == "]":
                count = _element_count(initializer)
                if count is not None:
                    sizes[tokens[i - 1].start] = count
            cut += tokens[i:end]
            i = end
            continue
        i += 1
    text = _text_without(source, tokens, cut)
    start = tokens[0].start
    for offset in sorted(sizes, reverse=True):
        k = offset - start
        text = text[:k] + str(sizes[offset]) + text[k:]
    return text.rstrip().rstrip(";").rstrip() + ";"


def _element_count(initializer: list[Token]) -> int | None:
    """Elements of an array initializer: a brace list without designators, or a string literal."""
    if len(initializer) == 1 and initializer[0].kind == "string":
        return len(_string_value(initializer[0].text)) + 1
    if not initializer or initializer[0].text != "{" or _skip_group(initializer, 0) != len(initializer):
        return None
    inner = _top_level(initializer[1:-1])
    if any(t.text == "=" for t in inner):
        return None  # designators: the length is not the count
    commas = sum(t.text == "," for t in inner)
    trailing = bool(initializer[-2].text == ",")
    return commas + 1 - trailing if len(initializer) > 2 else 0


def _string_value(literal: str) -> bytes:
    return literal[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1")


# -- initializers that must run ------------------------------------------------------


@dataclass(frozen=True)
class Hoisted:
    """A global whose initializer is not a constant: declared at file scope, assigned when the cell runs."""

    declaration: str  # the declaration without that initializer, e.g. "struct uk_alloc *a;"
    assignments: list[str]  # e.g. ["a = uk_alloc_get_default();"]


def hoist(chunk: Chunk, is_object: Callable[[str], bool], type_names: frozenset[str]) -> Hoisted | None:
    """Split `T x = f();` into a global and a statement, so any initializer works at file scope.

    C wants constant initializers at file scope; a REPL user writes
    `struct uk_alloc *a = uk_alloc_get_default();`. An initializer is moved
    into the cell's statements when it calls something or reads a known
    object (is_object); constant ones (numbers, addresses, macros) stay. Only
    declarations pycparser can read are split; anything else is left to gcc.
    """
    if chunk.kind is not Kind.DECLARATION or not any(t.text == "=" for t in _top_level(chunk.tokens)):
        return None
    names = type_names | _leading_type_name(chunk.tokens)
    prelude = "".join(f"typedef int {n};\n" for n in sorted(names & {t.text for t in chunk.tokens}))
    try:
        unit = c_parser.CParser().parse(prelude + chunk.text)
    except Exception:  # pycparser raises ParseError and, on odd input, others
        return None
    decls = [d for d in unit.ext if isinstance(d, c_ast.Decl) and d.name not in names]
    if not decls or not any(_runtime_initializer(d, is_object) for d in decls):
        return None
    generator = c_generator.CGenerator()
    assignments = []
    for d in decls:
        if _runtime_initializer(d, is_object):
            assignments.append(f"{d.name} = {generator.visit(d.init)};")
            d.init = None
    return Hoisted(";\n".join(generator.visit(d) for d in decls) + ";", assignments)


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


def _runtime_initializer(decl: c_ast.Decl, is_object: Callable[[str], bool]) -> bool:
    if decl.init is None or isinstance(decl.init, c_ast.InitList):
        return False
    if not isinstance(decl.type, c_ast.TypeDecl | c_ast.PtrDecl) or "const" in decl.quals:
        return False
    if set(decl.storage) & {"extern", "typedef"}:
        return False
    return _reads_at_run_time(decl.init, is_object)


def _reads_at_run_time(node: c_ast.Node, is_object: Callable[[str], bool]) -> bool:
    """Does the expression call a function or read a known object (outside & and sizeof)?"""
    if isinstance(node, c_ast.FuncCall):
        return True
    if isinstance(node, c_ast.UnaryOp) and node.op in ("&", "sizeof"):
        return False
    if isinstance(node, c_ast.ID):
        return is_object(node.name)
    return any(_reads_at_run_time(child, is_object) for _, child in node.children())


# -- expression cells ----------------------------------------------------------------


def single_expression(
    source: str, is_macro: Callable[[str], bool], is_type: Callable[[str], bool]
) -> str | None:
    """The expression, if the cell is one expression for GDB to evaluate; else None.

    GDB evaluates one expression against the symbols it knows; a name it does
    not know gets its own "No symbol" message. Only a macro (is_macro: one of
    the headers earlier cells included defines it) needs the compiler, and so
    do declarations and statements. GDB's own syntax ($registers,
    array@length) always goes to GDB. A trailing ';' is kept (it says: do not
    show the value); comments are dropped. is_type(name): name is a typedef.
    """
    try:
        tokens = tokenize(source)
        if not tokens or tokens[0].kind == "directive":
            return None
        groups = _split(tokens)
    except CellSyntax:
        return None
    if len(groups) != 1:
        return None
    group = groups[0]
    if _classify(group, lambda name: not is_macro(name), is_type) is not Kind.STATEMENT:
        return None
    if group[0].text in STATEMENT_KEYWORDS or any(t.text in "{}" for t in group if t.kind == "punct"):
        return None
    body = group[:-1] if group[-1].text == ";" else group
    if not body:
        return None
    text = _joined(source, group)
    if any(t.text in ("$", "@") for t in body if t.kind == "punct"):
        return text
    return None if any(is_macro(name) for name in _free_names(body)) else text


def _joined(source: str, tokens: list[Token]) -> str:
    """The tokens' text as written, with any comment between them turned into a space."""
    parts = [tokens[0].text]
    for before, token in zip(tokens, tokens[1:], strict=False):
        gap = source[before.end : token.start]
        parts += [gap if gap.isspace() or not gap else " ", token.text]
    return "".join(parts)


def _free_names(tokens: list[Token]) -> list[str]:
    """Identifiers that must be looked up: not keywords, members or tags."""
    out = []
    for i, t in enumerate(tokens):
        before = tokens[i - 1].text if i else ""
        if t.kind == "ident" and t.text not in C_KEYWORDS and before not in (".", "->", *_TAG_KEYWORDS):
            out.append(t.text)
    return out
