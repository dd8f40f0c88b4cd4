"""Static Linux programs run in the live guest (%exec): a host ELF file in, its exit status out.

Path of a byte of the program: the host file -> pyelftools (PT_LOAD segments, entry, program
headers) -> `ukexec_map` maps the segment's pages into the program's own address space (a clone
of the kernel's page tables) on a block of guest memory and returns the block's kernel address
-> GDB writes the byte there. The start-up stack (argc, argv, envp, auxv, the strings and
AT_RANDOM's bytes) is built here as the System V ABI lays it out and written the same way.
`ukexec_run` then runs the program on a guest thread until exit_group; its output streams on the
console meanwhile, and the call's value is the exit status.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from dataclasses import dataclass

from ..decoders.syscall_stats import SyscallCount
from .errors import GuestError
from .values import Value

STACK_TOP = 0x7FFF_F000_0000  # where nothing of the kernel is mapped
STACK_SIZE = 1 << 20
PAGE = 0x1000
# auxv keys (Linux's <elf.h>)
AT_NULL, AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ, AT_BASE, AT_FLAGS, AT_ENTRY = 0, 3, 4, 5, 6, 7, 8, 9
AT_UID, AT_EUID, AT_GID, AT_EGID, AT_PLATFORM, AT_HWCAP, AT_CLKTCK = 11, 12, 13, 14, 15, 16, 17
AT_SECURE, AT_RANDOM, AT_EXECFN = 23, 25, 31
PF_X, PF_W, PF_R = 1, 2, 4  # segment flags; PROT_READ 1, PROT_WRITE 2, PROT_EXEC 4
STATIC_HINT = "build it with musl-gcc -static (a static x86_64 executable, not PIE)"


@dataclass(frozen=True)
class Segment:
    vaddr: int
    memsz: int
    data: bytes
    prot: int


@dataclass(frozen=True)
class ProgramImage:
    path: str
    entry: int
    phdr: int  # where the program headers are in the program's memory
    phentsize: int
    phnum: int
    segments: tuple[Segment, ...]


def _prot(flags: int) -> int:
    return (1 if flags & PF_R else 0) | (2 if flags & PF_W else 0) | (4 if flags & PF_X else 0)


def read_image(path: str) -> ProgramImage:
    """The loadable parts of a static x86_64 executable; GuestError with the way on otherwise."""
    # pyelftools only when a program is run: a kernel's start (and its first value) does without
    from elftools.common.exceptions import ELFError
    from elftools.elf.elffile import ELFFile

    try:
        with open(path, "rb") as f:
            elf = ELFFile(f)
            if elf.elfclass != 64 or elf["e_machine"] != "EM_X86_64":
                raise GuestError(f"{path}: not an x86_64 ELF executable", STATIC_HINT)
            kinds = [seg["p_type"] for seg in elf.iter_segments()]
            if elf["e_type"] != "ET_EXEC" or "PT_INTERP" in kinds or "PT_DYNAMIC" in kinds:
                raise GuestError(f"{path}: not a static executable (dynamic or PIE)", STATIC_HINT)
            loads = [s for s in elf.iter_segments() if s["p_type"] == "PT_LOAD"]
            segments = tuple(
                Segment(s["p_vaddr"], s["p_memsz"], s.data(), _prot(s["p_flags"])) for s in loads
            )
            phoff = elf["e_phoff"]
            phdr = next(
                (
                    s["p_vaddr"] + phoff - s["p_offset"]
                    for s in loads
                    if s["p_offset"] <= phoff < s["p_offset"] + s["p_filesz"]
                ),
                0,
            )
            return ProgramImage(path, elf["e_entry"], phdr, elf["e_phentsize"], elf["e_phnum"], segments)
    except FileNotFoundError:
        raise GuestError(f"{path}: no such file", "give the path of the program on this machine") from None
    except (ELFError, struct.error) as err:
        raise GuestError(f"{path}: not an ELF file ({err})", STATIC_HINT) from None


def page_ranges(segments: tuple[Segment, ...]) -> list[tuple[int, int, int]]:
    """(start, end, prot) of the pages the segments cover, neighbours of equal rights merged; a page two
    segments share gets both segments' rights."""
    pages: dict[int, int] = {}
    for s in segments:
        for page in range(s.vaddr & ~(PAGE - 1), s.vaddr + s.memsz, PAGE):
            pages[page] = pages.get(page, 0) | s.prot
    ranges: list[tuple[int, int, int]] = []
    for page in sorted(pages):
        if ranges and ranges[-1][1] == page and ranges[-1][2] == pages[page]:
            ranges[-1] = (ranges[-1][0], page + PAGE, pages[page])
        else:
            ranges.append((page, page + PAGE, pages[page]))
    return ranges


