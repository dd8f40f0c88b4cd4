"""The guest's files as its vfscore keeps them: fds, open files, epoll interest lists.

Plain records and pure decoding of flag bits (Linux values, as lib/vfscore and
lib/posix-event use them); guest.py fills the records through GDB.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kernel_contract import AFUNIX_SHUT, AFUNIX_STATES

FILE_OPERATIONS = ("read", "write", "close", "ioctl", "poll")

_O_FLAGS = ((0o4000, "O_NONBLOCK"), (0o2000, "O_APPEND"))
_ACCESS = {0: "O_RDONLY", 1: "O_WRONLY", 2: "O_RDWR"}
_EPOLL_BITS = (
    (0x001, "EPOLLIN"),
    (0x002, "EPOLLPRI"),
    (0x004, "EPOLLOUT"),
    (0x008, "EPOLLERR"),
    (0x010, "EPOLLHUP"),
    (0x040, "EPOLLRDNORM"),
    (0x100, "EPOLLWRNORM"),
    (0x2000, "EPOLLRDHUP"),
    (1 << 30, "EPOLLONESHOT"),
    (1 << 31, "EPOLLET"),
)


def open_flags(flags: int) -> str:
    names = [_ACCESS.get(flags & 3, f"access {flags & 3}")]
    names += [name for bit, name in _O_FLAGS if flags & bit]
    return "|".join(names)


def epoll_events(bits: int) -> str:
    """EPOLLIN|EPOLLET...; bits no name covers are shown in hex."""
    names = [name for bit, name in _EPOLL_BITS if bits & bit]
    rest = bits & ~sum(bit for bit, _ in _EPOLL_BITS)
    return "|".join(names + ([f"{rest:#x}"] if rest else [])) or "0"


@dataclass(frozen=True)
class OpenFile:
    """One fd and the open file description behind it."""

    fd: int
    cloexec: bool
    kind: str  # the ops' name: "eventfd", "epoll", "socket", "console"...
    flags: int
    refcount: int
    file_id: int  # the kernel's serial number of the open file: dup()s share it
    operations: tuple[str, ...]  # which of FILE_OPERATIONS the kind implements
    address: int  # of struct vfscore_file


@dataclass(frozen=True)
class EpollWatch:
    """One entry of an epoll instance's interest list."""

    fd: int
    events: int  # asked for, with EPOLLET / EPOLLONESHOT
    data: int  # the user's epoll_data, as u64
    revents: int  # last reported
    disarmed: bool  # EPOLLONESHOT fired; EPOLL_CTL_MOD re-arms it
    triggered: bool  # on the ready list, to be polled again by epoll_wait


SOCKET_OPERATIONS = (
    "init", "create", "accept4", "bind", "shutdown", "getpeername", "getsockname", "getsockopt",
    "setsockopt", "connect", "listen", "recvfrom", "recvmsg", "sendmsg", "sendto", "socketpair",
    "write", "read", "close", "ioctl", "poll",
)  # fmt: skip
_FAMILIES = {0: "AF_UNSPEC", 1: "AF_UNIX", 2: "AF_INET", 10: "AF_INET6", 16: "AF_NETLINK", 17: "AF_PACKET"}
_TYPES = {1: "SOCK_STREAM", 2: "SOCK_DGRAM", 3: "SOCK_RAW", 5: "SOCK_SEQPACKET"}


AF_MAX = 46  # <sys/socket.h>: Linux's families are below it


def family_name(family: int) -> str:
    return _FAMILIES.get(family, f"family {family}")


def family_note(family: int) -> str:
    """What a family number without a name is: a Linux family we do not name, or a private one."""
    if family in _FAMILIES:
        return ""
    if family >= AF_MAX:
        return "not a Linux family (>= AF_MAX): private to this kernel, e.g. its in-guest tests"
    return "a Linux family ukrepl does not name"


def socket_type_name(kind: int) -> str:
    return _TYPES.get(kind & 0xF, f"type {kind}")


@dataclass(frozen=True)
class SocketFamily:
    """A family registered with posix-socket, and which struct posix_socket_ops members it fills."""

    family: int
    libname: str
    operations: tuple[str, ...]


@dataclass(frozen=True)
class OpenSocket:
    fd: int
    family: int
    type: int
    libname: str
    sock_data: int  # the driver's own object
    state: str = ""  # for AF_UNIX: "connected", "listening", "peer closed", ...; else unknown
    buffered: int | None = None  # bytes waiting to be read, for AF_UNIX
    buffer_size: int | None = None


_AFUNIX_STATES = {value: name.removeprefix("AFUNIX_").lower() for name, value in AFUNIX_STATES.values.items()}
_SHUT_RD, _SHUT_WR = AFUNIX_SHUT.values["AFUNIX_SHUT_RD"], AFUNIX_SHUT.values["AFUNIX_SHUT_WR"]
_SHUT = {_SHUT_RD: "read shut", _SHUT_WR: "write shut", _SHUT_RD | _SHUT_WR: "read and write shut"}


def afunix_state(state: int, shut: int, peer_closed: bool) -> str:
    """An AF_UNIX socket's state as one phrase, from struct afunix_sock's fields."""
    words = [_AFUNIX_STATES.get(state, f"state {state}")]
    if shut:
        words.append(_SHUT.get(shut & 3, f"shut {shut}"))
    if peer_closed:
        words.append("peer closed")
    return ", ".join(words)
