"""What a C declaration defines, and the texts later cells see of it.

A byte's path through this module: the tokens of one declaration or function
definition (a chunk, from chunks.py) are walked at their top level by
`definitions`, which names what they give a meaning to at file scope
(functions, variables, prototypes, typedefs, tags). For the text a later
cell sees, `function_body_start` finds where a prototype ends,
`without_initializers` turns `int x[] = {1, 2};` into `int x[2];` and
`text_without` blanks tokens out of the cell's text while keeping its
layout. Pure text work over lexer tokens.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .lexer import C_KEYWORDS, DECORATIONS, OPEN, TAG_KEYWORDS, Token, skip_group, top_level


@dataclass(frozen=True)
class Definition:
    """A name a chunk gives a meaning to at file scope."""

    name: str
    kind: str  # function, variable, prototype, typedef, struct, union, enum
    static: bool = False


def function_body_start(tokens: list[Token]) -> int | None:
    """Index of the '{' opening a function body at top level, if the chunk has one."""
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.text == "=":
            return None
        if t.text == "{":
            return i if i > 0 and tokens[i - 1].text == ")" else None
        i = skip_group(tokens, i) if t.text in ("(", "[") else i + 1
    return None


def definitions(tokens: list[Token]) -> list[Definition]:
    """Names a declaration or function definition gives meaning to, by a walk over its top level."""
    toks = _undecorated(tokens)
    static = any(t.text == "static" for t in toks)
    is_typedef = any(t.text == "typedef" for t in toks)
    is_extern = any(t.text == "extern" for t in toks)
    has_body = function_body_start(toks) is not None
    out: list[Definition] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1].text if i + 1 < len(toks) else ";"
        if t.text in TAG_KEYWORDS:
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
            i = skip_group(toks, i)
            continue
        if _is_name(t) and nxt in (")", "[", ",", ";", "=", ":", "("):
            if is_typedef:
                kind = "typedef"
            elif nxt == "(":
                kind = "function" if has_body else "prototype"
            else:
                kind = "extern" if is_extern else "variable"
            out.append(Definition(t.text, kind, static))
            i = skip_group(toks, i + 1) if nxt == "(" else i + 1
            if kind == "function":
                break
            continue
        if t.text == "(" and i > 0 and (toks[i - 1].text == ")" or _is_name(toks[i - 1])):
            i = skip_group(toks, i)  # a parameter list
            continue
        i += 1
    return out


def _is_name(token: Token) -> bool:
    return token.kind == "ident" and token.text not in C_KEYWORDS


def _undecorated(tokens: list[Token]) -> list[Token]:
    """The tokens without attribute, asm-label, alignment and typeof groups."""
    out, i = [], 0
    while i < len(tokens):
        if tokens[i].text in DECORATIONS and i + 1 < len(tokens) and tokens[i + 1].text == "(":
            i = skip_group(tokens, i + 1)
            continue
        out.append(tokens[i])
        i += 1
    return out


def _skip_initializer(tokens: list[Token], i: int) -> int:
    """Index of the ',' or ';' ending the initializer whose '=' is at tokens[i] (or the end)."""
    i += 1
    while i < len(tokens) and tokens[i].text not in (",", ";"):
        i = skip_group(tokens, i) if tokens[i].text in OPEN else i + 1
    return i


def text_without(source: str, tokens: list[Token], cut: Iterable[Token]) -> str:
    """Source text of tokens[0]..tokens[-1] with the `cut` tokens blanked out (newlines kept)."""
    start, end = tokens[0].start, tokens[-1].end
    text = list(source[start:end])
    for t in cut:
        for k in range(t.start - start, t.end - start):
            if text[k] != "\n":
                text[k] = " "
    return "".join(text)


def without_initializers(source: str, tokens: list[Token]) -> str:
    """A declaration's text with its initializers removed; `x[] = {1, 2}` keeps its length as `x[2]`."""
    cut: list[Token] = []
    sizes: dict[int, int] = {}  # offset of an empty '[]' -> element count of its initializer
    i = 0
    while i < len(tokens):
        if tokens[i].text in ("(", "[", "{"):
            i = skip_group(tokens, i)
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
    text = text_without(source, tokens, cut)
    start = tokens[0].start
    for offset in sorted(sizes, reverse=True):
        k = offset - start
        text = text[:k] + str(sizes[offset]) + text[k:]
    return text.rstrip().rstrip(";").rstrip() + ";"


def _element_count(initializer: list[Token]) -> int | None:
    """Elements of an array initializer: a brace list without designators, or a string literal."""
    if len(initializer) == 1 and initializer[0].kind == "string":
        return len(_string_value(initializer[0].text)) + 1
    if not initializer or initializer[0].text != "{" or skip_group(initializer, 0) != len(initializer):
        return None
    inner = top_level(initializer[1:-1])
    if any(t.text == "=" for t in inner):
        return None  # designators: the length is not the count
    commas = sum(t.text == "," for t in inner)
    trailing = bool(initializer[-2].text == ",")
    return commas + 1 - trailing if len(initializer) > 2 else 0


def _string_value(literal: str) -> bytes:
    return literal[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape").encode("latin-1")
