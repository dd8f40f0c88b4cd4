"""%exec's host side without a guest: pages of segments, the System V start-up stack, refusals."""

from __future__ import annotations

import struct

import pytest

from ukrepl.guest import Guest, GuestError
from ukrepl.guest.programs import STACK_TOP, ProgramImage, Segment, page_ranges, read_image, start_stack

IMAGE = ProgramImage(
    "hello",
    entry=0x401061,
    phdr=0x400040,
    phentsize=56,
    phnum=4,
    segments=(
        Segment(0x400000, 0x190, b"\x7fELF", 1),
        Segment(0x401000, 0x3BC7, b"", 5),
        Segment(0x405000, 0xC94, b"", 1),
        Segment(0x406FC0, 0x7F8, b"", 3),
    ),
)


def test_segments_become_page_ranges_with_shared_pages_merged():
    assert page_ranges(IMAGE.segments) == [
        (0x400000, 0x401000, 1),
        (0x401000, 0x405000, 5),
        (0x405000, 0x406000, 1),
        (0x406000, 0x408000, 3),
    ]
    shared = (Segment(0x400000, 0x1800, b"", 5), Segment(0x401800, 0x100, b"", 3))
    assert page_ranges(shared) == [(0x400000, 0x401000, 5), (0x401000, 0x402000, 7)]


def test_start_stack_has_argc_argv_envp_auxv_and_the_strings():
    sp, data = start_stack(IMAGE, ["hello", "world"], ["A=b"], bytes(range(16)))
    assert sp % 16 == 0 and sp + len(data) == STACK_TOP
    argc, argv0, argv1, argv_end, env0, env_end = struct.unpack_from("<6Q", data)
    assert (argc, argv_end, env_end) == (2, 0, 0)

    def string(address: int) -> bytes:
        return data[address - sp : data.index(b"\0", address - sp)]

    assert (string(argv0), string(argv1), string(env0)) == (b"hello", b"world", b"A=b")
    auxv = dict(struct.iter_unpack("<2Q", data[48 : 48 + 18 * 16]))
    assert auxv[3] == 0x400040 and auxv[5] == 4 and auxv[6] == 4096 and auxv[9] == 0x401061  # PHDR .. ENTRY
    assert data[auxv[25] - sp : auxv[25] - sp + 16] == bytes(range(16))  # AT_RANDOM
    assert string(auxv[15]) == b"x86_64" and string(auxv[31]) == b"hello"  # AT_PLATFORM, AT_EXECFN
    assert list(auxv)[-1] == 0  # AT_NULL ends it


def test_read_image_refuses_what_is_no_static_x86_64_executable(tmp_path):
    with pytest.raises(GuestError) as e:
        read_image(str(tmp_path / "missing"))
    assert "missing: no such file" in str(e.value)
    assert e.value.hint == "give the path of the program on this machine"
    (tmp_path / "text").write_text("not an ELF")
    with pytest.raises(GuestError) as e:
        read_image(str(tmp_path / "text"))
    assert "not an ELF file" in str(e.value)
    assert e.value.hint == "build it with musl-gcc -static (a static x86_64 executable, not PIE)"
    with pytest.raises(GuestError) as e:
        read_image("/bin/true")  # Debian's: dynamic and PIE
    assert "not a static executable (dynamic or PIE)" in str(e.value)


def test_exec_before_boot_says_to_boot():
    with pytest.raises(GuestError) as e:
        Guest().exec_program("/bin/true", [])
    assert e.value.hint == "use %boot first"
