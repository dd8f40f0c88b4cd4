"""The AArch64 system registers that shape memory and exceptions at EL1, decoded: SCTLR_EL1,
TCR_EL1, MAIR_EL1, TTBR0_EL1, PSTATE (GDB's cpsr: EL, SP selection, DAIF) and ESR_EL1 (Arm ARM
DDI 0487, D19.2: their fields). Pure functions of integers; `%cpus` on arm64 shows them per CPU
(decoders.arm64.percpu).
"""

from __future__ import annotations

from dataclasses import dataclass


def _bit(value: int, n: int) -> bool:
    return bool(value >> n & 1)


def _field(value: int, lo: int, width: int) -> int:
    return value >> lo & ((1 << width) - 1)


# ---------------------------------------------------------------- SCTLR_EL1

SCTLR_BITS = {  # bit: (name, meaning when set)
    0: ("M", "MMU on (stage 1 translation)"),
    1: ("A", "alignment checks"),
    2: ("C", "data caches on"),
    3: ("SA", "SP alignment checks at EL1"),
    4: ("SA0", "SP alignment checks at EL0"),
    12: ("I", "instruction caches on"),
    19: ("WXN", "writable implies execute-never"),
    20: ("UWXN", "(AArch32) unprivileged write implies PXN"),
    23: ("SPAN", "PSTATE.PAN unchanged on exceptions"),
    25: ("EE", "big-endian data at EL1"),
    24: ("E0E", "big-endian data at EL0"),
    26: ("UCI", "EL0 may do cache maintenance"),
}


# MAIR_EL1 attribute bytes (D19.2.97)
_DEVICE = {0x0: "Device-nGnRnE", 0x4: "Device-nGnRE", 0x8: "Device-nGRE", 0xC: "Device-GRE"}


def _normal_half(nibble: int) -> str:
    if nibble == 0x4:
        return "NC"
    policy = {0: "WT transient", 1: "WB transient", 2: "WT", 3: "WB"}[nibble >> 2]
    alloc = {0: "", 1: " W-alloc", 2: " R-alloc", 3: " RW-alloc"}[nibble & 3]
    return policy + alloc


def mair_attribute(byte: int) -> str:
    """One MAIR attribute byte: 'Device-nGnRE', 'Normal WB RW-alloc', 'Normal inner WT, outer NC'..."""
    outer, inner = byte >> 4, byte & 0xF
    if outer == 0:
        return _DEVICE.get(byte, f"reserved (0x{byte:02x})")
    if inner == 0:
        return f"reserved (0x{byte:02x})"
    if inner == outer:
        return "Normal " + _normal_half(inner)
    return f"Normal inner {_normal_half(inner)}, outer {_normal_half(outer)}"


@dataclass(frozen=True)
class Sctlr:
    value: int

    def flag(self, name: str) -> bool:
        for bit, (n, _) in SCTLR_BITS.items():
            if n == name:
                return _bit(self.value, bit)
        raise KeyError(name)

    @property
    def mmu(self) -> bool:
        return _bit(self.value, 0)

    @property
    def wxn(self) -> bool:
        return _bit(self.value, 19)

    def set_flags(self) -> list[str]:
        return [name for bit, (name, _) in sorted(SCTLR_BITS.items()) if _bit(self.value, bit)]

    def describe(self) -> str:
        return " ".join(self.set_flags()) or "(none of M A C SA I WXN ...)"


def sctlr(value: int) -> Sctlr:
    return Sctlr(value)


# ---------------------------------------------------------------- TCR_EL1

_TG0 = {0: 4096, 1: 65536, 2: 16384}
_TG1 = {1: 16384, 2: 4096, 3: 65536}
_IPS_BITS = {0: 32, 1: 36, 2: 40, 3: 42, 4: 44, 5: 48, 6: 52}
_CACHEABILITY = {0: "NC", 1: "WB WA", 2: "WT", 3: "WB no-WA"}
_SHARE = {0: "non-shareable", 2: "outer shareable", 3: "inner shareable"}


