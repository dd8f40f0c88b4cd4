"""The arm64 guest (issue 13) under QEMU's virt machine, driven through gdb-multiarch.

The host's Guest does not speak arm64 yet, so this module drives QEMU and GDB
itself: QEMU stopped at reset with its GDB stub on a Unix socket, the console
to a file; a hardware breakpoint on `ukrepl_idle` where boot parks CPU 0; a
call by AAPCS64 by hand (x0-x7 the arguments, lr = `ukrepl_call_return`, pc =
the function; a hardware breakpoint there catches the return, x0 the result).
Skipped where the cross tools are missing (`.ci/setup` installs them).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ukrepl.decoders.arm64 import paging as vmsa
from ukrepl.target.gdbmi import MiSession, Wakeup

QEMU, GDB, CC = "qemu-system-aarch64", "gdb-multiarch", "aarch64-linux-gnu-gcc"
KERNEL_SRC = Path(__file__).resolve().parents[2] / "kernel-src"
BOOT_TIMEOUT = 30.0

pytestmark = [
    pytest.mark.arm64,
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in (QEMU, GDB, CC)), reason=f"needs {QEMU}, {GDB} and {CC}"
    ),
]


@pytest.fixture(scope="module")
def arm64_elf(tmp_path_factory) -> Path:
    """`make ARCH=arm64`: the kernel, built without a single warning."""
    out = tmp_path_factory.mktemp("arm64-build")
    # an SMP kernel whose CPUs come online at boot, as these tests expect
    (out / "config.overrides").write_text(
        "CONFIG_UKPLAT_LCPU_MAXCOUNT=8\nCONFIG_UKREPL_LCPU_START_AT_BOOT=y\n"
    )
    build = subprocess.run(
        ["make", "-C", str(KERNEL_SRC), "ARCH=arm64", f"O={out}", f"PYTHON={sys.executable}", "-j4"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert "warning" not in (build.stdout + build.stderr).lower(), build.stderr
    return out / "ukrepl.elf"


class Arm64Guest:
    """One QEMU virt guest, stopped in `ukrepl_idle` after boot, and its GDB."""

    def __init__(
        self, elf: Path, workdir: Path, machine: str = "virt", cpu: str = "cortex-a72", smp: int = 2
    ):
        self.elf = elf
        self.console_file = workdir / "console.log"
        socket = workdir / "gdb.sock"
        self.qemu = subprocess.Popen(
            [QEMU, "-M", machine, "-cpu", cpu, "-smp", str(smp), "-m", "128M", "-nodefaults",
             "-display", "none", "-serial", f"file:{self.console_file}", "-S",
             "-gdb", f"unix:{socket},server=on,wait=off", "-kernel", str(elf)],
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not socket.exists():
            assert self.qemu.poll() is None and time.monotonic() < deadline, "QEMU did not start"
            time.sleep(0.02)
        self.gdb = MiSession(Wakeup(), gdb=GDB)
        self.gdb.batch(
            [
                "-gdb-set mi-async on",
                "-gdb-set pagination off",
                "-gdb-set confirm off",
                f'-file-exec-and-symbols "{elf}"',
                f"-target-select remote {socket}",
                "-break-insert -h ukrepl_idle",
                "-break-insert -h ukrepl_call_return",
                "-break-insert -h ukrepl_crashed",
            ]
        )
        self.gdb.clear_stops()
        self.idle_stop = self.resume()
        self.sp = self.register("sp")

    def resume(self) -> dict:
        """Continue every CPU until the next stop; its *stopped record."""
        self.gdb.command("-exec-continue")
        return self.gdb.wait_stopped()

    @property
    def console(self) -> str:
        return self.console_file.read_text(errors="replace")

    def register(self, name: str) -> int:
        return int(self.gdb.evaluate(f"(unsigned long)${name}"), 0)

    def value(self, expression: str) -> int:
        return int(self.gdb.evaluate(f"(unsigned long)({expression})"), 0)

    def call(self, function: str, *args: int) -> tuple[int, str]:
        """function(*args) on CPU 0 by AAPCS64: (x0 after it, where it stopped)."""
        assert len(args) <= 8
        for i, arg in enumerate(args):
            self.gdb.evaluate(f"$x{i} = {arg}")
        self.gdb.evaluate(f"$sp = {self.sp}")  # 16-byte aligned: where idle stopped
        self.gdb.evaluate("$x30 = (unsigned long)ukrepl_call_return")
        self.gdb.evaluate(f"$pc = (unsigned long){function}")
        stop = self.resume()
        return self.register("x0"), stop.get("frame", {}).get("func", "")

    def put_string(self, address: int, text: str) -> int:
        """Write a C string into guest memory (the cell arena's scratch end); its address."""
        data = text.encode() + b"\0"
        self.gdb.command(f"-data-write-memory-bytes {address} {data.hex()}")
        return address

    def close(self) -> None:
        self.gdb.close()
        self.qemu.kill()
        self.qemu.wait()


@pytest.fixture
def guest_factory(arm64_elf, tmp_path):
    guests: list[Arm64Guest] = []

    def start(**kwargs) -> Arm64Guest:
        workdir = tmp_path / f"guest{len(guests)}"
        workdir.mkdir()
        guests.append(Arm64Guest(arm64_elf, workdir, **kwargs))
        return guests[-1]

    yield start
    for guest in guests:
        guest.close()


@pytest.fixture
def guest(guest_factory) -> Arm64Guest:
    return guest_factory()


def test_boot_prints_the_banner_the_cpus_and_ready(guest):
    console = guest.console
    assert "(arm64, virt/fdt, gcc" in console
    assert "paging: 48-bit VA, 4 KiB granule, TTBR0 only" in console
    assert "W^X: on, cells too (code r-x, data rw-)" in console
    assert "gic: GICv2, psci: hvc" in console
    assert "lcpu: 2 CPUs online (GICv2 SGIs, PSCI hvc)" in console
    assert console.rstrip().endswith("ukrepl: ready")


def test_a_hardware_breakpoint_on_ukrepl_idle_stops_cpu0_there(guest):
    assert guest.idle_stop["reason"] == "breakpoint-hit"
    assert guest.idle_stop["frame"]["func"] == "ukrepl_idle"
    idle = guest.value("ukrepl_idle")  # GDB's breakpoint on it lies past its frame record's prologue
    assert idle <= guest.register("pc") < idle + 16
    assert guest.sp % 16 == 0
    daif = guest.register("cpsr") & 0x3C0
    assert daif & 0x80, "host calls run with IRQs masked"


def test_calls_return_their_value_in_x0(guest):
    assert guest.call("tour_fib", 10) == (55, "ukrepl_call_return")
    assert guest.call("ukplat_lcpu_count") == (2, "ukrepl_call_return")
    assert guest.call("tour_sum", 100) == (5050, "ukrepl_call_return")


def test_the_in_guest_suites_pass(guest):
    failed, where = guest.call("uk_test_run_all")
    assert where == "ukrepl_call_return"
    totals = [line for line in guest.console.splitlines() if line.startswith("uktest:")]
    failures = [line for line in guest.console.splitlines() if "FAIL" in line]
    assert totals and not any("failed" in line for line in totals), (totals, failures)
    assert failed == 0


def test_the_paging_api_maps_walks_and_unmaps(guest):
    scratch = guest.value("ukrepl_cell_arena_end") - 64
    kernel_pt = guest.value("&kernel_pt")
    vaddr = 1 << 40
    # ukplat_pt_walk(&kernel_pt, tour_fib, NULL, NULL, &pte): a 4 KiB page, r-x
    assert guest.call("ukplat_pt_walk", kernel_pt, guest.value("tour_fib"), 0, 0, scratch)[0] == 0
    pte = guest.value(f"*(unsigned long *){scratch}")
    leaf = vmsa.decode(pte, vmsa.LEVELS - 1)  # the kernel's level 0 is lookup level 3
    assert leaf.valid and leaf.kind == "page" and leaf.rights == "r-x"
    # 16 fresh pages rw- at 1 TiB, written, then unmapped
    assert guest.call("ukplat_page_map", kernel_pt, vaddr, 0xBAADBAADBAADBAAD & ~0x3FFFFFFF, 16, 3, 0)[0] == 0
    assert guest.call("memset", vaddr, 0xAB, 16 * 4096) == (vaddr, "ukrepl_call_return")
    assert guest.value(f"*(unsigned char *){vaddr + 16 * 4096 - 1}") == 0xAB
    assert guest.call("ukplat_page_unmap", kernel_pt, vaddr, 16, 0)[0] == 0
    # again: nothing left to unmap, which is no error (holes are skipped, as in 0.10 and on x86_64)
    assert guest.call("ukplat_page_unmap", kernel_pt, vaddr, 16, 0)[0] & 0xFFFF_FFFF == 0
    rc, _ = guest.call("ukplat_pt_walk", kernel_pt, vaddr, 0, 0, 0)
    assert rc & 0xFFFF_FFFF == (1 << 32) - 14  # an int: -EFAULT in w0


def test_a_write_to_kernel_text_is_a_permission_fault(guest):
    target = guest.value("tour_fib")
    _, where = guest.call("memset", target, 0, 4)
    assert where == "ukrepl_crashed"
    console = guest.console
    report = console[console.rindex("*** CRASH") :]
    assert report.startswith("*** CRASH on CPU 0: Data abort (same EL) (EC 0x25)")
    far = guest.value("ukrepl_crash_info.cr2")
    assert target <= far < target + 4  # memset may write the last byte first
    assert f"FAR: 0x{far:016x} (write, permission fault at level 3)" in report
    assert "Why: write to kernel text (r-x): W^X forbids it" in report
    assert "<memset+" in report and "<ukrepl_call_return+0x0>" in report
    assert report.rstrip().endswith("*** end of crash report")
    assert guest.value("ukrepl_crash_info.count") == 1
    assert guest.value("ukrepl_crash_info.vector") == 0x25


def test_a_stack_overflow_into_the_guard_page_is_reported(guest):
    # the call runs on the boot stack's lowest bytes: printf's frame reaches the guard page below
    text = guest.put_string(guest.value("ukrepl_cell_arena_end") - 256, "%d %d %d\n")
    guest.sp = guest.value("&boot_stack") + 16
    _, where = guest.call("printf", text, 1, 2, 3)
    assert where == "ukrepl_crashed"  # the exception stack (SP_EL1) is not the one that overflowed
    report = guest.console[guest.console.rindex("*** CRASH") :]
    assert "translation fault at level 3" in report
    assert "Why: write to the guard page below the boot stack: a stack overflow" in report
    assert report.rstrip().endswith("*** end of crash report")


def test_code_runs_from_the_cell_arena_but_not_from_data(guest):
    arena = guest.value("ukrepl_cell_arena_start")
    # mov w0, #42; ret: the arena is data (rw-) until the host makes a cell's code pages r-x
    guest.gdb.command(f"-data-write-memory-bytes {arena} 40058052c0035fd6")
    assert guest.call("ukrepl_cell_protect", arena, 4096, 1 | 4) == (0, "ukrepl_call_return")  # READ|EXEC
    _, where = guest.call("(unsigned long)&lcpu_ttbr0")  # in .data
    assert where == "ukrepl_crashed"
    report = guest.console[guest.console.rindex("*** CRASH") :]
    assert report.startswith("*** CRASH on CPU 0: Instruction abort (same EL) (EC 0x21)")
    assert "(instruction fetch, permission fault at level 3)" in report
    assert "Why: instruction fetch from kernel data (rw-): W^X forbids it" in report


@pytest.mark.parametrize(
    ("machine", "cpu", "gic"),
    [("virt,gic-version=3", "cortex-a72", "GICv3"), ("virt", "max", "GICv2")],
)
def test_gic_versions_and_cpus_boot_with_four_cpus(guest_factory, machine, cpu, gic):
    guest = guest_factory(machine=machine, cpu=cpu, smp=4)
    assert f"lcpu: 4 CPUs online ({gic} SGIs, PSCI hvc)" in guest.console
    assert guest.call("ukplat_lcpu_count") == (4, "ukrepl_call_return")
    suite = guest.put_string(guest.value("ukrepl_cell_arena_end") - 256, "uksched")
    failed, _ = guest.call("uk_test_run_suite", suite)
    assert failed == 0
    assert "test: uksched->thread_runs_and_joins: PASSED" in guest.console
    # the release post's SMP program, as printed: ukplat_lcpu_run/wait over SGIs
    assert guest.call("example_smp_hello_main", 0, 0) == (0, "ukrepl_call_return")
    lines = guest.console.splitlines()
    for cpu in (1, 2, 3):
        assert f"Hello from {cpu} {cpu}" in lines and f"Super! {cpu} {cpu}" in lines
