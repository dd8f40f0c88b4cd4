"""Calls into the guest: a C expression evaluated with its function calls run on the boot CPU.

Path of an expression: CallRunner.evaluate -> compiler.callexpr splits out the
calls, innermost first -> CallRunner.call_address for each: the argument
registers and the return address ukrepl_call_return set by the architecture's
calling convention (call_convention.py: on the stack below the parked CPU's
home, or in lr), sent with the -exec-continue in one write -> the callee returns
to the stub, which passes the result register to ukrepl_call_returned(value),
where the call trap stops it (a hardware watchpoint on the count it bumps, or
a hardware breakpoint: target/arches.py) -> the stop record shows that argument, so
an integer needs no further round trip (call_values) -> the call's value
substituted into the expression as a C constant -> GDB evaluates what is left.
The boot CPU stays in ukrepl_call_returned until the next call's set-up, which
writes every register a call depends on from the registers it had at home.

GDB's own inferior calls are not used: they plant an int3 on the guest stack,
which kills a guest under this host's KVM; the hardware trap works under KVM
and TCG alike. The runner reaches the guest only through the
CallHost it is given (the facade), never by importing it.
"""

from __future__ import annotations

import contextlib
import re
import signal
from dataclasses import dataclass
from typing import Protocol

from ..compiler import callexpr
from ..compiler.symbols import SymbolTable
from ..kernel_contract import STRING_SCRATCH
from ..target.gdbmi import GdbDied, GdbError, GdbTimeout, MiSession, mi_quote
from ..target.machine import Target, evaluate_command, write_command
from . import float_calls
from .call_arity import check_arity
from .call_convention import Convention
from .call_values import (
    Returned,
    cannot_fail,
    result_reads,
    result_type,
    returned,
    returned_integer,
    trapped_value,
)
from .errors import GuestCrashed, GuestError, GuestInterrupted
from .values import State, Value
from .wake import WakeFailed, is_halted, wake_boot_cpu

CALL_RETURN = "ukrepl_call_return"  # <ukrepl/host.h> (lib/ukreplhost): where a call returns to
CALL_TRAP = "ukrepl_call_returned"  # <ukrepl/host.h>: where it stops, the value as its argument
CALL_COUNT = "ukrepl_call_count.returned"  # <ukrepl/host.h>: bumped there, the watched trap
ABANDONED = "ukrepl_call_abandoned"  # <ukrepl/host.h> (lib/ukreplhost): clean-up after an interrupted call
ARENA_END = "ukrepl_cell_arena_end"
_VOID_RESULT = "((void)0)"
# Seconds each step of the clean-up after the stop button may take (a stop, the clean-up call's
# return): a hang detector, far above what they take (milliseconds).
ABANDON_DEADLINE = 3.0
MAX_EXPRESSION = 16 * 1024  # GDB's parser recursion: a 1 MB expression crashes GDB


@dataclass
class PendingCall:
    """A call stopped before its return (at a breakpoint): what to put back, how to show its value."""

    callee: str
    saved: dict[str, int]
    rtype: str | None  # the C type of its value, None when the call's value is not shown


class StopOwner(Protocol):
    """The debugger, as calls see it: it claims the stops it caused."""

    def owns(self, stop: dict) -> bool: ...
    def stopped_in_call(self, stop: dict, pending: PendingCall) -> GuestError: ...


class CallHost(Protocol):
    """What the call runner needs of the guest that owns it."""

    target: Target
    symbols: SymbolTable
    state: State
    crash_report: str
    debugger: StopOwner
    convention: Convention

    def session(self, inspecting: bool = False) -> MiSession: ...
    def after_stop(self, stop: dict) -> str: ...
    def on_wake(self) -> None: ...
    def crash_site(self, report: str) -> str: ...
    def stop_site(self, frame: dict, frame_pointer: int) -> str: ...
    def sync_cell_symbols(self) -> None: ...


