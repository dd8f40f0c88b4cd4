"""The Unikraft 0.10 API index (share/unikraft-0.10-api-index.md) as checks a cell's compiler runs.

For every header the index lists (but the arm64 port's and `uk/asm/*`, which
programs reach through `uk/arch/*`), `header_source` writes one C file that
includes the header alone and then, one check per line:

- a function: its address assigned to a pointer of the index's exact type
  (`__typeof__(ret) (*)(params)`), so `-Werror` rejects a different signature,
  and kept (`used`) so that linking against the kernel needs the symbol;
- a type: `sizeof` of it, and for a function-pointer typedef its type compared
  with the index's; a member: its type through a null pointer of the type; an enumerator: its value;
- a macro: `#ifdef`, or failing that an identifier of that name (a function
  or typedef standing where 0.10 has a macro serves a program as well).

`measure` compiles each header's file with the kernel's flags (cflags.txt),
reads which checks gcc rejected (each check is on its own line), compiles the
rest again to be sure, and links the object the way a cell is linked: every
kernel symbol PROVIDEd, so an undefined function fails by name.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

INDEX = Path(__file__).resolve().parents[2] / "share" / "unikraft-0.10-api-index.md"

# The syscall-level headers (issue 12's libraries): counted like the rest (its acceptance point 4:
# the whole index), marked in the table.
SYSCALL_LEVEL = frozenset(
    {
        "uk/syscall.h",
        "uk/legacy_syscall.h",
        "linux/futex.h",
        "uk/uk_signal.h",
        "uk/bits/sigset.h",
        "uk/process.h",
        "sys/prctl.h",
        "uk/time_types.h",
    }
)
# Words in the index's declarations that are attributes, not types.
_ATTRIBUTES = re.compile(r"\b(__unused|__maybe_unused|__noreturn|__packed)\b|\b__aligned\([^)]*\)")
_IDENT = re.compile(r"[A-Za-z_]\w*")


@dataclass(frozen=True)
class Check:
    kind: str  # function, type, member, macro
    name: str  # as reported: "uk_list_add", "struct uk_list_head", "struct uk_list_head.next"
    code: str  # C at file scope, one line


@dataclass
class Header:
    name: str
    functions: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    macros: list[str] = field(default_factory=list)

    @property
    def syscall_level(self) -> bool:
        return self.name in SYSCALL_LEVEL


def parse(text: str) -> list[Header]:
    """The headers of the index's first part, generic and x86_64 (`uk/asm/*` too: see `measured`)."""
    headers: list[Header] = []
    current: Header | None = None
    section = ""
    for line in text.splitlines():
        if line.startswith("# Syscalls"):
            break
        if line.startswith("## "):
            name = line[3:].split()[0]
            current = None if "(arm64)" in line else Header(name)
            if current:
                headers.append(current)
            continue
        if current is None:
            continue
        if line.startswith("macros: "):
            current.macros += [m.strip() for m in _split_top(line[len("macros: ") :], ",")]
        elif line in ("functions:", "types:"):
            section = line[:-1]
        elif line.startswith("  ") and section:
            getattr(current, section).append(line.strip())
    return headers


def measured(headers: list[Header]) -> list[Header]:
    """The headers a program includes: `uk/asm/*` is reached through `uk/arch/*` and `uk/plat/*`."""
    return [h for h in headers if not h.name.startswith("uk/asm/")]


def macro_names(headers: list[Header]) -> frozenset[str]:
    """Every macro name of the x86_64 and generic headers: a function the generic header
    documents may be a macro of the architecture's (PT_Lx_IDX in uk/asm/paging.h)."""
    return frozenset(m.split("(")[0].strip() for h in headers for m in h.macros)


