"""The guest's files, epoll instances and sockets, read through GDB for %fds, %epoll and %sockets.

Path: a reader method -> C expressions over the kernel's own variables
(vfscore_fdtable, posix_socket_drivers, struct afunix_sock ...), evaluated by
GDB in pipelined batches (the `batch` callable the facade hands down; allowed
after a crash too, to look at what crashed) -> decoders.kernel_records turns the
numbers into records the views render.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..decoders.kernel_records import (
    FILE_OPERATIONS,
    SOCKET_OPERATIONS,
    EpollWatch,
    OpenFile,
    OpenSocket,
    SocketFamily,
    afunix_state,
)
from ..target.gdbmi import MiResult
from ..target.machine import evaluate_command
from .errors import GuestError

Batch = Callable[[list[str]], list[MiResult]]
LIST_WALK_LIMIT = 4096  # a corrupted list must not loop forever


def c_string(value: str) -> str:
    """The text of a char * as GDB prints it: 0x10c0a8 "afunix" -> afunix."""
    return value.split('"')[1] if '"' in value else value


class FilesReader:
    """Reads vfscore's, posix-event's and posix-socket's state out of the guest."""

    def __init__(self, batch: Batch) -> None:
        self._batch = batch

    def values(self, expressions: list[str]) -> list[str]:
        """GDB's values of C expressions, in one round trip."""
        return [r.payload["value"] for r in self._batch([evaluate_command(e) for e in expressions])]

    def fds(self) -> list[OpenFile]:
        """The fd table (lib/vfscore's vfscore_fdtable): each open fd and its open file."""
        used = int(self.values(["vfscore_fdtable.max_fd"])[0])
        slots = [f"vfscore_fdtable.fds[{fd}]" for fd in range(used)]
        files = self.values([f"(unsigned long){slot}.file" for slot in slots])
        out = []
        for fd in (fd for fd, address in enumerate(files) if int(address, 0)):
            f = f"vfscore_fdtable.fds[{fd}].file"
            fields = [f"vfscore_fdtable.fds[{fd}].flags", f"{f}->f_flags", f"{f}->f_count", f"{f}->f_id"]
            fields += [f"(unsigned long){f}->f_op->{op}" for op in FILE_OPERATIONS]
            name, *numbers = self.values([f"{f}->f_op->name", *fields])
            fd_flags, flags, count, file_id, *ops = (int(n, 0) for n in numbers)
            implemented = tuple(op for op, address in zip(FILE_OPERATIONS, ops, strict=True) if address)
            out.append(
                OpenFile(
                    fd,
                    bool(fd_flags & 1),
                    c_string(name),
                    flags,
                    count,
                    file_id,
                    implemented,
                    int(files[fd], 0),
                )
            )
        return out

    def epoll_watches(self, epfd: int) -> list[EpollWatch]:
        """The interest list of the epoll instance behind `epfd`, in the order it was built."""
        kinds = {f.fd: f for f in self.fds()}
        if epfd not in kinds or kinds[epfd].kind != "epoll":
            raise GuestError(f"fd {epfd} is not an epoll instance", "%fds lists the open fds and their kinds")
        ep = f"((struct eventpoll *)vfscore_fdtable.fds[{epfd}].file->f_data)"
        watched = self._list(f"&{ep}->fd_list", "struct eventpoll_fd", "fd_link")
        triggered = set(self._list(f"&{ep}->tr_list", "struct eventpoll_fd", "tr_link"))
        out = []
        for node in watched:
            e = f"((struct eventpoll_fd *){node:#x})"
            fields = ("fd", "event.events", "event.data.u64", "revents", "disarmed")
            fd, events, data, revents, disarmed = (
                int(v, 0) for v in self.values([f"(unsigned long){e}->{n}" for n in fields])
            )
            out.append(EpollWatch(fd, events, data, revents, bool(disarmed), node in triggered))
        return out

    def socket_families(self) -> list[SocketFamily]:
        """The families registered with posix-socket, at boot or from a cell."""
        count = int(self.values(["posix_socket_driver_count"])[0])
        out = []
        for i in range(count):
            d = f"posix_socket_drivers[{i}]"  # a pointer to the driver the library registered
            ops = [f"(unsigned long){d}->ops->{op}" for op in SOCKET_OPERATIONS]
            name, family, *addresses = self.values([f"{d}->libname", f"{d}->family", *ops])
            implemented = tuple(
                op for op, address in zip(SOCKET_OPERATIONS, addresses, strict=True) if int(address, 0)
            )
            out.append(SocketFamily(int(family), c_string(name), implemented))
        return out

    def sockets(self) -> list[OpenSocket]:
        """Open socket fds: family, type and the driver behind each."""
        out = []
        for f in self.fds():
            if f.kind != "socket":
                continue
            s = f"((struct posix_socket_file *)((struct vfscore_file *){f.address:#x})->f_data)"
            fields = [
                f"{s}->driver->libname",
                f"{s}->driver->family",
                f"{s}->type",
                f"(unsigned long){s}->sock_data",
            ]
            name, family, kind, data = self.values(fields)
            socket = OpenSocket(f.fd, int(family), int(kind), c_string(name), int(data, 0))
            if socket.libname == "afunix":
                socket = self._afunix_details(socket)
            out.append(socket)
        return out

    def _afunix_details(self, socket: OpenSocket) -> OpenSocket:
        """State and receive-buffer fill of one AF_UNIX socket (struct afunix_sock)."""
        s = f"((struct afunix_sock *){socket.sock_data:#x})"
        fields = [
            f"{s}->state",
            f"{s}->shut",
            f"{s}->peer != 0 && {s}->peer->closed",
            f"{s}->rx.head - {s}->rx.tail",
            f"{s}->rx.size",
        ]
        state, shut, peer_closed, used, size = (int(v, 0) for v in self.values(fields))
        return replace(
            socket, state=afunix_state(state, shut, bool(peer_closed)), buffered=used, buffer_size=size
        )

    def _list(self, head: str, container: str, member: str) -> list[int]:
        """Addresses of the `container`s on a uk_list whose head is at the C expression `head`."""
        start, offset = (
            int(v, 0)
            for v in self.values(
                [f"(unsigned long)({head})", f"(unsigned long)&(({container} *)0)->{member}"]
            )
        )
        nodes = []
        node = self._next(start)
        while node and node != start and len(nodes) < LIST_WALK_LIMIT:
            nodes.append(node - offset)
            node = self._next(node)
        return nodes

    def _next(self, node: int) -> int:
        return int(self.values([f"(unsigned long)((struct uk_list_head *){node:#x})->next"])[0], 0)
