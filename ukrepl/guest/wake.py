"""Waking the boot CPU when the stop button finds it in HLT with interrupts off.

A call stopped by the stop button may have left CPU 0 in `cli; hlt`: GDB can
rewrite its registers, but QEMU keeps the vCPU halted until an interrupt it
may take, so the clean-up call would never run. Only an NMI wakes it.

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
"""

from __future__ import annotations

from collections.abc import Callable

from ..compiler.symbols import SymbolTable
from ..target.gdbmi import MiSession
from ..target.machine import Target, console_command, write_command

HLT = 0xF4
IRETQ = b"\x48\xcf"
NMI_STUB = "trap_stub_2"  # arch/x86_64/traps.S
TRAP_EXIT = "trap_common"  # ends in the iretq every exception returns through
MSI_ADDRESS = 0xFEE00000  # destination APIC ID 0 in bits 19:12
MSI_NMI = (4 << 8).to_bytes(4, "little")  # delivery mode NMI


class WakeFailed(Exception):
    """The halted CPU could not be woken (the caller gives up on the guest)."""


def is_halted(mi: MiSession, target: Target, rip: int) -> bool:
    """True when CPU 0 stopped just after a HLT (QEMU reports a halted vCPU's rip past it)."""
    (result,) = mi.batch([Target.read_command(rip - 1, 1)])
    return Target.bytes_from(result)[:1] == bytes([HLT])


def _iretq_address(mi: MiSession, symbols: SymbolTable) -> int:
    exit_path = symbols.symbols.get(TRAP_EXIT)
    if exit_path is None or exit_path.size == 0:
        raise WakeFailed(f"no {TRAP_EXIT} in the kernel")
    (result,) = mi.batch([Target.read_command(exit_path.address, exit_path.size)])
    offset = Target.bytes_from(result).rfind(IRETQ)
    if offset < 0:
        raise WakeFailed(f"no iretq in {TRAP_EXIT}")
    return exit_path.address + offset


def wake_boot_cpu(
    mi: MiSession,
    target: Target,
    symbols: SymbolTable,
    landing: str,
    on_wake: Callable[[], None],
    timeout: float,
) -> None:
    """Wake the halted CPU 0 with an NMI and leave it stopped at `landing` (a hardware breakpoint).

    WakeFailed (or GdbTimeout after `timeout` s per stop) when it does not come.
    """
    stub = symbols.address(NMI_STUB)
    iretq = _iretq_address(mi, symbols)
    mi.batch(
        [
            f"-break-insert -h -t *{stub:#x}",
            console_command("maint packet Qqemu.PhyMemMode:1"),
            write_command(MSI_ADDRESS, MSI_NMI),
            console_command("maint packet Qqemu.PhyMemMode:0"),
        ]
    )
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