def _split_top(text: str, sep: str) -> list[str]:
    """text split at `sep` outside (), {}, []."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _last_group(text: str) -> tuple[str, str]:
    """(text before the last top-level parenthesised group, that group's inside)."""
    depth, end = 0, None
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            if depth == 0:
                end = i
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0 and end is not None:
                return text[:i], text[i + 1 : end]
    return text, ""


# ---------------------------------------------------------------- checks


def function_checks(decl: str, n: int) -> list[Check]:
    decl = _ATTRIBUTES.sub("", decl).strip()
    head, params = _last_group(decl)
    match = re.search(r"([A-Za-z_]\w*)\s*$", head)
    if not match:
        return []
    name, ret = match.group(1), head[: match.start()].strip()
    if not ret:
        # UK_TAILQ_HEAD(uk_thread_list, struct uk_thread): a list type that 0.10 declares so
        first = params.split(",")[0].strip()
        return [Check("type", f"struct {first}", f'_Static_assert(sizeof(struct {first}) > 0, "");')]
    if "(" not in decl:
        return []
    code = (
        f"static __attribute__((used)) __typeof__({ret}) (*const __f{n})({params or 'void'}) = &{name};"
        if "(" not in ret
        else f"static __attribute__((used)) __typeof__({ret}) (*const __f{n})({params}) = &{name};"
    )
    return [Check("function", name, code)]


def _declarator_name(decl: str) -> str | None:
    decl = _ATTRIBUTES.sub("", decl).strip()
    inner = re.search(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)", decl)
    if inner:
        return inner.group(1)
    decl = re.sub(r"\[[^\]]*\]", "", decl).strip()
    idents = _IDENT.findall(decl)
    return idents[-1] if idents else None


def _members(body: str) -> list[str]:
    names = []
    for decl in _split_top(body, ";"):
        if decl.startswith(("UK_TAILQ_ENTRY", "UK_STAILQ_ENTRY", "UK_LIST_ENTRY", "UK_SLIST_ENTRY")):
            names.append(_IDENT.findall(decl)[-1])
            continue
        parts = _split_top(decl, ",")
        first = _declarator_name(parts[0])
        if first:
            names.append(first)
        # `struct x *next, **pprev`: later declarators carry only their own stars
        names += [n for p in parts[1:] if (n := _declarator_name(p))]
    return names


def type_checks(decl: str, n: int) -> list[Check]:
    decl = _ATTRIBUTES.sub("", decl).strip().rstrip(";").strip()
    body_match = re.search(r"\{(.*)\}", decl)
    body = body_match.group(1) if body_match else None
    checks: list[Check] = []
    if decl.startswith("typedef"):
        rest = decl[len("typedef") :].strip()
        if body is not None:
            name = rest[rest.rindex("}") + 1 :].strip()
            tag = rest[: rest.index("{")].strip()
            ref = name
        elif re.search(r"\(\s*\*\s*\w+\s*\)", rest):
            name = _declarator_name(rest)
            abstract = re.sub(r"\(\s*\*\s*" + name + r"\s*\)", "(*)", rest, count=1)
            return [
                Check(
                    "type",
                    name,
                    f'_Static_assert(__builtin_types_compatible_p({name}, {abstract}), "{name}");',
                )
            ]
        else:
            name = _declarator_name(rest)
            ref, tag = name, ""
        checks.append(Check("type", name, f"typedef {name} __t{n};"))
        if tag.startswith("enum") or not tag:
            pass
    else:
        kind_tag = decl[: decl.index("{")].strip() if body is not None else decl
        ref = kind_tag
        checks.append(Check("type", kind_tag, f'_Static_assert(sizeof({kind_tag}) >= 0, "");'))
        tag = kind_tag
    if body is None:
        return checks
    if tag.startswith("enum"):
        for i, item in enumerate(_split_top(body, ",")):
            enumerator = item.split("=")[0].strip()
            checks.append(
                Check("member", f"{ref}.{enumerator}", f"enum {{ __e{n}_{i} = (int){enumerator} }};")
            )
        return checks
    for i, member in enumerate(_members(body)):
        checks.append(
            Check("member", f"{ref}.{member}", f"typedef __typeof__((({ref} *)0)->{member}) __mb{n}_{i};")
        )
    return checks


def macro_checks(macro: str, n: int) -> list[Check]:
    name = macro.split("(")[0].strip()
    code = f"#ifndef {name}\ntypedef __typeof__({name}) __m{n};\n#endif"
    return [Check("macro", name, code)]


def header_checks(header: Header, macros: frozenset[str] = frozenset()) -> list[Check]:
    checks: list[Check] = []
    seen: set[tuple[str, str]] = set()
    macro_names = macros | {m.split("(")[0].strip() for m in header.macros}
    for decl in header.functions:
        for c in function_checks(decl, len(checks)):
            if c.kind == "function" and c.name in macro_names:
                # 0.10 has it both ways (a macro over a function): either serves
                c = Check("function", c.name, f"#ifndef {c.name}\n{c.code}\n#endif")
            if (c.kind, c.name) not in seen:
                seen.add((c.kind, c.name))
                checks.append(c)
    for decl in header.types:
        for c in type_checks(decl, len(checks)):
            if (c.kind, c.name) not in seen:
                seen.add((c.kind, c.name))
                checks.append(c)
    for macro in header.macros:
        for c in macro_checks(macro, len(checks)):
            if (c.kind, c.name) not in seen and ("function", c.name) not in seen:
                seen.add((c.kind, c.name))
                checks.append(c)
    return checks


def header_source(header: str, checks: Iterable[Check]) -> tuple[str, list[int]]:
    """The C file and, for each check, the line numbers its code occupies (1-based)."""
    lines = [f"#include <{header}>"]
    spans = []
    for c in checks:
        first = len(lines) + 1
        lines += c.code.split("\n")
        spans.append((first, len(lines)))
    return "\n".join(lines) + "\n", spans


# ---------------------------------------------------------------- measuring


@dataclass
class Result:
    header: str
    syscall_level: bool
    checks: list[Check]
    failed: dict[str, str]  # check name -> first message

    def passed(self, kind: str | None = None) -> int:
        return sum(1 for c in self.checks if c.name not in self.failed and kind in (None, c.kind))

    def total(self, kind: str | None = None) -> int:
        return sum(1 for c in self.checks if kind in (None, c.kind))


_MESSAGE = re.compile(r"^[^:\s]+\.c:(\d+):(?:\d+:)? (?:fatal )?error: (.*)$", re.M)
_UNDEFINED = re.compile(r"undefined reference to `([^']+)'")


class Measurer:
    def __init__(
        self, cflags: list[str], kernel_script: Path, directory: Path, macros: frozenset[str]
    ) -> None:
        self.macros = macros
        self.cflags = cflags
        self.kernel_script = kernel_script
        self.directory = directory

    def _compile(self, stem: str, header: str, checks: list[Check]) -> tuple[int, str, list[tuple[int, int]]]:
        source, spans = header_source(header, checks)
        path = self.directory / f"{stem}.c"
        path.write_text(source)
        argv = ["gcc", *self.cflags, "-Werror", "-fmax-errors=0", "-c", path.name, "-o", f"{stem}.o"]
        proc = subprocess.run(
            argv, cwd=self.directory, capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"}
        )
        return proc.returncode, proc.stderr, spans

    def _link(self, stem: str) -> str:
        script = self.directory / f"{stem}.ld"
        script.write_text(
            f"INCLUDE {self.kernel_script.name}\nSECTIONS\n{{\n\t. = 0x40000000;\n"
            "\t.text : { *(.text .text.*) }\n"
            "\t.data : { *(.rodata .rodata.* .data .data.* .bss .bss.* COMMON) }\n"
            "\t/DISCARD/ : { *(.note.GNU-stack) *(.comment) *(.eh_frame) }\n}\n"
        )
        argv = ["ld", "-static", "-T", script.name, "--no-warn-rwx-segments", "-e", "0"]
        argv += ["-o", f"{stem}.elf", f"{stem}.o"]
        proc = subprocess.run(argv, cwd=self.directory, capture_output=True, text=True)
        return proc.stderr if proc.returncode else ""

    def measure(self, stem: str, header: Header) -> Result:
        checks = header_checks(header, self.macros)
        failed: dict[str, str] = {}
        pending = list(checks)
        for _ in range(4):
            rc, messages, spans = self._compile(stem, header.name, pending)
            if rc == 0:
                break
            found = _attribute(messages, pending, spans)
            if not found:  # an error outside every check (the header itself): all fail
                failed.update({c.name: _first_error(messages) for c in pending})
                pending = []
                break
            failed.update(found)
            pending = [c for c in pending if c.name not in failed]
        else:
            pending = self._one_by_one(stem, header.name, pending, failed)
        if pending:
            undefined = set(_UNDEFINED.findall(self._link(stem)))
            for c in pending:
                if c.kind == "function" and c.name in undefined:
                    failed[c.name] = "undefined when linked against the kernel"
        return Result(header.name, header.syscall_level, checks, failed)

    def _one_by_one(
        self, stem: str, header: str, pending: list[Check], failed: dict[str, str]
    ) -> list[Check]:
        ok = []
        for c in pending:
            rc, messages, _ = self._compile(f"{stem}_1", header, [c])
            if rc:
                failed[c.name] = _first_error(messages)
            else:
                ok.append(c)
        self._compile(stem, header, ok)
        return ok


def _first_error(messages: str) -> str:
    found = _MESSAGE.search(messages)
    return found.group(2) if found else messages.strip().splitlines()[0] if messages.strip() else "failed"


def _attribute(messages: str, checks: list[Check], spans: list[tuple[int, int]]) -> dict[str, str]:
    """Failed check names from gcc's messages (errors at a check's lines)."""
    failed: dict[str, str] = {}
    for m in _MESSAGE.finditer(messages):
        line = int(m.group(1))
        for c, (first, last) in zip(checks, spans, strict=True):
            if first <= line <= last:
                failed.setdefault(c.name, m.group(2))
    return failed


def measure_all(
    cflags: list[str], kernel_script: Path, directory: Path, headers: list[Header]
) -> list[Result]:
    """Every header of `measured(headers)`, two at a time."""
    measurer = Measurer(cflags, kernel_script, directory, macro_names(headers))
    headers = measured(headers)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda ih: measurer.measure(f"h{ih[0]}", ih[1]), enumerate(headers)))
