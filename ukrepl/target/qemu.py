"""Launch QEMU for one guest: GDB stub and QMP on Unix sockets in a private run directory.

QEMU runs in its own session (Jupyter's Ctrl-C signals the kernel's whole process
group, and QEMU exits on SIGINT) and dies with its parent thread (PR_SET_PDEATHSIG),
so a SIGKILLed Jupyter kernel leaves no QEMU behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import fcntl
import functools
import json
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import termios
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qemu.qmp import QMPClient

from .. import rundirs
from ..errors import UkreplError
from .arches import MACHINES, Machine

RUNDIR_PREFIX = "ukrepl-"  # a run directory per QEMU, with an owner file (rundirs)
RAM_REGION = "guest-ram"  # id of the memory backend; also its name in 'info mtree'
_PR_SET_PDEATHSIG = 1


class QemuError(UkreplError):
    """QEMU could not be started or died."""

    hint = "check the %boot options, then %boot again"


HUB_USER = "JUPYTERHUB_USER"  # set by JupyterHub in a user's server, so in its kernels


def check_guest_cap() -> None:
    """UKREPL_MAX_GUESTS, a workshop host's cap (share/jupyterhub): how many guests one user may run
    at once. The user is JupyterHub's (all users of one hub share a Unix account), else the Unix
    one; a guest counts while its run directory's owner, a ukrepl kernel, lives."""
    cap = os.environ.get("UKREPL_MAX_GUESTS")
    if not cap:
        return
    user = os.environ.get(HUB_USER)
    mine = rundirs.live(RUNDIR_PREFIX, rundirs.scratch_parent())
    running = [p for p in mine if rundirs.owner_env(p, HUB_USER) == user]
    if len(running) >= int(cap):
        raise QemuError(
            f"you have {len(running)} guests running, as many as this host allows per user ({cap})",
            "shut down the kernel of a notebook you are done with (Kernel > Shut Down Kernel), then %boot",
        )


