"""Every magic ukrepl adds, defined once: its name, kind, usage and help.

The help text (%help), the list (%lsmagic), tab completion and the registration
of each magic with IPython (jupyter_kernel.py) are all made from MAGICS, so a
magic cannot be registered without help, nor documented without existing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MagicSpec:
    name: str  # as IPython knows it: "boot", "c"
    kind: str  # "line" or "cell"
    usage: str  # after the name
    help: str
    group: str = "guest"  # "debug": implemented by debug_magics.DebugMagics

    @property
    def typed(self) -> str:
        """How a user types it: %boot, %%c."""
        return ("%%" if self.kind == "cell" else "%") + self.name

    @property
    def method(self) -> str:
        """The UkreplMagics method that implements it."""
        return f"{self.name}_magic"


MAGICS = (
    MagicSpec("c", "cell", "[--show-asm]", "force a C cell; --show-asm also shows the loaded code"),
    MagicSpec("who", "line", "", "functions, globals and types defined by C cells"),
    MagicSpec("reset", "line", "", "forget all C cells (the arena is emptied)"),
    MagicSpec("replay", "line", "", "run the C cells of the boot before again (after a crash and %reboot)"),
    MagicSpec(
        "boot",
        "line",
        "[--smp N] [--mem SIZE] [--accel auto|kvm|tcg] [--config NAME=VALUE ...]",
        "build if needed and boot; the console streams into the cell",
    ),
    MagicSpec("reboot", "line", "", "boot again with the same options (also after a crash)"),
    MagicSpec("shutdown", "line", "", "stop the guest"),
    MagicSpec(
        "cpus",
        "line",
        "",
        "per-CPU state checked against QEMU (a widget): GDT, TSS, IST stacks; arm64: system registers",
    ),
    MagicSpec(
        "lcpu",
        "line",
        "run FUNC [--cpus 1,2] [--timeout MS] | start [--cpus 1,2]",
        "run void FUNC(struct __regs *, void *), of the kernel or of a C cell, on CPUs\n"
        "(default: all online but 0) through ukplat_lcpu_run; each CPU's output under its own\n"
        "heading. `start`: the other CPUs stay offline after boot (as in Unikraft 0.10) until a\n"
        "program calls ukplat_lcpu_start() or this starts them idle (default: all), with stacks\n"
        "from the guest's allocator",
    ),
    MagicSpec(
        "pt",
        "line",
        "[--cpu N] [--range A-B] [--only w,x,u,...] | translate ADDRESS [--cpu N] | widget [--cpu N]",
        "the page tables as merged ranges with every permission bit; `translate` walks one\n"
        "virtual address level by level (checked with QEMU's gva2gpa); `widget` shows the\n"
        "address space coloured by permission, a drill-down and a translate box",
    ),
    MagicSpec("fds", "line", "", "the guest's fd table: kind, flags, refcount, operations (a widget)"),
    MagicSpec(
        "epoll",
        "line",
        "FD",
        "an epoll instance's interest list with events and readiness (a widget);\n"
        "FD is a number or a C expression (ep)",
    ),
    MagicSpec(
        "sockets", "line", "", "registered socket families and their operations, open sockets (a widget)"
    ),
    MagicSpec(
        "exec",
        "line",
        "PATH [ARGS ...]",
        "run a static Linux x86_64 program of this machine (musl-gcc -static) in the guest, in an\n"
        "address space of its own, until it exits: its output streams, its exit status is the value,\n"
        "the system calls the kernel lacks are listed after it",
    ),
    MagicSpec(
        "syscalls",
        "line",
        "[--all] [--reset]",
        "system calls through the shim since boot or the last reset: per number the count, last\n"
        "arguments and result; numbers nothing serves (-ENOSYS) highlighted (a widget with Reset);\n"
        "--all also lists the numbers the kernel serves that were not called",
    ),
    MagicSpec("console", "line", "", "the whole console log of this boot"),
    MagicSpec("gdb", "line", "CMD", "a raw GDB command, e.g. %gdb info registers rip"),
    MagicSpec("qemu", "line", "CMD", "a QEMU monitor command through QMP, e.g. %qemu info registers -a"),
    MagicSpec(
        "break", "line", "LOCATION [if COND]", "stop a call at a function, FILE:LINE or cellN:LINE", "debug"
    ),
    MagicSpec("tbreak", "line", "LOCATION [if COND]", "a breakpoint that goes once hit", "debug"),
    MagicSpec("watch", "line", "EXPR", "stop where EXPR is written (a hardware watchpoint)", "debug"),
    MagicSpec("rwatch", "line", "EXPR", "stop where EXPR is read", "debug"),
    MagicSpec("awatch", "line", "EXPR", "stop where EXPR is read or written", "debug"),
    MagicSpec(
        "breaks", "line", "[enable|disable|delete N ...]", "list breakpoints (and change them)", "debug"
    ),
    MagicSpec("delete", "line", "N [N ...]", "delete breakpoints or watchpoints", "debug"),
    MagicSpec("continue", "line", "", "run on to the next stop, or until the stopped call returns", "debug"),
    MagicSpec("next", "line", "", "one source line, calls run through", "debug"),
    MagicSpec("step", "line", "", "one source line, into calls", "debug"),
    MagicSpec("finish", "line", "", "until the selected frame returns", "debug"),
    MagicSpec(
        "until", "line", "[LOCATION]", "past the current line (out of a loop), or to LOCATION", "debug"
    ),
    MagicSpec("bt", "line", "[--all-cpus]", "the stopped CPU's call stack (or every CPU's)", "debug"),
    MagicSpec("frame", "line", "N", "select frame N (expressions and %locals use it)", "debug"),
    MagicSpec("locals", "line", "", "arguments and locals of the selected frame", "debug"),
    MagicSpec("print", "line", "EXPR", "a C expression in the selected frame", "debug"),
    MagicSpec("python", "cell", "", "Python with a ready `guest` object, for scripting and widgets"),
    MagicSpec("tb", "line", "", "the internal traceback of the last failed magic or cell"),
    MagicSpec("lsmagic", "line", "", "list these magics"),
    MagicSpec("help", "line", "", "this text"),
)

# Not for users to type: the magic every non-magic cell is routed to (jupyter_kernel.route_cell).
CELL_ROUTE = MagicSpec("ukrepl", "cell", "", "C for the guest: an expression GDB evaluates, or a C cell")
# Not for users either: a line magic followed by C lines (route_cell); the magic runs, then the C.
THEN_ROUTE = MagicSpec("ukrepl_then", "cell", "", "a line magic, then C for the guest")

INTRO = """\
ukrepl: a REPL for a live unikernel.

A cell that is not a magic holds C. One expression GDB can evaluate is
evaluated in the guest (calls included): `tour_fib(10)`, `*tour_greeting@5`.
Anything else (declarations, functions, statements, macros) is a C cell: it
is compiled with the kernel's headers and flags, loaded into the running
guest and run. Its functions, types and globals are visible to later cells;
its statements run at once; a last expression without `;` is shown with its
type; a `main` runs and shows what it returns.
"""


def help_text() -> str:
    """%help: the introduction, then each magic with its usage and help."""
    lines = [INTRO]
    for spec in MAGICS:
        head = f"{spec.typed} {spec.usage}".rstrip()
        first, *rest = spec.help.splitlines()
        if len(head) < 16:
            lines.append(f"{head:<16}{first}")
        else:
            lines += [head, f"{'':16}{first}"]
        lines += [f"{'':16}{line}" for line in rest]
    return "\n".join(lines) + "\n"


def magic_names() -> list[str]:
    """What a user types, for %lsmagic and completion."""
    return [spec.typed for spec in MAGICS]
