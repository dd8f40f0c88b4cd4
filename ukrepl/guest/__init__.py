"""The guest facade: one live unikernel under QEMU and GDB, as cells and widgets use it.

`Guest.run(source)` is the one entry for a cell; the rest of the package's
layers (target, compiler, decoders) sit below this one and know nothing of it.
"""

from .errors import GuestCrashed, GuestDied, GuestError, GuestInterrupted, GuestStopped, NotBooted
from .facade import Guest
from .values import CellResult, State, Value

__all__ = [
    "CellResult",
    "Guest",
    "GuestCrashed",
    "GuestDied",
    "GuestError",
    "GuestInterrupted",
    "GuestStopped",
    "NotBooted",
    "State",
    "Value",
]
