"""Issue 11: a socket family written against Unikraft 0.10's <uk/socket_driver.h>, in cells."""

from __future__ import annotations

import pytest
from socket_driver_source import DEMO_DRIVER, DEMO_USE, WERROR

from ukrepl.compiler import CellError


def test_a_0_10_datagram_driver_compiles_under_werror_and_serves_the_calls(tcg_guest):
    loaded = tcg_guest.run_cell(WERROR + DEMO_DRIVER)
    assert not loaded.diagnostics  # -Wall -Wextra clean, and the pragmas made any warning an error
    families = {f.family: f for f in tcg_guest.files.socket_families()}
    demo = families[46]
    assert demo.libname == "cell" and len(demo.operations) == 21  # every member of posix_socket_ops
    assert tcg_guest.evaluate("demo_inits").text == "1"
    assert tcg_guest.evaluate("posix_socket_driver_get(46)->private == (void *)&demo_bound").text == "1"
    result = tcg_guest.run_cell(DEMO_USE)
    assert not result.diagnostics
    assert tcg_guest.call("demo_talk").text == "1"
    assert 'poll 0 -> 1, got 5 bytes "hello" from port 1' in tcg_guest.console_log
    # its errors reach errno; it lists as a family and its sockets as sockets
    run = tcg_guest.run_cell
    run("int s3 = socket(AF_DEMO, SOCK_STREAM, 0), e3 = errno;")
    assert (run("s3").value.text, run("e3").value.text) == ("-1", "94")  # ESOCKTNOSUPPORT
    run("int s4 = socket(AF_DEMO, SOCK_DGRAM, 0);")
    assert run("listen(s4, 1)").value.text == "-1" and run("errno").value.text == "95"  # EOPNOTSUPP
    [sock] = [s for s in tcg_guest.files.sockets() if s.fd == int(run("s4").value.text)]
    assert (sock.family, sock.type, sock.libname) == (46, 2, "cell")
    assert run("close(s4)").value.text == "0"


def test_the_driver_cell_can_run_again_and_takes_its_family_back(tcg_guest):
    tcg_guest.run_cell(WERROR + DEMO_DRIVER)
    tcg_guest.run_cell(WERROR + DEMO_DRIVER)  # as a user re-running the cell
    assert [f.family for f in tcg_guest.files.socket_families()].count(46) == 1
    tcg_guest.run_cell(DEMO_USE)
    assert tcg_guest.call("demo_talk").text == "1"


def test_a_driver_written_to_the_pre_0_10_glue_signature_fails_under_werror(tcg_guest):
    """The release post's glue takes (struct posix_socket_driver *, void *sock, ...): 0.10's header
    does not, and with -Werror the assignment is an error that names the types."""
    old_glue = WERROR + (
        "#include <uk/socket.h>\n"
        "static int old_bind(struct posix_socket_driver *d __unused, void *sock __unused,\n"
        "                    const struct sockaddr *addr __unused, socklen_t len __unused) { return 0; }\n"
        "static struct posix_socket_ops old_ops = { .bind = old_bind };\n"
        "POSIX_SOCKET_FAMILY_REGISTER(AF_MAX + 1, &old_ops);\n"
    )
    with pytest.raises(CellError) as caught:
        tcg_guest.run_cell(old_glue)
    assert "incompatible pointer type" in str(caught.value)
    assert "struct posix_socket_file *" in str(caught.value)
