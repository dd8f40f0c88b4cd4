"""Which raw GDB and QEMU monitor commands (%gdb, %qemu, guest.gdb/hmp/qmp) ukrepl refuses, and why.

ukrepl owns the guest's run control: the boot CPU rests at ukrepl_idle, calls
run through a hardware breakpoint on ukrepl_call_return, QEMU and GDB live and
die with the boot. A raw command that resumes, stops, resets or detaches the
guest, touches those breakpoints, or writes the registers ukrepl restores
would leave ukrepl believing a state that no longer holds, so such commands
are refused with the reason and the ukrepl way to do the same. Everything else
(info, print, x, disassemble, bt, `shell`, `python`) passes through.

GDB takes any unambiguous prefix of a command name and has short aliases
(c, n, s, si, ni, u, j, r, k, q, b, tb, d): each entry below is a command's
full name and the shortest prefix GDB takes for it, so every spelling GDB
would run as that command is refused.
"""

from __future__ import annotations

import re

from .errors import GuestError

RUN = "cells run code: call a function (f(1)) or run a C cell; the stop button interrupts it"
LIFE = "use %shutdown, %reboot or %boot: QEMU and GDB belong to the boot"
BREAK = "ukrepl's calls need its own hardware breakpoints; print from a C cell, or look with %gdb info ..."
REGS = "ukrepl puts the boot CPU's registers back after every call; read them with %gdb info registers"

# (full name, shortest prefix GDB accepts for it, why, what to do instead)
_GDB: tuple[tuple[str, int, str, str], ...] = (
    ("continue", 1, "resumes the guest behind ukrepl's back", RUN),
    ("fg", 2, "resumes the guest behind ukrepl's back", RUN),
    ("next", 1, "runs the guest behind ukrepl's back", RUN),
    ("nexti", 2, "runs the guest behind ukrepl's back", RUN),
    ("step", 1, "runs the guest behind ukrepl's back", RUN),
    ("stepi", 2, "runs the guest behind ukrepl's back", RUN),
    ("finish", 3, "runs the guest behind ukrepl's back", RUN),
    ("until", 1, "runs the guest behind ukrepl's back", RUN),
    ("advance", 3, "runs the guest behind ukrepl's back", RUN),
    ("jump", 1, "moves the boot CPU behind ukrepl's back", RUN),
    ("call", 4, "makes GDB's own inferior call (an int3 on the guest stack)", RUN),
    ("return", 3, "pops a frame of the parked CPU", RUN),
    ("signal", 3, "resumes the guest with a signal", RUN),
    ("queue-signal", 7, "resumes the guest with a signal", RUN),
    ("interrupt", 5, "stops the guest behind ukrepl's back", RUN),
    ("run", 1, "restarts the target", LIFE),
    ("start", 5, "restarts the target", LIFE),
    ("starti", 6, "restarts the target", LIFE),
    ("kill", 1, "kills the target GDB is attached to", LIFE),
    ("detach", 3, "detaches GDB from the guest", LIFE),
    ("disconnect", 5, "disconnects GDB from the guest", LIFE),
    ("quit", 1, "ends GDB", LIFE),
    ("exit", 4, "ends GDB", LIFE),
    ("target", 3, "replaces the target GDB is attached to", LIFE),
    ("attach", 3, "replaces the target GDB is attached to", LIFE),
    ("load", 2, "writes the kernel image into the running guest", LIFE),
    ("file", 4, "replaces the kernel's symbols", LIFE),
    ("symbol-file", 3, "replaces the kernel's symbols", LIFE),
    ("break", 1, "plants a breakpoint ukrepl does not expect", BREAK),
    ("tbreak", 2, "plants a breakpoint ukrepl does not expect", BREAK),
    ("hbreak", 2, "plants a breakpoint ukrepl does not expect", BREAK),
    ("thbreak", 3, "plants a breakpoint ukrepl does not expect", BREAK),
    ("rbreak", 2, "plants breakpoints ukrepl does not expect", BREAK),
    ("dprintf", 2, "plants a breakpoint ukrepl does not expect", BREAK),
    ("watch", 2, "plants a watchpoint ukrepl does not expect", BREAK),
    ("rwatch", 2, "plants a watchpoint ukrepl does not expect", BREAK),
    ("awatch", 2, "plants a watchpoint ukrepl does not expect", BREAK),
    ("catch", 3, "plants a catchpoint ukrepl does not expect", BREAK),
    ("delete", 1, "removes ukrepl's own breakpoints", BREAK),
    ("clear", 2, "removes ukrepl's own breakpoints", BREAK),
    ("disable", 4, "disables ukrepl's own breakpoints", BREAK),
    ("enable", 2, "enables or re-arms breakpoints behind ukrepl's back", BREAK),
    ("commands", 4, "attaches commands (which may resume) to breakpoints", BREAK),
    ("record", 3, "records and reverses execution behind ukrepl's back", RUN),
    ("eval", 4, "builds a command ukrepl cannot check", "type the command itself"),
)
_ALIASES = {"ni": "nexti", "si": "stepi", "dis": "disable", "disa": "disable"}  # GDB's own aliases
_REVERSE = re.compile(r"reverse-|r(c|n|ni|s|si)$")
_REGISTERS = (
    r"[re]?(ax|bx|cx|dx|si|di|bp|sp|ip)|r(8|9|1[0-5])[dwb]?|pc|sp|fp|[er]?flags|ps|[cdefgs]s|fs_base|gs_base"
)
_REGISTER_WRITE = re.compile(rf"\$({_REGISTERS})\s*(=(?!=)|\+=|-=|\*=|/=|\|=|&=|\^=|<<=|>>=|\+\+|--)")
_REGISTER_PREINC = re.compile(rf"(\+\+|--)\s*\$({_REGISTERS})\b")


