"""x86_64 formats: GDT/IDT/TSS descriptors, 4-level page-table entries, QEMU's `info registers`."""
