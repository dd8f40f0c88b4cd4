"""The guest's fd table and epoll interest lists as the host reads them, and their decoding."""

from __future__ import annotations

from ukrepl.decoders.kernel_records import epoll_events, open_flags
from ukrepl.guest import Value
from ukrepl.views.kernel_state_view import (
    epoll_panel,
    epoll_text,
    fds_panel,
    fds_text,
    sockets_panel,
    sockets_text,
)

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


def test_fds_and_an_epoll_interest_list(tcg_guest):
    tcg_guest.run_cell(SETUP)
    assert tcg_guest.evaluate("watch_an_eventfd()").text == "4"
    files = {f.fd: f for f in tcg_guest.files.fds()}
    assert [files[fd].kind for fd in (0, 1, 2)] == ["console"] * 3
    assert (files[3].kind, open_flags(files[3].flags), files[3].refcount) == (
        "eventfd",
        "O_RDWR|O_NONBLOCK",
        1,
    )
    assert "poll" in files[3].operations
    assert files[4].kind == files[5].kind == "epoll"
    assert files[4].file_id == files[5].file_id and files[4].refcount == 2  # dup() shares the open file
    [watch] = tcg_guest.files.epoll_watches(4)
    assert (watch.fd, epoll_events(watch.events), watch.data, watch.triggered) == (
        3,
        "EPOLLIN|EPOLLET",
        42,
        True,
    )
    assert "eventfd" in fds_text(list(files.values())) and "EPOLLIN|EPOLLET" in epoll_text(4, [watch])
    for panel in (fds_panel(tcg_guest.files.fds), epoll_panel(4, tcg_guest.files.epoll_watches)):
        bundle = panel._repr_mimebundle_()
        assert {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"} <= set(bundle)


# The release post's registration snippet as it stands (without its "my_socket.h"), after stubs
# the user writes in the same cell. The post's glue functions take (struct posix_socket_driver *d,
# void *sock, ...), its pre-release form; 0.10's <uk/socket_driver.h> passes the socket's
# struct posix_socket_file instead, so the stubs are written to the header and the snippet itself,
# which only fills the table and registers it, is unchanged.
MYSOCK_STUBS = """\
#include <errno.h>
#include <uk/socket.h>

int mysock_created;
typedef struct posix_socket_file psf;
static int mysock_init(struct posix_socket_driver *d) { return 0; }
static void *mysock_create(struct posix_socket_driver *d, int family, int type, int protocol)
{ mysock_created++; return uk_malloc(d->allocator, 16); }
static void *mysock_accept4(psf *s, struct sockaddr *restrict a, socklen_t *restrict l, int f)
{ return ERR2PTR(-EOPNOTSUPP); }
static int mysock_bind(psf *s, const struct sockaddr *a, socklen_t l) { return -EOPNOTSUPP; }
static int mysock_shutdown(psf *s, int how) { return -EOPNOTSUPP; }
static int mysock_getpeername(psf *s, struct sockaddr *restrict a, socklen_t *restrict l)
{ return -EOPNOTSUPP; }
static int mysock_getsockname(psf *s, struct sockaddr *restrict a, socklen_t *restrict l)
{ return -EOPNOTSUPP; }
static int mysock_getsockopt(psf *s, int lv, int o, void *restrict v, socklen_t *restrict l)
{ return -EOPNOTSUPP; }
static int mysock_setsockopt(psf *s, int lv, int o, const void *v, socklen_t l) { return -EOPNOTSUPP; }
static int mysock_connect(psf *s, const struct sockaddr *a, socklen_t l) { return -EOPNOTSUPP; }
static int mysock_listen(psf *s, int b) { return -EOPNOTSUPP; }
static ssize_t mysock_recvfrom(psf *s, void *restrict b, size_t n, int f, struct sockaddr *a,
                               socklen_t *restrict l) { return -EOPNOTSUPP; }
static ssize_t mysock_recvmsg(psf *s, struct msghdr *m, int f) { return -EOPNOTSUPP; }
static ssize_t mysock_sendmsg(psf *s, const struct msghdr *m, int f) { return -EOPNOTSUPP; }
static ssize_t mysock_sendto(psf *s, const void *b, size_t n, int f, const struct sockaddr *a,
                             socklen_t l) { return -EOPNOTSUPP; }
static ssize_t mysock_read(psf *s, const struct iovec *v, int n) { return -EOPNOTSUPP; }
static ssize_t mysock_write(psf *s, const struct iovec *v, int n) { return -EOPNOTSUPP; }
static int mysock_close(psf *s) { uk_free(s->driver->allocator, s->sock_data); return 0; }
static int mysock_ioctl(psf *s, int r, void *a) { return -EOPNOTSUPP; }
static int mysock_poll(psf *s, unsigned int *r, struct eventpoll_cb *e) { *r = 0; return 0; }
"""
SEED_SNIPPET = """\
static struct posix_socket_ops mysock_socket_ops = {
/* The initialization function on socket registration. */
.init = mysock_init,
/* POSIX interfaces */
.create = mysock_create,
.accept4 = mysock_accept4,
.bind = mysock_bind,
.shutdown = mysock_shutdown,
.getpeername = mysock_getpeername,
.getsockname = mysock_getsockname,
.getsockopt = mysock_getsockopt,
.setsockopt = mysock_setsockopt,
.connect = mysock_connect,
.listen = mysock_listen,
.recvfrom = mysock_recvfrom,
.recvmsg = mysock_recvmsg,
.sendmsg = mysock_sendmsg,
.sendto = mysock_sendto,
/* vfscore ops */
.read = mysock_read,
.write = mysock_write,
.close = mysock_close,
.ioctl = mysock_ioctl,
.poll = mysock_poll,
};
POSIX_SOCKET_FAMILY_REGISTER(AF_INET, &mysock_socket_ops);
"""


def test_the_release_posts_socket_family_registers_from_a_cell(tcg_guest):
    loaded = tcg_guest.run_cell(MYSOCK_STUBS + SEED_SNIPPET)
    assert "incompatible" not in loaded.diagnostics  # the table's types are 0.10's
    families = {f.family: f for f in tcg_guest.files.socket_families()}
    assert families[2].libname == "cell" and len(families[2].operations) == 20  # all but socketpair
    fd = tcg_guest.run_cell("socket(AF_INET, SOCK_STREAM, 0)").value
    assert int(fd.text) >= 3 and tcg_guest.evaluate("mysock_created").text == "1"  # the cell's create ran
    [sock] = [s for s in tcg_guest.files.sockets() if s.fd == int(fd.text)]
    assert (sock.family, sock.type, sock.libname) == (2, 1, "cell")
    text = sockets_text(tcg_guest.files.socket_families(), tcg_guest.files.sockets())
    assert "AF_INET" in text and "SOCK_STREAM" in text
    assert (
        sockets_panel(tcg_guest.files.socket_families, tcg_guest.files.sockets)._repr_mimebundle_()[
            "text/plain"
        ]
        == text
    )
    assert tcg_guest.run_cell("socket(12345, SOCK_STREAM, 0)").value.text == "-1"
    assert tcg_guest.run_cell("errno").value.text == str(97)  # EAFNOSUPPORT


def test_socketpair_epoll_and_read_from_cells_and_the_sockets_state(tcg_guest):
    """Issue 6's first acceptance point, typed cell by cell as a user would."""
    run = tcg_guest.run_cell
    run("#include <sys/socket.h>\n#include <sys/epoll.h>\n#include <unistd.h>\n"
        "int sv[2]; struct epoll_event ev, out; char buf[16];")  # fmt: skip
    assert run("socketpair(AF_UNIX, SOCK_STREAM, 0, sv)").value.text == "0"
    assert run('write(sv[0], "ping", 4)').value.text == "4"
    by_fd = {s.fd: s for s in tcg_guest.files.sockets()}
    a, b = (by_fd[int(run(f"sv[{i}]").value.text)] for i in (0, 1))
    assert (a.libname, a.state, a.buffered, b.state, b.buffered) == ("afunix", "connected", 0, "connected", 4)
    assert "4 of 65536 B (0%)" in sockets_text(tcg_guest.files.socket_families(), tcg_guest.files.sockets())
    run("int ep = epoll_create1(0);")
    run("ev.events = EPOLLIN; ev.data.fd = sv[1];")
    assert run("epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev)").value.text == "0"
    assert run("epoll_wait(ep, &out, 1, 1000)").value.text == "1"
    assert run("out.events & EPOLLIN").value.text == "1" and run("out.data.fd == sv[1]").value.text == "1"
    assert run("read(sv[1], buf, sizeof(buf))").value.text == "4"
    assert run("buf").value == Value('"ping"', "char [16]")  # the array, not a decayed pointer
    run("close(sv[0]);")
    [b] = [s for s in tcg_guest.files.sockets() if s.fd == b.fd]
    assert (b.state, b.buffered) == ("connected, peer closed", 0)
