"""Parsing QEMU's 'info registers -a' on captured text."""

from ukrepl.decoders.x86_64.monitor_registers import parse_info_registers

SAMPLE = """CPU#0
RAX=00000000001001bd RBX=0000000000100128 RCX=00000000000003fb RDX=00000000000003f8
RSI=0000000000000000 RDI=0000000000000000 RBP=0000000000000000 RSP=0000000000113fe8
RIP=00000000001001bd RFL=00000046 [---Z-P-] CPL=0 II=0 A20=1 SMM=0 HLT=0
CS =0008 0000000000000000 ffffffff 00af9a00 DPL=0 CS64 [-R-]
LDT=0000 0000000000000000 0000ffff 00008200 DPL=0 LDT
TR =0018 0000000000123000 00000067 00008b00 DPL=0 TSS64-busy
GDT=     0000000000100240 00000027
IDT=     0000000000104000 00000fff
CR0=80000011 CR2=0000000000000000 CR3=0000000000101000 CR4=00000020
EFER=0000000000000d00
CPU#1
RIP=000000000000fff0 RFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=1
TR =0000 0000000000000000 0000ffff 00008b00 DPL=0 TSS32-busy
GDT=     0000000000000000 0000ffff
IDT=     0000000000000000 0000ffff
"""


def test_two_cpus():
    cpu0, cpu1 = parse_info_registers(SAMPLE)
    assert cpu0.index == 0 and cpu1.index == 1
    assert cpu0.gdt == (0x100240, 0x27) and cpu0.idt == (0x104000, 0xFFF)
    assert cpu0.segments["TR"].selector == 0x18 and cpu0.segments["TR"].base == 0x123000
    assert cpu0.segments["CS"].flags == 0x00AF9A00
    assert cpu0.registers["CR3"] == 0x101000 and cpu0.registers["EFER"] == 0xD00
    assert not cpu0.halted and cpu1.halted
    assert cpu1.registers["RIP"] == 0xFFF0
