"""What every view shares: HTML and text tables, and a widget that reloads its data on Refresh.

Path of a refresh: the button -> RefreshPanel.refresh calls the `load` callable
it was given (a guest reader, which decodes fresh bytes) -> the subclass's
`render` draws the new data, keeping what the user selected (a tab, a table
entry); an error goes to the panel's status line, since a button has no cell to
raise into.

Two outputs per panel: JupyterLab shows a widget view or an error, never another
MIME type of the same output, and a saved notebook has no widget models once its
kernel is gone. So `display(panel)` emits the live widget and, as an output of
its own, the static HTML/text rendering (kept current with update_display_data
on every refresh). A style in the static output hides it while the widget beside
it is live, and hides the "model not found" line when the widget is gone, so a
person sees one rendering either way; nbconvert and nbclient keep the static one.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Generic, TypeVar

import ipywidgets as w
from IPython.display import DisplayHandle, display

_TABLE = "border-collapse:collapse;font-family:monospace;font-size:12px;margin:4px 0"
_CELL = "border:1px solid #ccc;padding:1px 6px;text-align:left"

Data = TypeVar("Data")

LIVE_CLASS = "ukrepl-live"  # on the widget's root box
STATIC_CLASS = "ukrepl-static"  # on the static rendering's root element
WIDGET_TEXT = "(a live ukrepl widget; its static rendering is the next output)"
# JupyterLab's output area: one .jp-OutputArea-child per output. A widget view that failed to
# render ("Error displaying widget: model not found") is an output node that itself carries
# .jupyter-widgets (a live view has it on its children only). Two rules: one invalid selector
# would drop a whole list, and :has() cannot nest.
_STATIC_STYLE = (
    "<style>"
    f".jp-OutputArea-child:has(.{LIVE_CLASS}) + .jp-OutputArea-child:has(.{STATIC_CLASS}){{display:none}}"
    ".jp-OutputArea-child:has(> .jp-OutputArea-output.jupyter-widgets)"
    f":has(+ .jp-OutputArea-child .{STATIC_CLASS}){{display:none}}"
    "</style>"
)


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


class LiveAndStatic:
    """A widget (`self.box`) shown with its static rendering (`html`, `text`) as a second output."""

    box: w.Widget
    _static: DisplayHandle | None = None

    def html(self) -> str:
        raise NotImplementedError

    def text(self) -> str:
        raise NotImplementedError

    def static_bundle(self) -> dict:
        body = f'<div class="{STATIC_CLASS}">{self.html()}</div>'
        return {"text/html": body + _STATIC_STYLE, "text/plain": self.text()}

    def widget_bundle(self) -> dict:
        bundle = self.box._repr_mimebundle_() or {}
        bundle["text/plain"] = WIDGET_TEXT  # not the widget's repr (`VBox(children=...)`)
        return bundle

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """Both in one bundle, for callers other than IPython's display (which uses the next method)."""
        return {
            **(self.box._repr_mimebundle_(**kwargs) or {}),
            "text/plain": self.text(),
            "text/html": self.html(),
        }

    def _ipython_display_(self) -> None:
        self.box.add_class(LIVE_CLASS)
        display(self.widget_bundle(), raw=True)
        self._static = display(self.static_bundle(), raw=True, display_id=True)

    def update_static(self) -> None:
        """Send the current static rendering to the output shown beside the widget."""
        if self._static is not None:
            self._static.update(self.static_bundle(), raw=True)


class RefreshPanel(LiveAndStatic, Generic[Data]):
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
        self.update_static()

    def render(self) -> None:
        raise NotImplementedError
