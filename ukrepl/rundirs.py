"""Private directories that say who owns them, and the reaping of those whose owner is gone.

A kernel process makes a run directory for each QEMU (`/dev/shm/ukrepl-*`: the
sockets and guest RAM) and a cells directory (`/dev/shm/ukrepl-cells-*`). A SIGKILLed
kernel cannot remove them, so each records its owner in a file `owner`: the
user, the PID and that process's start time (field 22 of /proc/PID/stat), so
that a PID the system has since given to another process does not count as
the owner. The next kernel to make one reaps the current user's directories
whose owner is gone, never another user's (all users share /dev/shm and /tmp).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

OWNER = "owner"


def start_time(pid: int) -> str | None:
    """A process's start time in clock ticks since boot (unique with its PID), None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]  # field 22; the name before ")" may hold spaces


def owner_line(pid: int | None = None) -> str:
    pid = os.getpid() if pid is None else pid
    return f"{os.getuid()} {pid} {start_time(pid)}\n"


def scratch_parent() -> Path | None:
    """Where private directories go: tmpfs when there is one (guest RAM, and files written and read
    again at once, such as a cell's object and linked image), else the temporary directory."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() else None


def make(prefix: str, parent: Path | None = None) -> Path:
    """A new 0700 directory owned by this process (stale ones of the same prefix reaped first)."""
    reap(prefix, parent)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    (path / OWNER).write_text(owner_line())
    return path


def owner_alive(path: Path) -> bool:
    """True unless the directory names an owner that is gone (no owner file yet counts as alive)."""
    try:
        _uid, pid, started = (path / OWNER).read_text().split()
    except (OSError, ValueError):
        return True
    return start_time(int(pid)) == started


def owner_env(path: Path, name: str) -> str | None:
    """The value of `name` in the environment the directory's owner started with (None if unset or gone)."""
    try:
        pid = int((path / OWNER).read_text().split()[1])
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except (OSError, ValueError, IndexError):
        return None
    found = [item.split(b"=", 1)[1] for item in environ if item.startswith(name.encode() + b"=")]
    return found[0].decode(errors="replace") if found else None


def live(prefix: str, parent: Path | None = None) -> list[Path]:
    """This user's `prefix*` directories in `parent` that name an owner, alive (one without an owner
    file is being made, or older than owner files: not counted)."""
    parent = Path(parent if parent is not None else tempfile.gettempdir())
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(prefix) and (p / OWNER).is_file()]
    except OSError:
        return []
    return [p for p in candidates if p.stat().st_uid == os.getuid() and owner_alive(p)]


def reap(prefix: str, parent: Path | None = None) -> list[Path]:
    """Remove this user's `prefix*` directories in `parent` whose owner is gone; return them."""
    parent = Path(parent if parent is not None else tempfile.gettempdir())
    reaped = []
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return reaped
    for path in candidates:
        try:
            mine = path.is_dir() and not path.is_symlink() and path.stat().st_uid == os.getuid()
        except OSError:
            continue
        if mine and not owner_alive(path):
            shutil.rmtree(path, ignore_errors=True)
            reaped.append(path)
    return reaped
