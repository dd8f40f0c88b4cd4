"""The C lexer of cells: tokens, the keyword sets, and the grouping of tokens into top-level pieces.

A byte's path through this module: the cell's text goes through `tokenize`
(comments dropped, each preprocessor line one `directive` token, every other
token with its offsets into the cell), then `top_level_groups` cuts the
tokens into top-level groups: each ends at a top-level `;`, at the `}`
closing a body, or at a directive. Unbalanced brackets raise CellSyntax.
What a group is (declaration, statement...) is decided in chunks.py. Pure
text work, no compiler and no guest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
DECORATIONS = frozenset(
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
TAG_KEYWORDS = frozenset(("struct", "union", "enum"))
# Opening brackets and the closing bracket each expects.
OPEN = {"(": ")", "[": "]", "{": "}"}

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


@dataclass(frozen=True)
class Token:
    kind: str  # ident, number, string, char, punct, directive
    text: str
    start: int  # offsets into the cell source
    end: int


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


def top_level_groups(tokens: list[Token]) -> list[list[Token]]:
    """Group tokens into top-level chunks: each ends at a top-level ';', at the
    '}' closing a body, or at a directive. CellSyntax if brackets do not balance."""
    groups: list[list[Token]] = []
    current: list[Token] = []
    stack: list[str] = []  # the closing brackets still expected
    has_body = False  # a top-level '{' of the current chunk opened a body
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.kind == "directive" and not current:
            groups.append([token])
            continue
        if token.kind == "punct" and token.text in OPEN:
            has_body = has_body or (token.text == "{" and not stack and _opens_body(current))
            stack.append(OPEN[token.text])
        elif token.kind == "punct" and token.text in OPEN.values():
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
    depth0 = top_level(before)
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


def top_level(tokens: list[Token]) -> list[Token]:
    """The tokens outside any bracket."""
    out, depth = [], 0
    for t in tokens:
        if t.kind == "punct" and t.text in OPEN:
            depth += 1
        elif t.kind == "punct" and t.text in OPEN.values():
            depth -= 1
        elif depth == 0:
            out.append(t)
    return out


def skip_group(tokens: list[Token], i: int) -> int:
    """Index just past the bracket group opening at tokens[i]."""
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].kind == "punct" and tokens[j].text in OPEN:
            depth += 1
        elif tokens[j].kind == "punct" and tokens[j].text in OPEN.values():
            depth -= 1
            if depth == 0:
                return j + 1
    return len(tokens)


def has_word(tokens: list[Token], word: str) -> bool:
    """Does `word` occur outside any bracket?"""
    return any(t.text == word for t in top_level(tokens))
