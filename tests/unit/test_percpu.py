"""Known-answer tests for per-CPU decoding and the cross-check against QEMU, on hand-built bytes."""

import struct

from test_descriptors import tss_descriptor

from ukrepl.decoders.x86_64.monitor_registers import MonitorCpu, Segment
from ukrepl.decoders.x86_64.percpu import KernelCpu, decode_cpu, stack_used, state_name

FILL = 0x5A
GDT_AT, TSS_AT, IST_AT, STACK = 0x20_0000, 0x20_1000, 0x20_2000, 0x1000


def stack(depth: int) -> bytes:
    """A stack of STACK bytes, its top `depth` bytes overwritten."""
    return (
        bytes([FILL]) * (STACK - depth)
        + bytes(range(1, 256)) * (depth // 255)
        + bytes(range(1, depth % 255 + 1))
    )


def kernel_cpu(index: int = 1, tss_base: int = TSS_AT) -> KernelCpu:
    gdt = (
        bytes(8)
        + (0x00AF9A000000FFFF).to_bytes(8, "little")
        + (0x00CF92000000FFFF).to_bytes(8, "little")
        + tss_descriptor(tss_base, 0x67)
    )
    ist = (IST_AT + STACK, IST_AT + 2 * STACK, 0, 0, 0, 0, 0)  # IST1 = stack[0], IST2 = stack[1]
    tss = struct.pack("<I3QQ7QQHH", 0, 0, 0, 0, 0, *ist, 0, 0, 104)
    return KernelCpu(
        index=index,
        apic_id=index,
        state=2,
        gdt_address=GDT_AT,
        gdt_bytes=gdt,
        tss_address=TSS_AT,
        tss_bytes=tss,
        ist_base=IST_AT,
        ist_stack_size=STACK,
        ist_stacks={1: stack(200), 2: stack(0)},
    )


def monitor(gdt_base: int = GDT_AT, tr_base: int = TSS_AT, tr_selector: int = 0x18) -> MonitorCpu:
    return MonitorCpu(
        index=1,
        gdt=(gdt_base, 0x27),
        idt=(0x30_0000, 0xFFF),
        segments={"TR": Segment(tr_selector, tr_base, 0x67, 0x8B00)},
        registers={},
        halted=True,
    )


def test_stack_used_counts_from_the_deepest_write():
    assert stack_used(bytes([FILL]) * 64, FILL) == 0
    assert stack_used(bytes([FILL]) * 60 + b"\x00\x01\x02\x03", FILL) == 4
    # A fill-valued byte above the deepest write is still counted as used.
    assert stack_used(bytes([FILL]) * 10 + b"\x01" + bytes([FILL]) * 5, FILL) == 6
    assert stack_used(stack(1000), FILL) == 1000


def test_state_names():
    assert [state_name(v) for v in (-1, 0, 1, 2, 3, 5)] == [
        "halted", "offline", "starting", "idle", "running", "running",
    ]  # fmt: skip


def test_decoded_cpu_agrees_with_qemu():
    cpu = decode_cpu(kernel_cpu(), "xAPIC", FILL, monitor())
    assert cpu.findings == []
    assert (cpu.state, cpu.apic_mode, cpu.tss_descriptor.selector) == ("idle", "xAPIC", 0x18)
    assert [(s.slot, s.owner, s.size, s.used) for s in cpu.ist] == [
        (1, "lcpus[1].ist.stack[0]", STACK, 200),
        (2, "lcpus[1].ist.stack[1]", STACK, 0),
    ]


def test_disagreements_are_findings():
    cpu = decode_cpu(
        kernel_cpu(tss_base=0xDEAD000), "x2APIC", FILL, monitor(gdt_base=0x1234, tr_selector=0x10)
    )
    text = "\n".join(cpu.findings)
    assert "GDTR.base is 0x1234" in text
    assert "TR selector 0x10 does not name" in text
    assert "TSS descriptor points at 0xdead000" in text
    assert decode_cpu(kernel_cpu(), "x2APIC", FILL, None).findings == ["QEMU reports no CPU for APIC ID 1"]


def test_crashed_cpu():
    assert decode_cpu(kernel_cpu(), "xAPIC", FILL, monitor(), crashed=True).state == "crashed"
