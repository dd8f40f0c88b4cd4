"""Decoding of the guest's file and socket records, and their text, HTML and widget renderings."""

from __future__ import annotations

from ukrepl.decoders.kernel_records import (
    EpollWatch,
    OpenFile,
    OpenSocket,
    SocketFamily,
    afunix_state,
    epoll_events,
    open_flags,
)
from ukrepl.views.kernel_state_view import epoll_panel, fds_panel, fds_text, sockets_panel, sockets_text

FILES = [
    OpenFile(0, False, "console", 2, 1, 1, ("read", "write", "poll"), 0x1000),
    OpenFile(3, True, "eventfd", 0o4002, 2, 7, ("read", "write", "close", "poll"), 0x2000),
]


def test_flag_names():
    assert open_flags(0o4002) == "O_RDWR|O_NONBLOCK"
    assert open_flags(1) == "O_WRONLY"
    assert epoll_events(0x80000001) == "EPOLLIN|EPOLLET"
    assert epoll_events(0x40000004 | 0x2000) == "EPOLLOUT|EPOLLRDHUP|EPOLLONESHOT"
    assert epoll_events(0) == "0" and epoll_events(0x800) == "0x800"
    assert afunix_state(1, 0, False) == "listening"
    assert afunix_state(2, 2, True) == "connected, write shut, peer closed"


def test_fd_table_renders_as_text_html_and_a_widget():
    text = fds_text(FILES)
    assert "eventfd" in text and "O_RDWR|O_NONBLOCK" in text and "#7" in text
    bundle = fds_panel(lambda: FILES)._repr_mimebundle_()
    assert bundle["text/plain"] == text
    assert "<table" in bundle["text/html"] and "eventfd" in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_refresh_shows_new_data_and_keeps_the_old_on_error():
    rounds = iter([[FILES[0]], FILES])
    panel = epoll_panel(4, lambda fd: [EpollWatch(3, 1, 42, 1, False, True)])
    assert "EPOLLIN" in panel.text() and "ready" in panel.text()
    fds = fds_panel(lambda: next(rounds))
    assert "eventfd" not in fds.text()
    fds.refresh()
    assert "eventfd" in fds.text()
    fds.refresh()  # the load fails (StopIteration): the status line says so, the data stays
    assert "eventfd" in fds.text() and fds.status.value


def test_sockets_render_with_state_and_fill():
    families = [SocketFamily(1, "afunix", ("create", "bind", "poll"))]
    sockets = [OpenSocket(3, 1, 1, "afunix", 0x3000, "connected", 4, 65536)]
    text = sockets_text(families, sockets)
    assert "AF_UNIX" in text and "SOCK_STREAM" in text and "4 of 65536 B (0%)" in text
    assert sockets_panel(lambda: families, lambda: sockets)._repr_mimebundle_()["text/plain"] == text


def test_a_family_without_a_name_says_what_it_is():
    families = [SocketFamily(1, "afunix", ("create",)), SocketFamily(46, "posix-socket", ("create",))]
    text = sockets_text(families, [])
    assert "family 46  46      posix-socket  create" in text  # the table as before
    assert "\nfamily 46 (posix-socket): not a Linux family (>= AF_MAX)" in text
    assert "afunix)" not in text  # a family we name needs no note


def test_cpu_panel_refresh_keeps_the_selected_tab():
    from ukrepl.views.cpu_view import CpuPanel

    class Cpu:  # what cpu_html reads, without a guest
        def __init__(self, index):
            self.index, self.apic_id, self.apic_mode, self.state = index, index, "xAPIC", "online"
            self.monitor, self.gdt, self.ist, self.findings = None, [], [], []
            self.gdt_address = self.tss_address = 0x1000

            class Tss:
                rsp, ist, iomap_base = [0, 0, 0], [0] * 7, 0x68

            self.tss = Tss()

    panel = CpuPanel(lambda: [Cpu(0), Cpu(1), Cpu(2)])
    panel.tabs.selected_index = 2
    page = panel.tabs.children[2]
    panel.refresh()
    assert panel.tabs.selected_index == 2 and panel.tabs.children[2] is page
    assert panel.tabs.titles == ("CPU 0", "CPU 1", "CPU 2") and "CPU 2: APIC ID 2" in page.value
