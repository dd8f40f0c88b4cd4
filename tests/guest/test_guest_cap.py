"""UKREPL_MAX_GUESTS: a workshop host's cap on the guests one user runs at once (share/jupyterhub).

All users of one hub share a Unix account (and so do the test runs on this
machine): a guest belongs to the JUPYTERHUB_USER of the kernel that owns it, so
the user here is a name of this test's own.
"""

from __future__ import annotations

import os
import secrets

import pytest
from conftest import booted, guest_fixture
from jupyter_client.manager import start_new_kernel

from ukrepl.target.qemu import QemuError

running = guest_fixture()


@pytest.fixture
def hub_user_with_a_guest():
    """A ukrepl kernel of a hub user of its own, with its guest booted; the user's name."""
    user = f"student-{secrets.token_hex(4)}"
    env = {**os.environ, "JUPYTERHUB_USER": user, "UKREPL_ACCEL": "tcg"}
    manager, client = start_new_kernel(kernel_name="ukrepl", env=env)
    try:
        reply = client.execute_interactive("tour_fib(10)", timeout=120, output_hook=lambda _msg: None)
        assert reply["content"]["status"] == "ok"
        yield user
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_a_user_at_the_cap_is_told_to_shut_a_kernel_down(hub_user_with_a_guest, monkeypatch):
    monkeypatch.setenv("UKREPL_MAX_GUESTS", "1")
    monkeypatch.setenv("JUPYTERHUB_USER", hub_user_with_a_guest)  # this process: a second kernel of theirs
    with pytest.raises(QemuError) as refused:
        booted()
    message = "you have 1 guests running, as many as this host allows per user (1)"
    assert str(refused.value).startswith(message)
    assert "Shut Down Kernel" in refused.value.hint and "%boot" in refused.value.hint
    monkeypatch.setenv("UKREPL_MAX_GUESTS", "2")
    second = booted()
    second.shutdown()


def test_another_users_guest_does_not_count(hub_user_with_a_guest, running, monkeypatch):
    monkeypatch.setenv("UKREPL_MAX_GUESTS", "1")
    monkeypatch.setenv("JUPYTERHUB_USER", f"{hub_user_with_a_guest}-neighbour")
    running.reboot()
    assert running.evaluate("tour_fib(10)").text == "55"
