"""The guest's fd table and epoll interest lists as the host reads them, and their decoding."""

from __future__ import annotations

from ukrepl.files import epoll_events, open_flags
from ukrepl.files_view import epoll_panel, epoll_text, fds_panel, fds_text

SETUP = """
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
int efd, ep;
int watch_an_eventfd(void)
{
    struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 42 };
    unsigned long long one = 1;

    efd = eventfd(0, EFD_NONBLOCK);
    ep = epoll_create1(0);
    dup(ep);
    epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
    write(efd, &one, sizeof(one));
    return ep;
}
"""


def test_flag_names():
    assert open_flags(0o4002) == "O_RDWR|O_NONBLOCK"
    assert open_flags(1) == "O_WRONLY"
    assert epoll_events(0x80000001) == "EPOLLIN|EPOLLET"
    assert epoll_events(0x40000004 | 0x2000) == "EPOLLOUT|EPOLLRDHUP|EPOLLONESHOT"
    assert epoll_events(0) == "0" and epoll_events(0x800) == "0x800"


def test_fds_and_an_epoll_interest_list(tcg_guest):
    tcg_guest.run_cell(SETUP)
    assert tcg_guest.evaluate("watch_an_eventfd()").text == "4"
    files = {f.fd: f for f in tcg_guest.fds()}
    assert [files[fd].kind for fd in (0, 1, 2)] == ["console"] * 3
    assert (files[3].kind, open_flags(files[3].flags), files[3].refcount) == (
        "eventfd",
        "O_RDWR|O_NONBLOCK",
        1,
    )
    assert "poll" in files[3].operations
    assert files[4].kind == files[5].kind == "epoll"
    assert files[4].file_id == files[5].file_id and files[4].refcount == 2  # dup() shares the open file
    [watch] = tcg_guest.epoll_watches(4)
    assert (watch.fd, epoll_events(watch.events), watch.data, watch.triggered) == (
        3,
        "EPOLLIN|EPOLLET",
        42,
        True,
    )
    assert "eventfd" in fds_text(list(files.values())) and "EPOLLIN|EPOLLET" in epoll_text(4, [watch])
    for panel in (fds_panel(tcg_guest.fds), epoll_panel(4, tcg_guest.epoll_watches)):
        bundle = panel._repr_mimebundle_()
        assert {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"} <= set(bundle)