def start_stack(image: ProgramImage, argv: list[str], envp: list[str], random: bytes) -> tuple[int, bytes]:
    """The System V start-up stack: (sp, the bytes from sp up to STACK_TOP)."""
    strings = bytearray()

    def put(data: bytes) -> int:  # an offset from the strings' start
        strings.extend(data)
        return len(strings) - len(data)

    arg_at = [put(a.encode() + b"\0") for a in argv]
    env_at = [put(e.encode() + b"\0") for e in envp]
    platform_at, random_at = put(b"x86_64\0"), put(random)
    base = (STACK_TOP - len(strings)) & ~15
    auxv = [
        (AT_PHDR, image.phdr), (AT_PHENT, image.phentsize), (AT_PHNUM, image.phnum),
        (AT_PAGESZ, PAGE), (AT_BASE, 0), (AT_FLAGS, 0), (AT_ENTRY, image.entry),
        (AT_UID, 0), (AT_EUID, 0), (AT_GID, 0), (AT_EGID, 0), (AT_SECURE, 0),
        (AT_HWCAP, 0), (AT_CLKTCK, 100), (AT_PLATFORM, base + platform_at),
        (AT_RANDOM, base + random_at), (AT_EXECFN, base + arg_at[0]), (AT_NULL, 0),
    ]  # fmt: skip
    words = [len(argv), *(base + a for a in arg_at), 0, *(base + e for e in env_at), 0]
    words += [v for pair in auxv for v in pair]
    sp = (base - 8 * len(words)) & ~15
    table = struct.pack(f"<{len(words)}Q", *words)
    return sp, table + bytes(base - sp - len(table)) + bytes(strings) + bytes(STACK_TOP - base - len(strings))


@dataclass(frozen=True)
class ProgramRun:
    status: int
    unknown: dict[str, int]  # system calls the kernel lacks, by name: how often the program made them


def _unknown(counts: list[SyscallCount]) -> dict[str, int]:
    return {c.name or str(c.nr): c.count for c in counts if c.unknown}


def run_program(
    call_value: Callable[..., Value],
    write: Callable[[int, bytes], None],
    syscall_counts: Callable[[], list[SyscallCount]],
    path: str,
    args: list[str],
) -> ProgramRun:
    """Load the program at `path` into the guest and run it with `args` until it ends."""

    def call(function: str, *arguments: int) -> int:  # an integer or pointer result: "0x1f" "(T *) 0x1f"
        return int(call_value(function, *arguments).text.split()[-1], 0)

    image = read_image(path)
    program = call("ukexec_new")
    if not program:
        raise GuestError("ukexec_new: no memory for the program's address space", "%reboot gives it back")
    for start, end, prot in page_ranges(image.segments):
        block = call("ukexec_map", program, start, end - start, prot)
        if not block:
            call("ukexec_free", program)
            raise GuestError(
                f"{path}: its pages at {start:#x}-{end:#x} would cover the kernel's",
                "link it at 0x400000, the default of musl-gcc -static (the kernel's cell arena)",
            )
        for s in image.segments:
            lo, hi = max(s.vaddr, start), min(s.vaddr + len(s.data), end)
            if lo < hi:
                write(block + lo - start, s.data[lo - s.vaddr : hi - s.vaddr])
    stack = call("ukexec_map", program, STACK_TOP - STACK_SIZE, STACK_SIZE, 3)
    if not stack:
        call("ukexec_free", program)
        raise GuestError("no memory for the program's stack", "%reboot, or boot with more --mem")
    sp, data = start_stack(image, [os.path.basename(path), *args], ["PATH=/", "HOME=/"], os.urandom(16))
    write(stack + STACK_SIZE - len(data), data)
    before = _unknown(syscall_counts())
    status = call("ukexec_run", program, image.entry, sp)
    after = _unknown(syscall_counts())
    unknown = {name: n - before.get(name, 0) for name, n in after.items() if n > before.get(name, 0)}
    return ProgramRun(status, unknown)