@dataclass(frozen=True)
class Tcr:
    t0sz: int
    t1sz: int
    epd0: bool  # no walks through TTBR0
    epd1: bool  # no walks through TTBR1
    tg0: int | None  # granule in bytes, None for a reserved encoding
    tg1: int | None
    ips_bits: int | None
    irgn0: str
    orgn0: str
    sh0: str
    as16: bool  # 16-bit ASIDs
    a1: bool  # the ASID comes from TTBR1
    tbi0: bool  # top byte ignored (TTBR0)
    tbi1: bool
    ha: bool  # hardware access flag
    hd: bool  # hardware dirty state

    @property
    def va_bits0(self) -> int:
        return 64 - self.t0sz

    @property
    def va_bits1(self) -> int:
        return 64 - self.t1sz

    def describe(self) -> str:
        ttbr0 = "off" if self.epd0 else f"{self.va_bits0}-bit VA, {self.tg0 or '?'}-byte granule"
        ttbr1 = "off (EPD1)" if self.epd1 else f"{self.va_bits1}-bit VA, {self.tg1 or '?'}-byte granule"
        return (
            f"TTBR0: {ttbr0}, walks {self.irgn0}/{self.orgn0} {self.sh0}; TTBR1: {ttbr1}; "
            f"IPS {self.ips_bits or '?'} bits; ASID {16 if self.as16 else 8}-bit"
        )


def tcr(value: int) -> Tcr:
    return Tcr(
        t0sz=_field(value, 0, 6),
        t1sz=_field(value, 16, 6),
        epd0=_bit(value, 7),
        epd1=_bit(value, 23),
        tg0=_TG0.get(_field(value, 14, 2)),
        tg1=_TG1.get(_field(value, 30, 2)),
        ips_bits=_IPS_BITS.get(_field(value, 32, 3)),
        irgn0=_CACHEABILITY[_field(value, 8, 2)],
        orgn0=_CACHEABILITY[_field(value, 10, 2)],
        sh0=_SHARE.get(_field(value, 12, 2), "reserved"),
        as16=_bit(value, 36),
        a1=_bit(value, 22),
        tbi0=_bit(value, 37),
        tbi1=_bit(value, 38),
        ha=_bit(value, 39),
        hd=_bit(value, 40),
    )


# ---------------------------------------------------------------- MAIR_EL1


def mair(value: int) -> list[str]:
    """The eight attributes, slot 0 first (AttrIndx n of a descriptor selects slot n)."""
    return [mair_attribute(value >> (8 * slot) & 0xFF) for slot in range(8)]


# ---------------------------------------------------------------- TTBR0_EL1


@dataclass(frozen=True)
class Ttbr:
    base: int  # the top table's physical address (BADDR, bits 47:1)
    asid: int  # bits 63:48
    cnp: bool  # common not private (bit 0)

    def describe(self) -> str:
        return f"table at {self.base:#x}, ASID {self.asid}" + (", CnP" if self.cnp else "")


def ttbr(value: int) -> Ttbr:
    return Ttbr(base=value & 0x0000_FFFF_FFFF_FFFE, asid=value >> 48, cnp=_bit(value, 0))


# ---------------------------------------------------------------- PSTATE (GDB's cpsr)

_DAIF = ("F", "I", "A", "D")  # bits 6, 7, 8, 9


