"""A cell's text read once: its tokens and top-level groups, for every question asked about it.

A byte's path through this module: `read_cell` runs the cell's text through
the lexer once (`tokenize`, then `top_level_groups`) and keeps both in a
CellText. A cell whose brackets do not balance keeps its CellSyntax error
instead of groups; it is raised only by whoever needs the groups (`groups`,
`chunks`: CellSession.compile turns it into a CellError). The questions a
caller asks before compiling are answered from the stored tokens: is the
cell empty (`is_empty`), is it one expression GDB can evaluate
(`expression`). `chunks` classifies the stored groups (chunks.py) for the
compiler. Pure text work, no compiler and no guest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .chunks import Chunk, Kind, classify_groups, kind_of
from .lexer import C_KEYWORDS, STATEMENT_KEYWORDS, TAG_KEYWORDS, CellSyntax, Token, tokenize, top_level_groups


@dataclass(frozen=True)
class CellText:
    """The tokens of a cell and its top-level token groups (or why it has none)."""

    source: str
    tokens: list[Token]
    _groups: list[list[Token]] | None  # None when syntax_error says why
    syntax_error: CellSyntax | None = None

    @property
    def is_empty(self) -> bool:
        """No tokens: the cell is empty or holds comments only."""
        return not self.tokens

    @property
    def groups(self) -> list[list[Token]]:
        """The top-level token groups; the stored CellSyntax if the cell cannot be cut into any."""
        if self.syntax_error is not None:
            raise self.syntax_error.with_traceback(None)
        return self._groups

    def chunks(
        self,
        is_value: Callable[[str], bool] = lambda name: False,
        is_type: Callable[[str], bool] = lambda name: False,
    ) -> list[Chunk]:
        """The cell's classified chunks (chunks.classify_groups); CellSyntax if it has no groups."""
        return classify_groups(self.groups, self.source, is_value, is_type)

    def expression(self, is_macro: Callable[[str], bool], is_type: Callable[[str], bool]) -> str | None:
        """The expression, if the cell is one expression for GDB to evaluate; else None.

        GDB evaluates one expression against the symbols it knows; a name it does
        not know gets its own "No symbol" message. Only a macro (is_macro: one of
        the headers earlier cells included defines it) needs the compiler, and so
        do declarations and statements. GDB's own syntax ($registers,
        array@length) always goes to GDB. A trailing ';' is kept (it says: do not
        show the value); comments are dropped. is_type(name): name is a typedef.
        A cell that cannot be cut into groups is no expression.
        """
        if not self.tokens or self.tokens[0].kind == "directive" or self.syntax_error is not None:
            return None
        if len(self._groups) != 1:
            return None
        group = self._groups[0]
        if kind_of(group, lambda name: not is_macro(name), is_type) is not Kind.STATEMENT:
            return None
        if group[0].text in STATEMENT_KEYWORDS or any(t.text in "{}" for t in group if t.kind == "punct"):
            return None
        body = group[:-1] if group[-1].text == ";" else group
        if not body:
            return None
        text = _joined(self.source, group)
        if any(t.text in ("$", "@") for t in body if t.kind == "punct"):
            return text
        return None if any(is_macro(name) for name in _free_names(body)) else text


def read_cell(source: str) -> CellText:
    """Tokenize a cell and group its tokens, once; a CellSyntax error is kept, not raised."""
    tokens = tokenize(source)
    try:
        return CellText(source, tokens, top_level_groups(tokens))
    except CellSyntax as err:
        return CellText(source, tokens, None, err)


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
        if t.kind == "ident" and t.text not in C_KEYWORDS and before not in (".", "->", *TAG_KEYWORDS):
            out.append(t.text)
    return out
