"""The state of a logical CPU as the kernel keeps it (enum lcpu_state in lcpus[i].state), named:
the same numbers on both architectures (plat/common/lcpu.c), read through GDB by guest.cpu_state.
"""

from __future__ import annotations

from ..kernel_contract import LCPU_STATES

# enum lcpu_state: values from BUSY0 up count nested run levels.
_NAMES = {"LCPU_STATE_HALTED": "halted", "LCPU_STATE_OFFLINE": "offline", "LCPU_STATE_INIT": "starting"}
_STATES = {
    value: _NAMES.get(name, "idle") for name, value in LCPU_STATES.values.items() if "BUSY" not in name
}
LCPU_STATE_BUSY0 = LCPU_STATES.values["LCPU_STATE_BUSY0"]


def state_name(value: int) -> str:
    return _STATES.get(value, "running" if value >= LCPU_STATE_BUSY0 else f"state {value}")
