"""ukrepl: a Jupyter REPL for a live unikernel under QEMU, driven through GDB/MI."""

__version__ = "0.1.0"