class CallRunner:
    """Evaluates expressions and runs calls on the boot CPU of one boot."""

    def __init__(self, host: CallHost) -> None:
        self.host = host
        self.types: dict[str, str] = {}  # expression -> type, for the symbols of this boot
        # The boot CPU's registers where it parked after the boot (ukrepl_idle), read before the first
        # call: every call's set-up starts from them, so nothing puts them back after a call.
        self.home: dict[str, int] | None = None
        # Where the last call's return address was written (x86_64), while it is known to be intact:
        # the next call then need not write it again.
        self.return_slot: int | None = None
        self.returned: Returned | None = None  # the last call's value, as GDB would show it
        self.result_high: int | None = None  # its second result register (rdx, x1), from the stop

    def forget(self) -> None:
        """The guest is gone: what this runner knew of its boot CPU."""
        self.home = self.return_slot = None

    @property
    def scratch_base(self) -> int:
        """Where the scratch area starts (the top STRING_SCRATCH bytes of the cell arena)."""
        return self.host.symbols.address(ARENA_END) - STRING_SCRATCH

    def registers(self, names: tuple[str, ...] | None = None, cpu: int = 0) -> dict[str, int]:
        """Registers of one CPU (GDB thread cpu + 1), by name (those a call saves by default), in one
        MI command."""
        target, names = self.host.target, names or self.host.convention.saved
        try:
            result = self.host.session().command(target.registers_command(names, cpu), self.host.on_wake)
        except GdbError as err:
            raise GuestError(str(err)) from err
        return target.registers_from(result, names)

    def evaluate(self, expression: str) -> Value:
        """Evaluate a C expression in the guest; calls in it run in the guest. Stopped at a breakpoint,
        in the selected frame (and without calls: the CPU is not parked)."""
        stopped = self.host.state is State.STOPPED
        mi = self.host.session(inspecting=stopped)
        self.host.sync_cell_symbols()
        text = expression.strip().rstrip(";").strip()
        if not text:
            raise GuestError("empty expression")
        if len(text) > MAX_EXPRESSION:
            raise GuestError(
                f"expression of {len(text)} characters: GDB takes at most {MAX_EXPRESSION}",
                "put it in a C cell (a function, or statements), which the compiler takes",
            )
        try:
            return self._evaluate(mi, text, stopped)
        except KeyboardInterrupt:  # before a call started (one that started ends in GuestInterrupted)
            raise GuestInterrupted(f"interrupted before {text} ran; the guest is as it was") from None

    def _evaluate(self, mi: MiSession, text: str, stopped: bool) -> Value:
        if callexpr.may_call(text):
            scratch = Scratch(self)
            # Not C (GDB syntax such as $rip or array@len)? Then GDB judges it as it stands.
            self.returned = None
            with contextlib.suppress(callexpr.NotC):
                text = callexpr.rewrite(text, self._perform, scratch.place, self.host.symbols.typedef_names)
            if text == _VOID_RESULT:
                return Value("", "void")
            if self.returned is not None and self.returned.text == text:  # the expression was the call
                return self.returned.value
        try:
            value, vtype = self._value_and_type(mi, text, cache=not stopped)
        except GdbError as err:
            raise GuestError(str(err)) from err
        return Value(value, vtype)

    def _value_and_type(self, mi: MiSession, text: str, cache: bool = True) -> tuple[str, str]:
        """Value and type of a call-free expression, in one MI round trip.

        A C expression's type stays the same until the symbols change, so it
        is asked for (pipelined with the value) only the first time; GDB
        convenience variables ($name) can change type and are never cached.
        """
        vtype = self.types.get(text) if cache else None  # a stopped frame's names are its own
        if vtype is not None:
            return mi.evaluate(text), vtype
        value, typed = mi.batch(
            [evaluate_command(text), f"-interpreter-exec console {mi_quote('whatis ' + text)}"]
        )
        vtype = typed.console.strip().removeprefix("type = ")
        if "$" not in text and cache:
            self.types[text] = vtype
        return value.payload["value"], vtype

    def call(self, function: str, *args: int | str) -> Value:
        """Call a guest function by name with integer or pointer arguments."""
        return self.evaluate(f"{function}({', '.join(str(a) for a in args)})")

    def _perform(self, callee: str, args: list[str], call_text: str) -> str:
        """callexpr callback: run one call whose arguments hold no calls; return its value as C."""
        mi = self.host.session()
        try:
            rtype = result_type(callee, args, self.types) or float_calls.whatis(
                mi, call_text, callee, self.types
            ).strip().removeprefix("type = ")
        except GdbError as err:
            if "Function returning" not in str(err):
                raise GuestError(str(err)) from err
            # GDB types calls through function pointers (p(1), a->malloc(a, 8)) only once dereferenced.
            try:
                through = f"(*({callee}))({', '.join(args)})"
                rtype = mi.console(f"whatis {through}").strip().removeprefix("type = ")
            except GdbError as again:
                raise GuestError(str(again)) from again
        check_arity(mi, callee, args, self.types)
        if re.match(r"(struct|union)\b[^*]*$", rtype) or rtype == "long double":
            raise GuestError(
                f"{callee} returns {rtype}: only integer, pointer and float/double results are supported"
            )
        convention = self.host.convention
        placed = float_calls.place(mi, callee, args, self.types, convention)
        if len(placed.integers) > len(convention.arguments):
            raise GuestError(f"{callee}: at most {len(convention.arguments)} arguments can be passed")
        self.call_address(
            callee, placed.integers, placed.xmm_commands, vector_count=placed.vector_count, rtype=rtype
        )
        return _VOID_RESULT if rtype == "void" else self.returned.text

    def call_address(
        self,
        callee: str,
        args: list[str],
        before: list[str] | tuple[str, ...] = (),
        timeout: float | None = None,
        rtype: str | None = None,
        vector_count: int | None = None,
    ) -> int:
        """Run callee(args) on the boot CPU and return its result register (rax, x0).

        `before`: MI commands (memory writes, xmm loads) sent down the pipe
        together with the call's own set-up, one round trip for all.
        `timeout`: a deadline for the call's return (GdbTimeout), for the
        clean-up after the stop button; calls from cells have none. `rtype`:
        the C type of the value, shown when a call stopped at a breakpoint
        returns at last (guest.debugger). `vector_count`: how many xmm
        registers hold arguments (SysV's al), for a variadic callee only.
        """
        host, mi = self.host, self.host.session()
        saved = self.home = self.home or self.registers()
        return_address = host.symbols.address(CALL_RETURN)
        setup, pushed_at = host.convention.setup(saved, callee, args, return_address, vector_count)
        commands = list(before)
        if pushed_at is not None and pushed_at != self.return_slot:
            commands.append(write_command(pushed_at, return_address.to_bytes(8, "little")))
        self.return_slot = None  # until this call is seen to return through it
        commands.append(host.target.write_registers_command(setup))
        tokens = self._start(mi, commands, saved, safe=all(map(cannot_fail, [*args, *before])))
        try:
            stop, results = mi.wait_resumed(tokens, host.on_wake, timeout)
        except KeyboardInterrupt:
            if timeout is not None:
                raise  # the clean-up call itself: _abandon gives up on the guest
            at = self._abandon(mi, saved, callee)
            raise GuestInterrupted(f"interrupted: {callee} was stopped and the guest restored{at}") from None
        failed = next((r for r in results if r.message == "error"), None)
        if failed is not None:  # cannot happen with a set-up judged safe, but then: put it all back
            if stop is None:
                host.state = State.READY
            else:
                host.after_stop(stop)
            self.restore(saved)
            raise GuestError(failed.payload.get("msg", "GDB error"))
        if host.debugger.owns(stop):  # a breakpoint, watchpoint or step of the user's: the call waits
            raise host.debugger.stopped_in_call(stop, PendingCall(callee, saved, rtype))
        func = host.after_stop(stop)
        if host.state is State.CRASHED:
            raise GuestCrashed(host.crash_report, host.crash_site(host.crash_report))
        if func != CALL_TRAP:
            self.restore(saved)
            raise GuestError(f"{callee} stopped unexpectedly ({stop.get('reason', '?')} in {func or '?'})")
        self.return_slot = pushed_at  # the stub left it below the stack pointer, untouched
        return self.finish(stop, rtype)

    def _start(self, mi: MiSession, commands: list[str], saved: dict[str, int], safe: bool) -> list[int]:
        """Send a call's set-up and the continue; return their tokens. When nothing in the set-up can
        fail (constant arguments, memory writes), all of it goes down the pipe at once and the stop is
        the one wait; otherwise the set-up is checked first, so that a wrong argument never lets the
        guest run. The stop button's signals wait until this is done: before it the guest is as it was,
        after it the call runs and the stop button abandons it; there is no state between the two."""
        with _signals_held():
            if not safe:
                try:
                    mi.batch(commands)
                except GdbError as err:
                    self.restore(saved)
                    raise GuestError(str(err)) from err
            self.host.state = State.RUNNING
            return mi.send_all([*commands, "-exec-continue"] if safe else ["-exec-continue"])

    def finish(self, stop: dict, rtype: str | None = None) -> int:
        """The result register of a call that stopped in ukrepl_call_returned; given its C type, also
        its value as GDB shows it (self.returned): from the stop record alone for an integer type seen
        before, else asked in one batch while the registers still hold it."""
        host = self.host
        convention = host.convention
        value, self.result_high = trapped_value(stop), trapped_value(stop, "high")
        fast = None if value is None or rtype is None else returned_integer(rtype, value, self.types)
        reads = [] if fast is not None else result_reads(rtype, self.types, convention)
        if value is None:
            reads.insert(0, evaluate_command(f"(unsigned long)${convention.result}"))
        results = host.session().batch(reads) if reads else []
        if value is None:
            value = int(results.pop(0).payload["value"], 0)
        self.returned = fast or (returned(rtype, value, results, self.types) if results else None)
        host.target.drain_console(host.on_wake)
        return value

    def _abandon(self, mi: MiSession, saved: dict[str, int], callee: str) -> str:
        """After the stop button: stop the CPU (waking it if it sleeps in HLT or WFI with interrupts
        off: guest.wake), put its registers back, let the kernel drop what the call had linked or locked.
        Returns where the call was (a new line, then its frames: guest.crash_site.stop_site).

        Each step has a deadline; when one passes, or the stop button is pressed again, the guest is
        given up (State.WEDGED) and GuestInterrupted says to %reboot.
        """
        host = self.host
        try:
            mi.interrupt()
            host.after_stop(mi.wait_stopped(host.on_wake, ABANDON_DEADLINE))
            if host.state is State.CRASHED:
                raise GuestCrashed(host.crash_report, host.crash_site(host.crash_report))
            convention = host.convention
            at = self.registers((convention.pc, convention.frame))
            site = self._where(mi, at[convention.frame])
            if is_halted(mi, at[convention.pc], convention.halt):
                wake_boot_cpu(mi, host, CALL_TRAP, ABANDON_DEADLINE)
            self.restore(saved)
            if ABANDONED in host.symbols.symbols:
                self.call_address(ABANDONED, [], timeout=ABANDON_DEADLINE)
            return site
        except (GdbTimeout, GdbError, WakeFailed, GuestError, KeyboardInterrupt) as err:
            if isinstance(err, GuestCrashed | GdbDied):
                raise
            self._give_up(mi)
            why = "the stop button was pressed again" if isinstance(err, KeyboardInterrupt) else str(err)
            raise GuestInterrupted(
                f"interrupted: {callee} was stopped, but the guest could not be put back ({why})",
                "use %reboot to start a fresh guest (then %replay for the C cells)",
            ) from None

    def _where(self, mi: MiSession, frame_pointer: int) -> str:
        """The stopped call's frames, as a new line and the lines naming them ('' if GDB cannot say)."""
        try:
            frame = mi.command("-stack-info-frame").payload.get("frame", {})
        except GdbError:
            return ""
        return f"\n{self.host.stop_site(frame, frame_pointer)}"

    def _give_up(self, mi: MiSession) -> None:
        """Leave the guest stopped where it is and refuse further calls until %reboot."""
        self.host.state = State.WEDGED
        with contextlib.suppress(GdbDied, GdbError):
            mi.interrupt()

    def restore(self, saved: dict[str, int]) -> None:
        self.host.session().command(self.host.target.write_registers_command(_hex_values(saved)))


class Scratch:
    """Data of one evaluation (string literals, argument blocks), placed at the top of the cell arena."""

    def __init__(self, runner: CallRunner) -> None:
        self.runner = runner
        self.next = runner.scratch_base

    def put(self, data: bytes) -> int:
        """Write `data` to the next free 8-aligned spot; return its address."""
        end = self.runner.host.symbols.address(ARENA_END)
        if self.next + len(data) > end:
            raise GuestError("string literals too large for the scratch area")
        write(self.runner.host, self.next, data)
        address, self.next = self.next, (self.next + len(data) + 7) & ~7
        return address

    def place(self, data: bytes) -> str:
        """put() for callexpr: the C text of a pointer to the bytes."""
        return f"((char *){self.put(data):#x})"


def write(host: CallHost, address: int, data: bytes) -> None:
    """Write guest memory through GDB."""
    try:
        host.session().command(write_command(address, data), host.on_wake)
    except GdbError as err:
        raise GuestError(str(err)) from err


@contextlib.contextmanager
def _signals_held():
    """Hold SIGINT (the stop button) and SIGALRM (tests' stand-in for it) for a moment."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGALRM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _hex_values(registers: dict[str, int]) -> dict[str, str]:
    return {name: hex(value) for name, value in registers.items()}