@functools.cache
def machine_max_cpus(machine: Machine = MACHINES["x86_64"]) -> int | None:
    """The most CPUs QEMU's board takes (QMP query-machines, asked once per process); None if unknown."""
    requests = [{"execute": "qmp_capabilities"}, {"execute": "query-machines"}, {"execute": "quit"}]
    try:
        proc = subprocess.run(
            [machine.qemu, "-machine", "none", "-nodefaults", "-display", "none", "-qmp", "stdio"],
            input="".join(json.dumps(r) + "\n" for r in requests),
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in proc.stdout.splitlines():
        with contextlib.suppress(ValueError, TypeError):
            reply = json.loads(line).get("return")
            if isinstance(reply, list):
                return next((m.get("cpu-max") for m in reply if m.get("name") == machine.board), None)
    return None


def die_with_parent(signal_number: int = signal.SIGKILL) -> None:
    """preexec_fn: the child gets SIGKILL (or `signal_number`: SIGTERM lets a server end its own
    children first) when the thread that spawned it exits."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal_number)


def kvm_usable() -> bool:
    """True when /dev/kvm can be opened for reading and writing (the real probe is the boot)."""
    return os.access("/dev/kvm", os.R_OK | os.W_OK)


def kvm_has_hardware(cpuinfo: str | None = None) -> bool:
    """True when the host CPU offers VMX or SVM to this kernel.

    Without them /dev/kvm can still exist: a paging-based nested KVM such as
    PVM (`kvm_pvm`) then emulates a guest that was not built for it one
    instruction at a time. Measured here: a 10^7-iteration loop takes 51 ms
    under TCG and about 24 s under that KVM.
    """
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text()
        except OSError:
            return False
    flag_lines = (line.split(":", 1)[1].split() for line in cpuinfo.splitlines() if line.startswith("flags"))
    flags = next(flag_lines, [])
    return "vmx" in flags or "svm" in flags


def auto_accel() -> tuple[str, str]:
    """What `--accel auto` boots with, and a note saying why when it is not the obvious choice."""
    if not kvm_usable():
        return "tcg", ""
    if not kvm_has_hardware():
        return "tcg", (
            "why TCG: /dev/kvm here has no VMX/SVM under it (a paging-based nested KVM), which emulates "
            "this guest instruction by instruction, about 500x slower than TCG; --accel kvm forces it"
        )
    return "kvm", ""


@dataclass
class MachineSpec:
    """What to boot and how."""

    kernel: Path
    smp: int = 1
    mem: str = "128M"
    accel: str = "tcg"  # "tcg", "tcg-single" or "kvm"; "auto" is resolved by the caller
    arch: str = "x86_64"  # a key of arches.MACHINES

    @property
    def machine(self) -> Machine:
        return MACHINES[self.arch]

    def argv(
        self, gdb_fd: int | None = None, qmp_fd: int | None = None, ram_file: Path | None = None
    ) -> list[str]:
        """QEMU's command line, for the board of the architecture (arches.MACHINES).

        The GDB stub and QMP take listening sockets we created, so both exist
        before QEMU starts and nobody has to wait for socket files to appear.
        Without them the guest runs free (`ukrepl run`).
        """
        board = self.machine
        kvm = ["-accel", "kvm", "-cpu", "qemu64"]
        tcg = "tcg,thread=single" if self.accel == "tcg-single" else "tcg"
        accel = kvm if self.accel == "kvm" else ["-accel", tcg, *board.cpu_tcg]
        machine = board.board + board.board_options
        ram = []
        if ram_file is not None:  # guest RAM in a file the host maps to read physical memory
            machine += f",memory-backend={RAM_REGION}"
            ram = [
                "-object",
                f"memory-backend-file,id={RAM_REGION},size={self.mem},mem-path={ram_file},share=on",
            ]
        return [
            board.qemu,
            *accel,
            *ram,
            "-M",
            machine,
            "-nodefaults",
            "-no-user-config",
            "-display",
            "none",
            "-m",
            self.mem,
            "-smp",
            str(self.smp),
            "-kernel",
            str(self.kernel),
            "-serial",
            "stdio",
            "-no-reboot",
            *self._debug_options(gdb_fd, qmp_fd),
        ]

    @staticmethod
    def _debug_options(gdb_fd: int | None, qmp_fd: int | None) -> list[str]:
        if gdb_fd is None or qmp_fd is None:
            return []
        return [
            "-chardev",
            f"socket,id=gdb0,fd={gdb_fd},server=on,wait=off",
            "-gdb",
            "chardev:gdb0",
            "-chardev",
            f"socket,id=qmp0,fd={qmp_fd},server=on,wait=off",
            "-mon",
            "chardev=qmp0,mode=control",
            "-S",  # stay paused until GDB has its breakpoints in
        ]


def _listen(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.listen(1)
    return sock


class QmpChannel:
    """A QMP connection served by its own event loop thread.

    The Jupyter kernel's main thread already runs an asyncio loop, so the
    synchronous helpers of qemu.qmp cannot run there; a private loop can.
    """

    def __init__(self, socket_path: Path) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="qmp", daemon=True)
        self._thread.start()
        # a reply is one line: monitor output such as "info tlb" of a big guest runs to megabytes
        self._client = QMPClient("ukrepl", readbuflen=256 << 20)
        self._run(self._client.connect(str(socket_path)))

    def _run(self, coro, timeout: float | None = 30.0):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def command(self, name: str, **arguments) -> object:
        """Execute one QMP command and return its 'return' value."""
        return self._run(self._client.execute(name, arguments or None))

    def hmp(self, command_line: str, cpu: int | None = None) -> str:
        """Run a human monitor command (e.g. 'info registers -a'), on CPU `cpu` if given; return its text."""
        arguments: dict[str, object] = {"command-line": command_line}
        if cpu is not None:
            arguments["cpu-index"] = cpu
        return str(self.command("human-monitor-command", **arguments))

    def close(self) -> None:
        with contextlib.suppress(Exception):  # QEMU may already be gone
            self._run(self._client.disconnect(), timeout=2.0)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=2.0)
        self._loop.close()


@dataclass
class QemuProcess:
    """A running QEMU: its process, private run directory, console reader and QMP channel."""

    spec: MachineSpec
    on_console: Callable[[str], None]
    on_exit: Callable[[int], None]
    # Held while console bytes are read and handed to on_console (see console_waiting).
    console_lock: threading.RLock | threading.Condition = field(default_factory=threading.RLock)
    rundir: Path = field(init=False)
    process: subprocess.Popen = field(init=False)
    qmp: QmpChannel | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.rundir = rundirs.make(RUNDIR_PREFIX, rundirs.scratch_parent())  # 0700; reaps dead owners' ones
        listeners = [_listen(self.gdb_socket), _listen(self.qmp_socket)]
        fds = tuple(sock.fileno() for sock in listeners)
        self.process = subprocess.Popen(
            self.spec.argv(*fds, ram_file=self.ram_file),
            pass_fds=fds,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        for sock in listeners:  # QEMU holds its own copies now
            sock.close()
        # QEMU's state as /proc shows it, kept open: whether it exited costs one read, and works
        # while the console thread sits in wait() on the process.
        self._stat = os.open(f"/proc/{self.process.pid}/stat", os.O_RDONLY | os.O_CLOEXEC)
        self._stderr: list[str] = []
        threading.Thread(target=self._read_console, name="console", daemon=True).start()
        threading.Thread(target=self._read_stderr, name="qemu-stderr", daemon=True).start()

    @property
    def gdb_socket(self) -> Path:
        return self.rundir / "gdb.sock"

    @property
    def qmp_socket(self) -> Path:
        return self.rundir / "qmp.sock"

    @property
    def ram_file(self) -> Path:
        return self.rundir / "guest-ram"

    def _read_console(self) -> None:
        """Hand console bytes to on_console as they come, reading and handing on under console_lock."""
        fd = self.process.stdout.fileno()
        while True:
            select.select([fd], [], [])
            with self.console_lock:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                self.on_console(chunk.decode("utf-8", "replace"))
        self.on_exit(self.process.wait())

    def console_waiting(self) -> int:
        """Console bytes QEMU has written that on_console has not had yet.

        Exact while the caller holds console_lock: the reader takes bytes out of
        the pipe and hands them on in one step under that lock. QEMU writes a
        guest's serial output the moment the guest writes it, so once the guest
        stopped, zero here means on_console has everything it printed.
        """
        waiting = fcntl.ioctl(self.process.stdout.fileno(), termios.FIONREAD, b"\0\0\0\0")
        return struct.unpack("i", waiting)[0]

    def _read_stderr(self) -> None:
        err = self.process.stderr
        assert err is not None
        for line in iter(err.readline, b""):
            self._stderr.append(line.decode("utf-8", "replace"))

    def stderr_text(self) -> str:
        """What QEMU printed on stderr, minus its harmless CPUID warnings."""
        return "".join(line for line in self._stderr if "host doesn't support requested feature" not in line)

    def connect_qmp(self) -> QmpChannel:
        """Open QMP (the connection waits in the listen backlog until QEMU accepts it)."""
        if self.qmp is None:
            self.qmp = QmpChannel(self.qmp_socket)
        return self.qmp

    def alive(self) -> bool:
        return self.process.poll() is None

    def exited(self) -> bool:
        """Whether QEMU has exited, as a zombie too (what poll() cannot tell while another thread
        waits on the process)."""
        try:
            stat = os.pread(self._stat, 512, 0)
        except OSError:  # reaped
            return True
        return stat[stat.rindex(b")") + 2 : stat.rindex(b")") + 3] in (b"Z", b"X")  # the state field

    def stop(self) -> None:
        """End QEMU and remove the run directory.

        SIGTERM is QEMU's clean quit, and it works whether or not QMP was ever
        connected; SIGKILL only if QEMU hangs on it.
        """
        if self.qmp is not None:
            self.qmp.close()
            self.qmp = None
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=2.0)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process.wait()
        with contextlib.suppress(OSError):
            os.close(self._stat)
        shutil.rmtree(self.rundir, ignore_errors=True)
