"""Views of the guest's files and sockets: `%fds`, `%epoll FD` and `%sockets` as text, HTML and a
refreshable widget, rendering the records of decoders.kernel_records."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from ..decoders.kernel_records import (
    EpollWatch,
    OpenFile,
    OpenSocket,
    SocketFamily,
    epoll_events,
    family_name,
    family_note,
    open_flags,
    socket_type_name,
)
from .panel import RefreshPanel, html_table, text_table

_FD_HEADERS = ["fd", "kind", "flags", "FD_CLOEXEC", "refs", "open file", "operations"]
_EPOLL_HEADERS = ["fd", "events", "data", "last revents", "state"]


def _fd_rows(files: list[OpenFile]) -> list[list[str]]:
    return [
        [
            str(f.fd),
            f.kind,
            open_flags(f.flags),
            "yes" if f.cloexec else "-",
            str(f.refcount),
            f"#{f.file_id}",
            ",".join(f.operations) or "-",
        ]
        for f in files
    ]


def _epoll_rows(watches: list[EpollWatch]) -> list[list[str]]:
    def state(e: EpollWatch) -> str:
        return "disarmed (oneshot fired)" if e.disarmed else "ready" if e.triggered else "waiting"

    return [
        [str(e.fd), epoll_events(e.events), str(e.data), epoll_events(e.revents), state(e)] for e in watches
    ]


def fds_text(files: list[OpenFile]) -> str:
    return (
        text_table(_FD_HEADERS, _fd_rows(files))
        + "\n(fds with the same open file share offset, flags and refcount)"
    )


def epoll_text(epfd: int, watches: list[EpollWatch]) -> str:
    return f"epoll instance fd {epfd}: {len(watches)} watched\n" + text_table(
        _EPOLL_HEADERS, _epoll_rows(watches)
    )


Section = tuple[str, list[str], list[list[str]]]  # title, headers, rows


class TablePanel(RefreshPanel[tuple[list[Section], str]]):
    """Tables of guest state with a refresh button; static HTML and text for headless runs."""

    def __init__(self, load: Callable[[], tuple[list[Section], str]]) -> None:
        self.body = self.content = w.HTML()
        super().__init__(load)

    def html(self) -> str:
        sections, _ = self.data
        return "".join(f"<b>{html.escape(t)}</b>" + html_table(h, rows) for t, h, rows in sections)

    def text(self) -> str:
        return self.data[1]

    def render(self) -> None:
        self.body.value = self.html()


def fds_panel(load: Callable[[], list[OpenFile]]) -> TablePanel:
    def table() -> tuple[list[Section], str]:
        files = load()
        return [("The guest's file descriptors", _FD_HEADERS, _fd_rows(files))], fds_text(files)

    return TablePanel(table)


def epoll_panel(epfd: int, load: Callable[[int], list[EpollWatch]]) -> TablePanel:
    def table() -> tuple[list[Section], str]:
        watches = load(epfd)
        return [(f"epoll instance fd {epfd}", _EPOLL_HEADERS, _epoll_rows(watches))], epoll_text(
            epfd, watches
        )

    return TablePanel(table)


_FAMILY_HEADERS = ["family", "number", "driver", "operations it implements"]
_SOCKET_HEADERS = ["fd", "family", "type", "driver", "state", "waiting to be read", "driver's object"]


def _family_rows(families: list[SocketFamily]) -> list[list[str]]:
    return [[family_name(f.family), str(f.family), f.libname, " ".join(f.operations)] for f in families]


def _family_notes(families: list[SocketFamily]) -> str:
    """A line per family ukrepl has no name for, saying what it is (below the table, not in it)."""
    return "".join(
        f"\n{family_name(f.family)} ({f.libname}): {family_note(f.family)}"
        for f in families
        if family_note(f.family)
    )


def _socket_rows(sockets: list[OpenSocket]) -> list[list[str]]:
    return [
        [
            str(s.fd),
            family_name(s.family),
            socket_type_name(s.type),
            s.libname,
            s.state or "(the driver's own)",
            _fill(s.buffered, s.buffer_size),
            f"{s.sock_data:#x}",
        ]
        for s in sockets
    ]


def _fill(used: int | None, size: int | None) -> str:
    if used is None or not size:
        return ""
    return f"{used} of {size} B ({100 * used // size}%)"


def sockets_text(families: list[SocketFamily], sockets: list[OpenSocket]) -> str:
    return (
        f"{len(families)} socket families registered\n"
        + text_table(_FAMILY_HEADERS, _family_rows(families))
        + _family_notes(families)
        + f"\n{len(sockets)} open sockets\n"
        + text_table(_SOCKET_HEADERS, _socket_rows(sockets))
    )


def sockets_panel(
    families: Callable[[], list[SocketFamily]], sockets: Callable[[], list[OpenSocket]]
) -> TablePanel:
    def tables() -> tuple[list[Section], str]:
        f, s = families(), sockets()
        sections = [
            (
                "Registered socket families" + _family_notes(f).replace("\n", "; "),
                _FAMILY_HEADERS,
                _family_rows(f),
            ),
            ("Open sockets", _SOCKET_HEADERS, _socket_rows(s)),
        ]
        return sections, sockets_text(f, s)

    return TablePanel(tables)
