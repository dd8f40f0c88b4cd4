"""JupyterHub for a ukrepl workshop on one machine (see README, "Workshops").

Each user gets a single-user JupyterLab server of their own, as a local process
(SimpleLocalProcessSpawner: one machine, no system accounts, no systemd), so
each user's ukrepl kernels and guests are theirs. Idle servers are culled by
jupyterhub-idle-culler. What ukrepl itself caps is set in the server's environment:
UKREPL_MAX_MEM (a guest's RAM), UKREPL_MAX_SMP (its CPUs) and UKREPL_MAX_GUESTS (the
guests one user runs at once, one per open notebook's kernel).

    .venv/bin/pip install jupyterhub jupyterhub-idle-culler
    apt-get install node-configurable-http-proxy
    .venv/bin/jupyterhub -f share/jupyterhub/jupyterhub_config.py

Settings from the environment: UKREPL_HUB_PORT (8000), UKREPL_HUB_ROOT (where
user homes go), UKREPL_HUB_USERS (comma-separated allowed names, empty: any),
UKREPL_HUB_DUMMY_PASSWORD (a shared password with the dummy authenticator, for
a room; use a real authenticator when the hub is reachable from outside).
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

root = Path(os.environ.get("UKREPL_HUB_ROOT", "/srv/ukrepl-workshop"))
root.mkdir(parents=True, exist_ok=True)

c.JupyterHub.ip = os.environ.get("UKREPL_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("UKREPL_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("UKREPL_HUB_API_PORT", "8081"))
c.JupyterHub.db_url = f"sqlite:///{root / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(root / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(root / "proxy.pid")
# Debian's configurable-http-proxy keeps its node modules in /usr/share/nodejs, where a node
# that is not Debian's (NodeSource's, say) does not look; the proxy inherits the hub's environment.
if Path("/usr/share/nodejs").is_dir():
    os.environ["NODE_PATH"] = ":".join(filter(None, [os.environ.get("NODE_PATH"), "/usr/share/nodejs"]))
c.ConfigurableHTTPProxy.api_url = (
    f"http://127.0.0.1:{int(os.environ.get('UKREPL_HUB_PROXY_API_PORT', '8001'))}"
)

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ.get("UKREPL_HUB_DUMMY_PASSWORD", "")
users = [u for u in os.environ.get("UKREPL_HUB_USERS", "").split(",") if u]
if users:
    c.Authenticator.allowed_users = set(users)
else:
    c.Authenticator.allow_all = True

# One single-user server per user, a local process with a home directory below root.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(root / "home" / "{username}")
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.environment = {
    "UKREPL_MAX_MEM": os.environ.get("UKREPL_MAX_MEM", "256M"),
    "UKREPL_MAX_SMP": os.environ.get("UKREPL_MAX_SMP", "4"),
    "UKREPL_MAX_GUESTS": os.environ.get("UKREPL_MAX_GUESTS", "3"),
    **({"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}),
    **({"JUPYTER_PATH": os.environ["JUPYTER_PATH"]} if "JUPYTER_PATH" in os.environ else {}),
}
# Kernels idle for an hour are shut down by each single-user server (its QEMU and GDB with them) ...
c.Spawner.args = ["--MappingKernelManager.cull_idle_timeout=3600", "--MappingKernelManager.cull_interval=300"]

# ... and servers idle for two hours by the hub's culler.
c.JupyterHub.load_roles = [
    {
        "name": "jupyterhub-idle-culler-role",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["jupyterhub-idle-culler-service"],
    }
]
c.JupyterHub.services = [
    {
        "name": "jupyterhub-idle-culler-service",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=7200"],
    }
]