class RefusedCommand(GuestError):
    """A raw command that would take run control away from ukrepl; nothing was sent."""


def check_gdb(command: str) -> None:
    """RefusedCommand if GDB would take `command` as one that ukrepl refuses."""
    words = command.strip().split(None, 1)
    if not words:
        return
    word = words[0].lower()
    word = _ALIASES.get(word, word)
    if word.startswith("-"):
        raise RefusedCommand(
            f"%gdb {word}: MI commands are ukrepl's own", "use CLI commands (info, print, x)"
        )
    if _REVERSE.match(word):
        raise RefusedCommand(f"%gdb {word}: runs the guest backwards behind ukrepl's back", RUN)
    for name, shortest, why, instead in _GDB:
        if len(word) >= shortest and name.startswith(word):
            raise RefusedCommand(f"%gdb {words[0]}: refused, `{name}` {why}", instead)
    if _REGISTER_WRITE.search(command) or _REGISTER_PREINC.search(command):
        raise RefusedCommand(f"%gdb {command.strip()}: refused, it writes a register of the parked CPU", REGS)


# HMP (%qemu) and QMP commands, with the HMP aliases QEMU defines.
_MONITOR: dict[str, tuple[str, str]] = {
    "quit": ("ends QEMU behind ukrepl's back", LIFE),
    "q": ("ends QEMU behind ukrepl's back", LIFE),
    "system_reset": ("resets the guest behind ukrepl's back", "use %reboot"),
    "system_powerdown": ("powers the guest down behind ukrepl's back", "use %shutdown"),
    "system_wakeup": ("wakes the guest behind ukrepl's back", RUN),
    "stop": ("stops the guest behind ukrepl's back (GDB then waits for ever)", RUN),
    "s": ("stops the guest behind ukrepl's back (GDB then waits for ever)", RUN),
    "cont": ("resumes the guest behind ukrepl's back", RUN),
    "c": ("resumes the guest behind ukrepl's back", RUN),
    "gdbserver": ("replaces the GDB stub ukrepl's GDB is attached to", LIFE),
    "loadvm": ("replaces the guest's whole state", "use %reboot"),
    "nmi": ("sends every CPU an NMI, which the kernel reports as a crash", RUN),
    "inject-nmi": ("sends every CPU an NMI, which the kernel reports as a crash", RUN),
    "mce": ("injects a machine check", RUN),
    "migrate": ("moves the guest away", LIFE),
    "migrate_incoming": ("replaces the guest", LIFE),
    "migrate-incoming": ("replaces the guest", LIFE),
    "x-exit-preconfig": ("changes QEMU's life cycle", LIFE),
    "device_del": ("removes a device of the guest", LIFE),
}


def check_monitor(command: str) -> None:
    """RefusedCommand for an HMP command line (or QMP command name) that ukrepl refuses."""
    words = command.strip().split(None, 1)
    if not words:
        return
    entry = _MONITOR.get(words[0].lower())
    if entry is not None:
        why, instead = entry
        raise RefusedCommand(f"%qemu {words[0]}: refused, it {why}", instead)
