"""The workshop hub of share/jupyterhub on loopback: three users, three single-user servers, three guests.

The hub runs share/jupyterhub/jupyterhub_config.py as it ships (dummy
authenticator, one local single-user server per user, the idle culler, the
per-guest caps), loaded by a test config that only adds what a test needs:
ports and directories of its own, a service token to drive the REST API, and
--allow-root when the test runs as root. Each user logs in through the login
form; each server runs one cell in a ukrepl kernel over the kernel's websocket;
each guest's QEMU must be a descendant of its own user's server. Everything the
hub started is gone afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest

requests = pytest.importorskip("requests", reason="pip install '.[hub]'")
pytest.importorskip("jupyterhub", reason="pip install '.[hub]'")
from tornado.httpclient import HTTPRequest  # noqa: E402 - after the skips
from tornado.websocket import websocket_connect  # noqa: E402

from ukrepl.target.qemu import die_with_parent  # noqa: E402

pytestmark = [pytest.mark.hub, pytest.mark.timeout(600)]
REPO = Path(__file__).resolve().parents[2]
USERS = ("ada", "grace", "linus")
CHP = "/usr/bin/configurable-http-proxy"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


TEST_CONFIG = """
import os
load_subconfig({shipped!r})
c.JupyterHub.services.append({{"name": "hub-test", "api_token": os.environ["HUB_TEST_TOKEN"]}})
c.JupyterHub.load_roles.append({{
    "name": "hub-test",
    "scopes": ["admin:users", "admin:servers", "admin:server_state", "access:servers"],
    "services": ["hub-test"],
}})
if os.geteuid() == 0:  # the single-user servers run as the hub's user
    c.Spawner.args.append("--allow-root")
"""


class Hub:
    def __init__(self, url: str, token: str, process: subprocess.Popen, log: Path) -> None:
        self.url, self.token, self.process, self.log = url, token, process, log
        self.seen: set[int] = set()

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {self.token}"}
        url = f"{self.url}/hub/api{path}"
        response = requests.request(method, url, headers=headers, timeout=30, **kwargs)
        assert response.status_code < 400, (method, path, response.status_code, response.text)
        return response

    def descendants(self) -> list[psutil.Process]:
        try:
            found = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        self.seen |= {p.pid for p in found}
        return found

    def wait(self, what, timeout: float = 180):
        """Poll `what` until it returns something true (0.2 s apart: the hub has no event to wait on)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the hub exited:\n{self.log.read_text()[-3000:]}")
            self.descendants()
            found = what()
            if found:
                return found
            time.sleep(0.2)
        pytest.fail(f"timed out waiting; hub log:\n{self.log.read_text()[-3000:]}")


@pytest.fixture
def hub(tmp_path):
    if not Path(CHP).exists():
        pytest.skip("apt-get install node-configurable-http-proxy")
    from ukrepl.frontend.cli import install
    from ukrepl.kernel_build import KernelBuild

    KernelBuild().run()  # once here, not in three kernels at once
    install(user=False, prefix=str(tmp_path / "prefix"))
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(TEST_CONFIG.format(shipped=str(REPO / "share/jupyterhub/jupyterhub_config.py")))
    token, port = secrets.token_hex(16), free_port()
    env = dict(os.environ)
    env.update(
        HUB_TEST_TOKEN=token,
        UKREPL_HUB_ROOT=str(tmp_path / "hub"),
        UKREPL_HUB_PORT=str(port),
        UKREPL_HUB_API_PORT=str(free_port()),
        UKREPL_HUB_PROXY_API_PORT=str(free_port()),
        UKREPL_HUB_USERS=",".join(USERS),
        UKREPL_HUB_DUMMY_PASSWORD="workshop",
        JUPYTER_PATH=str(tmp_path / "prefix" / "share" / "jupyter"),
        PYTHONPATH=str(REPO),  # the servers' kernels import this tree's ukrepl
    )
    env.pop("UKREPL_ACCEL", None)
    log = tmp_path / "hub.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
            start_new_session=True,
            # A pytest killed before its teardown must not leave the hub (and its servers) behind.
            preexec_fn=functools.partial(die_with_parent, signal.SIGTERM),
        )
    hub = Hub(f"http://127.0.0.1:{port}", token, process, log)
    try:
        hub.wait(lambda: _answers(f"{hub.url}/hub/api/"), timeout=90)
        yield hub
    finally:
        left = _stop(hub)
    assert not left, f"processes of the hub outlived it: {left}"


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.ConnectionError:
        return False


