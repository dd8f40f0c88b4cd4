"""How a host call enters a guest function on each architecture: which registers carry what.

Path of a call's set-up: calls.CallRunner.call_address asks the guest's
Convention for the registers to save, then for the register values (and the
one memory write, if any) that make the boot CPU enter `callee(args)` and
return to ukrepl_call_return, whose stub stops at the hardware breakpoint on
ukrepl_call_returned with the result as its argument. float_calls asks `lane` where
the i-th floating argument or the result of a type lives.

SysV AMD64 (psABI §3.2.3): rdi, rsi, rdx, rcx, r8, r9; the return address is
pushed (rsp + 8 is 16-aligned at entry); al counts vector registers for
variadic callees; the value in rax, a floating one in xmm0.
AAPCS64 (§6.8.2): x0-x7; the return address is in lr (x30), not on the stack;
sp is 16-aligned at all times; the value in x0, a floating one in v0.
Either way the call's stack starts CALL_STACK_GAP below the parked CPU's, so
nothing the interrupted code keeps there (x86's red zone included) is touched.
"""

from __future__ import annotations

from dataclasses import dataclass

CALL_STACK_GAP = 512  # bytes left untouched below the interrupted stack pointer


@dataclass(frozen=True)
class Convention:
    """One architecture's calling convention, as the host's calls use it."""

    arguments: tuple[str, ...]  # integer/pointer argument registers, in order
    saved: tuple[str, ...]  # what a call changes and puts back
    pc: str
    sp: str
    frame: str  # the frame pointer: a chain of (caller's frame, return address) records on both
    result: str
    link: str | None  # the return-address register; None: pushed on the stack
    vector_count: str | None  # where a variadic callee learns how many vector registers it gets
    lanes: dict[str, str]  # floating C type -> GDB's view of it in a vector register
    vector: str  # GDB's name of vector register i, as a format
    halt: bytes  # the instruction a CPU sleeps in; stopped there with interrupts off, wake.py wakes it

    def setup(
        self,
        saved: dict[str, int],
        callee: str,
        args: list[str],
        return_address: int,
        vector_count: int | None,
    ) -> tuple[dict[str, str], int | None]:
        """The registers that enter callee(args), and where the return address is to be written
        (None: it is in a register). `vector_count`: for a variadic callee (else None).

        GDB writes a register only when its value changes, and the stub the call returns to leaves
        the stack pointer, interrupt masks and link register as the next call wants them
        (lib/ukreplhost/park.c): the next call then changes little more than pc and the arguments."""
        top = (saved[self.sp] - CALL_STACK_GAP) & ~0xF
        sp = top - 8 if self.link is None else top  # x86: as if a call had pushed it
        registers = dict(zip(self.arguments, (f"(long)({arg})" for arg in args), strict=False))
        registers |= {self.pc: f"(unsigned long)({callee})", self.sp: f"{sp:#x}"}
        registers[self.frame] = f"{saved[self.frame]:#x}"  # a frame chain a cell broke ends here
        if self.vector_count is not None and vector_count is not None:
            registers[self.vector_count] = str(vector_count)
        if self.link is not None:
            registers[self.link] = f"{return_address:#x}"
            return registers, None
        return registers, sp

    def lane(self, index: int, ctype: str) -> str:
        """GDB's expression for the floating value of type ctype in vector register `index`."""
        return f"${self.vector.format(index)}.{self.lanes[ctype]}[0]"


SYSV_AMD64 = Convention(
    arguments=("rdi", "rsi", "rdx", "rcx", "r8", "r9"),
    saved=(
        *("rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp"),
        *("r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"),
        *("rip", "eflags"),
    ),
    pc="rip",
    sp="rsp",
    frame="rbp",
    result="rax",
    link=None,
    vector_count="rax",  # al
    lanes={"float": "v4_float", "double": "v2_double"},
    vector="xmm{}",
    halt=b"\xf4",  # HLT
)

# Every general register a callee may change (x0-x18, fp and lr by AAPCS64's rules; x19-x28 are
# callee-saved but a call stopped midway may leave them changed), sp, pc and the flags.
AAPCS64 = Convention(
    arguments=tuple(f"x{i}" for i in range(8)),
    saved=(*(f"x{i}" for i in range(31)), "sp", "pc", "cpsr"),
    pc="pc",
    sp="sp",
    frame="x29",
    result="x0",
    link="x30",
    vector_count=None,
    lanes={"float": "s.f", "double": "d.f"},
    vector="v{}",
    halt=(0xD503207F).to_bytes(4, "little"),  # WFI
)

CONVENTIONS = {"x86_64": SYSV_AMD64, "arm64": AAPCS64}
