"""Views of per-CPU state: HTML and text renderings of what percpu decodes (x86_64's GDT, TSS and
IST stacks; arm64's system registers), and the %cpus widget.

Widgets only render what the decoders return. Every view is also a plain
HTML/text rendering, so a notebook run headless (nbclient, nbconvert) keeps a
readable static copy next to the live widget.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from ..decoders.arm64 import percpu as arm64
from ..decoders.x86_64.percpu import CpuState as X86CpuState
from .panel import RefreshPanel, html_table

CpuState = X86CpuState | arm64.CpuState


def _gdt_rows(cpu: X86CpuState) -> list[list[str]]:
    return [
        [
            f"{d.selector:#06x}",
            d.kind,
            f"{d.base:#x}",
            f"{d.limit:#x}",
            str(d.dpl),
            "P" if d.present else "-",
            ("L" if d.long_mode else "-") + ("D" if d.default_big else "-") + ("G" if d.granularity else "-"),
            f"{d.width} bytes",
        ]
        for d in cpu.gdt
    ]


_GDT_HEADERS = ["selector", "kind", "base", "limit", "DPL", "P", "L D G", "size"]


def _tss_rows(cpu: X86CpuState) -> list[list[str]]:
    rows = [[f"RSP{n}", f"{v:#x}", ""] for n, v in enumerate(cpu.tss.rsp)]
    stacks = {s.slot: s for s in cpu.ist}
    for slot, value in enumerate(cpu.tss.ist, start=1):
        stack = stacks.get(slot)
        rows.append(
            [f"IST{slot}", f"{value:#x}", f"{stack.owner}, {stack.size} bytes" if stack else "unused"]
        )
    rows.append(["I/O map base", f"{cpu.tss.iomap_base:#x}", ""])
    return rows


def _bar(used: int, size: int) -> str:
    percent = 100 * used / size if size else 0
    return (
        '<div style="display:inline-block;width:200px;height:10px;border:1px solid #888;'
        f'vertical-align:middle"><div style="width:{percent:.1f}%;height:100%;background:#d08020">'
        f"</div></div> {used} of {size} bytes ({percent:.1f}%)"
    )


def _findings_html(findings: list[str], agreed: str) -> str:
    if findings:
        items = "".join(f"<li>{html.escape(f)}</li>" for f in findings)
        return f"<div style='color:#b00'>Disagrees with QEMU:<ul>{items}</ul></div>"
    return f"<div style='color:#070'>{html.escape(agreed, quote=False)}</div>"


_ARM64_HEADERS = ["register", "value (QEMU)", "meaning"]
_ARM64_AGREED = "QEMU's VBAR_EL1, TTBR0_EL1, TPIDR_EL1 and SP_EL1 agree with the kernel's per-CPU data."


def _arm64_rows(cpu: arm64.CpuState) -> list[list[str]]:
    return [[name, f"{value:#018x}", meaning] for name, value, meaning in cpu.rows()]


def _arm64_title(cpu: arm64.CpuState) -> str:
    return f"CPU {cpu.index}: MPIDR affinity {cpu.mpidr:#x}, {cpu.state}"


def arm64_cpu_html(cpu: arm64.CpuState) -> str:
    """One arm64 CPU: its system registers decoded, and where they disagree with the kernel."""
    parts = [f"<b>{html.escape(_arm64_title(cpu))}</b>", html_table(_ARM64_HEADERS, _arm64_rows(cpu))]
    if cpu.state != "offline":
        parts.append(_findings_html(cpu.findings, _ARM64_AGREED))
    return "\n".join(parts)


def arm64_cpu_text(cpu: arm64.CpuState) -> str:
    lines = [_arm64_title(cpu)] + ["  " + "  ".join(row) for row in _arm64_rows(cpu)]
    return "\n".join(lines + [f"  finding: {f}" for f in cpu.findings])


def cpu_html(cpu: CpuState) -> str:
    """One CPU: identity, GDT, TSS with IST, stack use, findings (arm64: its system registers)."""
    if isinstance(cpu, arm64.CpuState):
        return arm64_cpu_html(cpu)
    title = f"CPU {cpu.index}: APIC ID {cpu.apic_id}, {cpu.apic_mode}, {cpu.state}"
    parts = [f"<b>{html.escape(title)}</b>"]
    if cpu.monitor is not None:
        gdt_base, gdt_limit = cpu.monitor.gdt
        idt_base, idt_limit = cpu.monitor.idt
        tr = cpu.monitor.segments.get("TR")
        registers = f"GDTR {gdt_base:#x}/{gdt_limit:#x}  IDTR {idt_base:#x}/{idt_limit:#x}"
        registers += f"  TR {tr.selector:#06x} base {tr.base:#x}" if tr else ""
        parts.append(f"<div style='font-family:monospace'>{html.escape(registers)}</div>")
    parts.append(f"<div>GDT at {cpu.gdt_address:#x}</div>" + html_table(_GDT_HEADERS, _gdt_rows(cpu)))
    parts.append(
        f"<div>TSS at {cpu.tss_address:#x}</div>" + html_table(["field", "value", "stack"], _tss_rows(cpu))
    )
    for stack in cpu.ist:
        parts.append(
            f"<div style='font-family:monospace'>IST{stack.slot} {_bar(stack.used, stack.size)}</div>"
        )
    if cpu.findings or cpu.monitor is not None:
        parts.append(_findings_html(cpu.findings, "QEMU's GDTR and TR agree with the kernel's per-CPU data."))
    return "\n".join(parts)


def cpu_text(cpu: CpuState) -> str:
    if isinstance(cpu, arm64.CpuState):
        return arm64_cpu_text(cpu)
    lines = [f"CPU {cpu.index}: APIC ID {cpu.apic_id}, {cpu.apic_mode}, {cpu.state}"]
    lines.append(f"  GDT at {cpu.gdt_address:#x}")
    lines += ["    " + "  ".join(row) for row in _gdt_rows(cpu)]
    lines.append(f"  TSS at {cpu.tss_address:#x}")
    lines += ["    " + "  ".join(c for c in row if c) for row in _tss_rows(cpu)]
    lines += [f"  IST{s.slot} used {s.used} of {s.size} bytes" for s in cpu.ist]
    lines += [f"  finding: {f}" for f in cpu.findings]
    return "\n".join(lines)


class CpuPanel(RefreshPanel[list[CpuState]]):
    """`%cpus`: one tab per CPU and a refresh button; static HTML/text for headless runs."""

    def __init__(self, load: Callable[[], list[CpuState]]) -> None:
        self.tabs = self.content = w.Tab()
        super().__init__(load)

    @property
    def cpus(self) -> list[CpuState]:
        return self.data

    def render(self) -> None:
        """Redraw the tabs in place, so a refresh keeps the tab the user chose."""
        pages = list(self.tabs.children)
        if len(pages) != len(self.cpus):
            selected = self.tabs.selected_index
            pages = [w.HTML() for _ in self.cpus]
            self.tabs.children = pages
            if selected is not None and pages:
                self.tabs.selected_index = min(selected, len(pages) - 1)
        for page, cpu in zip(pages, self.cpus, strict=True):
            page.value = cpu_html(cpu)
        self.tabs.titles = tuple(f"CPU {cpu.index}" for cpu in self.cpus)

    def html(self) -> str:
        return "<hr>".join(cpu_html(cpu) for cpu in self.cpus)

    def text(self) -> str:
        return "\n\n".join(cpu_text(cpu) for cpu in self.cpus)
