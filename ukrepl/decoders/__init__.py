"""Pure decoders: functions of bytes and text that know neither Jupyter nor GDB nor a guest.

Generic ones here (page-table walking and merging, kernel records, crash-report text), those of one
architecture in its folder (x86_64/: descriptors, TSS, page-table entries, QEMU's register dump).
The caller fetches the bytes (guest/) and hands them in, often as an I/O callable.
"""
