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
        "cpus", "line", "", "per-CPU GDT, TSS, IST stacks and their use, checked against QEMU (a widget)"
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
    MagicSpec("console", "line", "", "the whole console log of this boot"),
    MagicSpec("gdb", "line", "CMD", "a raw GDB command, e.g. %gdb info registers rip"),
    MagicSpec("qemu", "line", "CMD", "a QEMU monitor command through QMP, e.g. %qemu info registers -a"),
    MagicSpec("python", "cell", "", "Python with a ready `guest` object, for scripting and widgets"),
    MagicSpec("lsmagic", "line", "", "list these magics"),
    MagicSpec("help", "line", "", "this text"),
)

# Not for users to type: the magic every non-magic cell is routed to (jupyter_kernel.route_cell).
CELL_ROUTE = MagicSpec("ukrepl", "cell", "", "C for the guest: an expression GDB evaluates, or a C cell")

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
