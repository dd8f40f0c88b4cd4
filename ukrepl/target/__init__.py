"""The target: one QEMU with GDB attached to its stub. Launching them (qemu.py), the GDB/MI session
(gdbmi.py), the console (console.py), raw memory, registers and monitor commands (machine.py), and
guest RAM through QEMU's memory file (physmem.py). It knows nothing of cells or of the kernel."""