@dataclass(frozen=True)
class Pstate:
    value: int

    @property
    def el(self) -> int:
        """The current exception level (CurrentEL, PSTATE.EL)."""
        return _field(self.value, 2, 2)

    @property
    def sp_el(self) -> int:
        """Which stack pointer sp is: SP_EL0 (PSTATE.SPSel 0, 'EL1t') or the current EL's ('EL1h')."""
        return self.el if _bit(self.value, 0) else 0

    @property
    def masked(self) -> list[str]:
        """The exception kinds DAIF masks, in the order D A I F."""
        return [name for n, name in reversed(list(enumerate(_DAIF))) if _bit(self.value, 6 + n)]

    def describe(self) -> str:
        mode = f"EL{self.el}{'h' if self.sp_el else 't'}"
        daif = " ".join(self.masked) + " masked" if self.masked else "nothing masked"
        return f"{mode} (sp is SP_EL{self.sp_el}), DAIF: {daif}"


def pstate(value: int) -> Pstate:
    return Pstate(value)


# ---------------------------------------------------------------- ESR_EL1

EXCEPTION_CLASSES = {
    0x00: "unknown reason (e.g. an undefined instruction)",
    0x01: "trapped WFI/WFE",
    0x07: "FP/SIMD access trapped (CPACR_EL1.FPEN)",
    0x0E: "illegal execution state",
    0x15: "SVC in AArch64",
    0x16: "HVC in AArch64",
    0x17: "SMC in AArch64",
    0x18: "trapped MSR/MRS/system instruction",
    0x19: "SVE access trapped",
    0x20: "instruction abort from a lower EL",
    0x21: "instruction abort from the same EL",
    0x22: "PC alignment fault",
    0x24: "data abort from a lower EL",
    0x25: "data abort from the same EL",
    0x26: "SP alignment fault",
    0x2C: "trapped floating-point exception",
    0x2F: "SError interrupt",
    0x30: "breakpoint from a lower EL",
    0x31: "breakpoint from the same EL",
    0x32: "software step from a lower EL",
    0x33: "software step from the same EL",
    0x34: "watchpoint from a lower EL",
    0x35: "watchpoint from the same EL",
    0x3C: "BRK instruction",
}

ABORT_CLASSES = (0x20, 0x21, 0x24, 0x25)

_FAULT_KIND = {0x00: "address size fault", 0x04: "translation fault", 0x08: "access flag fault"}
_FAULT_KIND[0x0C] = "permission fault"


def fault_status(fsc: int) -> str:
    """ISS.DFSC/IFSC of an abort: e.g. 'permission fault at level 3'."""
    if fsc & 0x3C in _FAULT_KIND and fsc < 0x10:
        return f"{_FAULT_KIND[fsc & 0x3C]} at level {fsc & 3}"
    return {
        0x10: "synchronous external abort",
        0x21: "alignment fault",
        0x30: "TLB conflict abort",
        0x31: "unsupported atomic hardware update",
    }.get(fsc, f"fault status 0x{fsc:02x}")


@dataclass(frozen=True)
class Esr:
    value: int

    @property
    def ec(self) -> int:
        return _field(self.value, 26, 6)

    @property
    def il(self) -> bool:  # a 32-bit instruction trapped
        return _bit(self.value, 25)

    @property
    def iss(self) -> int:
        return _field(self.value, 0, 25)

    @property
    def exception_class(self) -> str:
        return EXCEPTION_CLASSES.get(self.ec, f"exception class 0x{self.ec:02x}")

    @property
    def is_abort(self) -> bool:
        return self.ec in ABORT_CLASSES

    @property
    def write(self) -> bool:
        """Data aborts: the access was a write (ISS.WnR)."""
        return self.ec in (0x24, 0x25) and _bit(self.iss, 6)

    @property
    def far_valid(self) -> bool:
        return not _bit(self.iss, 10)

    def describe(self) -> str:
        text = f"EC 0x{self.ec:02x}: {self.exception_class}"
        if self.is_abort:
            access = "instruction fetch" if self.ec in (0x20, 0x21) else "write" if self.write else "read"
            text += f" ({access}, {fault_status(self.iss & 0x3F)}"
            text += ")" if self.far_valid else ", FAR not valid)"
        return text


def esr(value: int) -> Esr:
    return Esr(value)
