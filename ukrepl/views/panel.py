"""What every view shares: HTML and text tables, and a widget that reloads its data on Refresh.

Path of a refresh: the button -> RefreshPanel.refresh calls the `load` callable
it was given (a guest reader, which decodes fresh bytes) -> the subclass's
`render` draws the new data; an error goes to the panel's status line, since a
button has no cell to raise into.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Generic, TypeVar

import ipywidgets as w

_TABLE = "border-collapse:collapse;font-family:monospace;font-size:12px;margin:4px 0"
_CELL = "border:1px solid #ccc;padding:1px 6px;text-align:left"

Data = TypeVar("Data")


def html_table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th style="{_CELL}">{html.escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}">{html.escape(c)}</td>' for c in row) + "</tr>" for row in rows
    )
    return f'<table style="{_TABLE}"><tr>{head}</tr>{body}</table>'


def text_table(headers: list[str], rows: list[list[str]]) -> str:
    """Columns padded to their widest cell, two spaces apart."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    return "\n".join(
        "  ".join(c.ljust(n) for c, n in zip(row, widths, strict=True)).rstrip() for row in [headers, *rows]
    )


class RefreshPanel(Generic[Data]):
    """A widget over data from `load`, with a Refresh button and a status line.

    Subclasses put their widgets in `self.content` before calling
    `super().__init__`, and draw `self.data` in `render`; `html` and `text`
    are the static renderings kept beside the live widget.
    """

    content: w.Widget

    def __init__(self, load: Callable[[], Data]) -> None:
        self._load = load
        self.data = load()
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.refresh_button.on_click(lambda _button: self.refresh())
        self.status = w.HTML()
        self.box = w.VBox([w.HBox([self.refresh_button, self.status]), self.content])
        self.render()

    def refresh(self) -> None:
        try:
            self.data = self._load()
        except Exception as err:  # a button has no cell to raise into: show it here
            self.status.value = f"<span style='color:#b00'>{html.escape(str(err))}</span>"
            return
        self.status.value = ""
        self.render()

    def render(self) -> None:
        raise NotImplementedError

    def html(self) -> str:
        raise NotImplementedError

    def text(self) -> str:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs) -> dict:
        bundle = self.box._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self.text()
        bundle["text/html"] = self.html()
        return bundle
