"""Waking the boot CPU when the stop button finds it asleep with interrupts off.

A call stopped by the stop button may have left CPU 0 in `cli; hlt` (x86_64)
or `msr daifset, #0xf; wfi` (arm64): GDB can rewrite its registers, but QEMU
keeps the vCPU halted until an interrupt wakes it, so the clean-up call would
never run.

x86_64: only an NMI wakes a CPU in HLT with IF=0.

The NMI goes to CPU 0 alone, as an MSI: a 4-byte write of delivery mode NMI
(data 0x400) to 0xfee00000 (destination APIC ID 0) in guest-physical space,
which GDB reaches through QEMU's gdbstub physical-memory mode
(`Qqemu.PhyMemMode`). QMP's inject-nmi would hit every CPU, and the kernel's
NMI handler (arch/x86_64/trap.c) reports a crash for an NMI nobody expects.
So a temporary hardware breakpoint on the NMI stub (trap_stub_2) catches CPU
0 before the handler runs; the hardware frame on its stack is redirected to
ukrepl_call_return and the CPU is sent to the `iretq` of trap_common, which
ends the NMI (unblocking later ones) and lands on the hardware breakpoint of
ukrepl_call_return: CPU 0 is awake and stopped, ready for the clean-up call.

arm64: WFI ends when an interrupt is pending for the CPU even while DAIF masks
it, so a pending SGI wakes CPU 0 without being taken. It is made pending in
CPU 0's GICv3 redistributor (GICR_ISPENDR0 of its SGI frame, the address the
kernel keeps in gic.c's redist[0]), a plain MMIO write through the gdbstub's
physical-memory mode; its pc is set to the landing first, so the CPU wakes
straight onto the hardware breakpoint there, and the SGI is cleared
(GICR_ICPENDR0) before anything could take it. A GICv2 guest cannot be woken
so: QEMU 7.2 picks a GICv2 distributor's banked registers by the CPU that
accesses them, and a gdbstub write comes from none (QEMU dies of SIGSEGV);
hence the host's virt machine has gic-version=3 (target/arches.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ..compiler.symbols import SymbolTable
from ..target.gdbmi import MiSession
from ..target.machine import Target, console_command, evaluate_command, write_command

IRETQ = b"\x48\xcf"
NMI_STUB = "trap_stub_2"  # arch/x86_64/traps.S
TRAP_EXIT = "trap_common"  # ends in the iretq every exception returns through
MSI_ADDRESS = 0xFEE00000  # destination APIC ID 0 in bits 19:12
MSI_NMI = (4 << 8).to_bytes(4, "little")  # delivery mode NMI
# arm64: CPU 0's GICv3 redistributor (RD frame; the SGI frame 64 KiB up) and an SGI the kernel never
# sends (it uses 13-15); were it ever taken, the kernel would only count it
REDISTRIBUTOR = "redist[0]"  # arch/arm64/gic.c; 0 on a GICv2 guest
GICR_SGI_FRAME, GICR_ISPENDR0, GICR_ICPENDR0 = 0x10000, 0x200, 0x280
WAKE_SGI = 0


class Host(Protocol):
    """What waking needs of the guest facade."""

    arch: str
    target: Target
    symbols: SymbolTable

    def on_wake(self) -> None: ...


class WakeFailed(Exception):
    """The halted CPU could not be woken (the caller gives up on the guest)."""


def is_halted(mi: MiSession, pc: int, halt: bytes) -> bool:
    """True when CPU 0 stopped just after its halt instruction (QEMU reports a halted vCPU's pc
    past it)."""
    (result,) = mi.batch([Target.read_command(pc - len(halt), len(halt))])
    return Target.bytes_from(result) == halt


def _physical_write(address: int, data: bytes) -> list[str]:
    """The MI commands that write guest-physical memory (MMIO included) through the gdbstub."""
    return [
        console_command("maint packet Qqemu.PhyMemMode:1"),
        write_command(address, data),
        console_command("maint packet Qqemu.PhyMemMode:0"),
    ]


def wake_boot_cpu(mi: MiSession, host: Host, landing: str, timeout: float) -> None:
    """Wake the halted CPU 0 and leave it stopped at `landing` (a hardware breakpoint).

    WakeFailed (or GdbTimeout after `timeout` s per stop) when it does not come.
    """
    if host.arch == "arm64":
        _wake_by_sgi(mi, host, landing, timeout)
    else:
        _wake_by_nmi(mi, host.target, host.symbols, landing, host.on_wake, timeout)


def _wake_by_sgi(mi: MiSession, host: Host, landing: str, timeout: float) -> None:
    (result,) = mi.batch([evaluate_command(REDISTRIBUTOR)])
    redistributor = int(result.payload["value"].split()[0], 0)
    if not redistributor:
        raise WakeFailed("CPU 0 sleeps in WFI on a GICv2 guest, which the host cannot send an interrupt")
    sgi_frame, bit = redistributor + GICR_SGI_FRAME, (1 << WAKE_SGI).to_bytes(4, "little")
    landing_address = host.symbols.address(landing)
    mi.batch(
        [host.target.write_registers_command({"pc": landing_address})]
        + _physical_write(sgi_frame + GICR_ISPENDR0, bit)
    )
    mi.command("-exec-continue")
    stop = mi.wait_stopped(host.on_wake, timeout)
    mi.batch(_physical_write(sgi_frame + GICR_ICPENDR0, bit))
    if stop.get("frame", {}).get("func") != landing or stop.get("thread-id", "1") != "1":
        raise WakeFailed(f"CPU 0 did not wake from WFI ({stop.get('reason', '?')})")


def _iretq_address(mi: MiSession, symbols: SymbolTable) -> int:
    exit_path = symbols.symbols.get(TRAP_EXIT)
    if exit_path is None or exit_path.size == 0:
        raise WakeFailed(f"no {TRAP_EXIT} in the kernel")
    (result,) = mi.batch([Target.read_command(exit_path.address, exit_path.size)])
    offset = Target.bytes_from(result).rfind(IRETQ)
    if offset < 0:
        raise WakeFailed(f"no iretq in {TRAP_EXIT}")
    return exit_path.address + offset


def _wake_by_nmi(
    mi: MiSession,
    target: Target,
    symbols: SymbolTable,
    landing: str,
    on_wake: Callable[[], None],
    timeout: float,
) -> None:
    stub = symbols.address(NMI_STUB)
    iretq = _iretq_address(mi, symbols)
    mi.batch([f"-break-insert -h -t *{stub:#x}", *_physical_write(MSI_ADDRESS, MSI_NMI)])
    mi.command("-exec-continue")
    stop = mi.wait_stopped(on_wake, timeout)
    if int(stop.get("frame", {}).get("addr", "0"), 16) != stub or stop.get("thread-id", "1") != "1":
        raise WakeFailed(f"the NMI did not arrive as expected ({stop.get('reason', '?')})")
    names = ("rsp",)
    (regs,) = mi.batch([target.registers_command(names)])
    frame = target.registers_from(regs, names)["rsp"]  # the hardware frame: rip, cs, rflags, rsp, ss
    mi.batch(
        [
            write_command(frame, symbols.address(landing).to_bytes(8, "little")),
            target.write_registers_command({"rip": iretq}),
        ]
    )
    mi.command("-exec-continue")
    stop = mi.wait_stopped(on_wake, timeout)
    if stop.get("frame", {}).get("func") != landing:
        raise WakeFailed(f"CPU 0 did not return from the NMI ({stop.get('reason', '?')})")
