"""JupyterLab in a real browser: a private JupyterLab server for the session, and a Chromium page per test.

`lab` starts JupyterLab on 127.0.0.1 with a token and a free port, with its
config, data, runtime, settings and workspace directories and the ukrepl
kernelspec below a temporary directory, and kernels that import the ukrepl of
this tree (PYTHONPATH). It is ready when its HTTP API answers, and it is stopped
by PID at the end, its kernels first; the fixture fails if any process it started
(kernels, GDB, QEMU) outlives it. `page` is a fresh Chromium context (Debian's
chromium driven by playwright, headless). Other browser tests (the debugger's)
use these two fixtures as they are.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

from ukrepl.target.qemu import die_with_parent

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("UKREPL_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("UKREPL_BROWSER_ARTIFACTS", REPO / "tests" / "browser" / "artifacts"))

# JupyterLab settings for a quiet, deterministic page: no news or update toasts, every cell in the DOM.
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab: its URL and token, the directory it serves, its process."""

    url: str
    token: str
    root: Path
    pid: int
    log: Path
    seen: set[int] = field(default_factory=set)  # every descendant ever observed

    def api(self, method: str, path: str, body: dict | None = None) -> object:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
        return json.loads(text) if text else None

    def page_url(self, notebook: str, workspace: str) -> str:
        """A notebook in a workspace of its own (reset: no tabs restored from an earlier test)."""
        return f"{self.url}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={self.token}"

    def descendants(self) -> list[psutil.Process]:
        try:
            found = psutil.Process(self.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        self.seen |= {p.pid for p in found}
        return found

    def guest_processes(self) -> list[psutil.Process]:
        """The QEMU and GDB processes of this server's kernels."""
        return [p for p in self.descendants() if _name(p).startswith(("qemu", "gdb"))]

    def shutdown_kernels(self) -> None:
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def copy_notebook(self, source: Path, name: str | None = None) -> Path:
        target = self.root / (name or source.name)
        shutil.copyfile(source, target)
        return target


def _name(process: psutil.Process) -> str:
    try:
        return process.name()
    except psutil.Error:
        return ""


def _wait_ready(lab: Lab, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            lab.api("GET", "/api/status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)  # polling interval, not a wait for readiness
    pytest.fail(f"JupyterLab did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


def _stop(lab: Lab, process: subprocess.Popen) -> list[str]:
    """Stop the kernels, then the server by its PID; return what is still alive afterwards."""
    with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError):
        lab.shutdown_kernels()
    lab.descendants()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    alive = []
    for pid in sorted(lab.seen):
        try:
            leftover = psutil.Process(pid)
        except psutil.NoSuchProcess:
            continue
        gone, still = psutil.wait_procs([leftover], timeout=10)
        for p in still:
            alive.append(f"{p.pid} {_name(p)}")
            p.kill()
    return alive


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> Iterator[Lab]:
    from ukrepl.frontend.cli import install
    from ukrepl.kernel_build import KernelBuild

    KernelBuild().run()  # build once here, not inside a kernel's first cell
    home = tmp_path_factory.mktemp("jupyterlab")
    root = home / "notebooks"
    root.mkdir()
    install(user=False, prefix=str(home / "prefix"))
    settings = home / "lab-settings"
    for name, values in SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = dict(os.environ)
    env.update(
        IPYTHONDIR=str(home / "ipython"),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_PATH=str(home / "prefix" / "share" / "jupyter"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        PYTHONPATH=str(REPO),  # the kernels import this tree's ukrepl, not an installed one
    )
    env.pop("UKREPL_ACCEL", None)  # what a student gets: auto
    token = secrets.token_hex(16)
    port = free_port()
    log = home / "lab.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: run the run-all command
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                *(["--allow-root"] if os.geteuid() == 0 else []),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # A pytest killed before its teardown must not leave JupyterLab (and its kernels) behind.
            preexec_fn=functools.partial(die_with_parent, signal.SIGTERM),
            cwd=root,
        )
    server = Lab(f"http://127.0.0.1:{port}", token, root, process.pid, log)
    try:
        _wait_ready(server, process, log)
        yield server
    finally:
        alive = _stop(server, process)
    assert not alive, f"processes of the JupyterLab session outlived it: {alive}"


@pytest.fixture(scope="session")
def chromium():
    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


def new_page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


@pytest.fixture
def page(lab, chromium):
    """A page of its own; the kernels it started are shut down after the test."""
    context, page = new_page(chromium)
    yield page
    context.close()
    lab.shutdown_kernels()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (tests/browser/artifacts/, ignored by git; UKREPL_BROWSER_ARTIFACTS moves it)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
