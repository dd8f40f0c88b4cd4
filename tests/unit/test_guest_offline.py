"""What the guest facade says before anything runs, and how it picks an accelerator (no QEMU needed)."""

from __future__ import annotations

import pytest

from ukrepl.guest import Guest, NotBooted
from ukrepl.target import qemu


def test_not_booted_message():
    with pytest.raises(NotBooted, match="%boot"):
        Guest().evaluate("1")


def test_auto_accel_takes_kvm_only_over_hardware_virtualization(monkeypatch):
    assert qemu.kvm_has_hardware("processor\t: 0\nflags\t\t: fpu vme sse2 vmx ept\n")
    assert qemu.kvm_has_hardware("flags\t\t: fpu svm npt\n")
    assert not qemu.kvm_has_hardware("flags\t\t: fpu vme sse2 hypervisor\n")  # PVM's host CPU
    monkeypatch.setattr(qemu, "kvm_usable", lambda: True)
    monkeypatch.setattr(qemu, "kvm_has_hardware", lambda: False)
    accel, note = qemu.auto_accel()
    assert accel == "tcg" and "no VMX/SVM" in note and "--accel kvm" in note
    monkeypatch.setattr(qemu, "kvm_has_hardware", lambda: True)
    assert qemu.auto_accel() == ("kvm", "")
    monkeypatch.setattr(qemu, "kvm_usable", lambda: False)
    assert qemu.auto_accel() == ("tcg", "")
