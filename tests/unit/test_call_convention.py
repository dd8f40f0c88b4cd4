"""How a host call enters a function on each architecture: the registers it sets, where the return
address goes, how the stack is aligned (guest/call_convention.py, no guest needed)."""

from __future__ import annotations

from ukrepl.guest.call_convention import AAPCS64, CALL_STACK_GAP, SYSV_AMD64

RETURN = 0x4021_0460


def test_aapcs64_passes_x0_to_x7_and_returns_through_lr():
    parked = {"sp": 0x4024_0F58, "x29": 0x4024_0F70}  # not 16-aligned: the call's is anyway
    registers, pushed_at = AAPCS64.setup(parked, "tour_sum", ["100", "(char *)0x10"], RETURN, None)
    assert pushed_at is None  # nothing is written to the stack
    assert registers["x0"] == "(long)(100)" and registers["x1"] == "(long)((char *)0x10)"
    assert registers["x30"] == f"{RETURN:#x}" and registers["pc"] == "(unsigned long)(tour_sum)"
    sp = int(registers["sp"], 16)
    assert sp % 16 == 0 and parked["sp"] - sp >= CALL_STACK_GAP
    assert registers["x29"] == "0x40240f70"  # the frame chain starts at home, whatever a cell left
    assert len(AAPCS64.arguments) == 8 and "x30" in AAPCS64.saved and "cpsr" in AAPCS64.saved


def test_sysv_pushes_the_return_address_and_counts_vector_registers_in_al():
    parked = {"rsp": 0x1FF000, "rbp": 0x1FF010}
    registers, pushed_at = SYSV_AMD64.setup(parked, "printf", ["fmt"], RETURN, 1)
    assert registers["rdi"] == "(long)(fmt)" and registers["rax"] == "1"
    assert int(registers["rsp"], 16) == pushed_at and (pushed_at + 8) % 16 == 0


def test_a_callee_that_is_not_variadic_is_told_nothing_in_al():
    registers, _ = SYSV_AMD64.setup({"rsp": 0x1FF000, "rbp": 0}, "tour_fib", ["10"], RETURN, None)
    assert "rax" not in registers  # GDB writes only what a call needs: pc, sp, the arguments


def test_floating_values_live_in_the_vector_registers():
    assert AAPCS64.lane(0, "double") == "$v0.d.f[0]" and AAPCS64.lane(3, "float") == "$v3.s.f[0]"
    assert SYSV_AMD64.lane(1, "double") == "$xmm1.v2_double[0]"