def _stop(hub: Hub) -> list[str]:
    """The users' servers through the API, then the hub by its PID; what is still alive afterwards."""
    for user in USERS:
        with contextlib.suppress(requests.RequestException):
            requests.delete(
                f"{hub.url}/hub/api/users/{user}/server",
                headers={"Authorization": f"token {hub.token}"},
                timeout=60,
            )
    hub.descendants()
    hub.process.send_signal(signal.SIGTERM)
    try:
        hub.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        hub.process.kill()
        hub.process.wait()
    left = []
    for pid in sorted(hub.seen):
        try:
            process = psutil.Process(pid)
        except psutil.NoSuchProcess:
            continue
        _gone, alive = psutil.wait_procs([process], timeout=10)
        for p in alive:
            left.append(f"{p.pid} {p.name()}")
            p.kill()
    return left


def log_in(hub: Hub, user: str) -> requests.Session:
    """The login form, as a student fills it in, then the page it leads to, which spawns the server."""
    session = requests.Session()
    session.get(f"{hub.url}/hub/login", timeout=30)
    form = {"username": user, "password": "workshop", "_xsrf": session.cookies.get("_xsrf", "")}
    reply = session.post(f"{hub.url}/hub/login", data=form, timeout=120, allow_redirects=False)
    assert reply.status_code == 302, (reply.status_code, reply.text[-500:])
    spawn = session.get(f"{hub.url}/hub/spawn", timeout=120, allow_redirects=False)  # what /hub/ leads to
    assert spawn.status_code in (200, 302), (spawn.status_code, spawn.text[-500:])
    return session


def server_pid(hub: Hub, user: str) -> int | None:
    model = hub.api("GET", f"/users/{user}").json()
    server = model.get("servers", {}).get("")
    return server["state"].get("pid") if server and server.get("ready") else None


async def run_cell(hub: Hub, user: str, kernel: str, code: str) -> str:
    """One execute_request over the kernel's websocket; the text it printed and showed."""
    url = f"{hub.url.replace('http', 'ws', 1)}/user/{user}/api/kernels/{kernel}/channels"
    request = HTTPRequest(url, headers={"Authorization": f"token {hub.token}"})
    socket = await websocket_connect(request)
    msg_id = uuid.uuid4().hex
    header = {"msg_id": msg_id, "msg_type": "execute_request", "username": user, "session": msg_id}
    header["version"] = "5.3"
    content = {"code": code, "silent": False, "store_history": False, "allow_stdin": False}
    message = {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}
    await socket.write_message(json.dumps(message))
    text, done = [], False
    while not done:
        reply = json.loads(await asyncio.wait_for(socket.read_message(), timeout=300))
        if reply.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, body = reply["msg_type"], reply["content"]
        if kind == "stream":
            text.append(body["text"])
        elif kind in ("execute_result", "display_data"):
            text.append(body["data"].get("text/plain", ""))
        elif kind == "error":
            text.append(f"{body['ename']}: {body['evalue']}")
        done = kind == "status" and body["execution_state"] == "idle"
    socket.close()
    return "".join(text)


def test_three_students_three_guests(hub):
    sessions = {user: log_in(hub, user) for user in USERS}
    assert len(sessions) == 3
    pids = {user: hub.wait(lambda u=user: server_pid(hub, u)) for user in USERS}
    assert len(set(pids.values())) == 3  # a single-user server each
    kernels = {}
    for user in USERS:
        response = requests.post(
            f"{hub.url}/user/{user}/api/kernels",
            headers={"Authorization": f"token {hub.token}"},
            json={"name": "ukrepl"},
            timeout=60,
        )
        assert response.status_code == 201, response.text
        kernels[user] = response.json()["id"]
    # a thread of its own: in a whole run the browser tests' playwright keeps a loop on this one
    with ThreadPoolExecutor(1) as pool:
        outputs = {
            user: pool.submit(asyncio.run, run_cell(hub, user, kernels[user], "tour_fib(10)")).result()
            for user in USERS
        }
    for user, text in outputs.items():
        assert "[ukrepl] guest ready" in text and text.rstrip().endswith("(int) 55"), (user, text)
    qemu = {}
    for user, pid in pids.items():
        under = [p for p in psutil.Process(pid).children(recursive=True) if p.name().startswith("qemu")]
        assert len(under) == 1, (user, under)  # this user's guest, under this user's server
        qemu[user] = under[0].pid
    assert len(set(qemu.values())) == 3
    for user in USERS:  # each server ends its own kernels, guests with them
        hub.api("DELETE", f"/users/{user}/server")
    hub.wait(lambda: not any(alive(pid) for pid in (*qemu.values(), *pids.values())), timeout=60)


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
