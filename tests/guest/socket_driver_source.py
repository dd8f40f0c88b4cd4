"""A datagram socket family written against Unikraft 0.10's <uk/socket_driver.h>, as notebook cells.

The C text lives in tests/guest/cells/ (socket_driver_demo.c: the driver, every member of struct
posix_socket_ops filled; socket_driver_use.c: two of its sockets talking). Shared by
tests/guest/test_socket_driver.py and notebooks/03-events-and-sockets.ipynb, whose copy the notebook
test compares with these. WERROR turns gcc's -Wall, -Wextra and incompatible pointer types into
errors, as a -Werror build would.
"""

from pathlib import Path

CELLS = Path(__file__).resolve().parent / "cells"

WERROR = """\
#pragma GCC diagnostic error "-Wall"
#pragma GCC diagnostic error "-Wextra"
#pragma GCC diagnostic error "-Wincompatible-pointer-types"
"""
DEMO_DRIVER = (CELLS / "socket_driver_demo.c").read_text()
DEMO_USE = (CELLS / "socket_driver_use.c").read_text()
