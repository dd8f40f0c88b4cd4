"""The notebooks are documentation and tests at once: execute them headless and check what they show."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import ARM64_TOOLS
from nbclient import NotebookClient
from socket_driver_source import DEMO_DRIVER, WERROR

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


SOLUTIONS = sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))


def execute(name: str, monkeypatch, allow_errors: bool = False) -> nbformat.NotebookNode:
    monkeypatch.setenv("UKREPL_ACCEL", "tcg")  # TCG always; KVM has its own tests
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(
        nb, kernel_name="ukrepl", timeout=120, startup_timeout=60, allow_errors=allow_errors
    ).execute()
    return nb


def cell_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            parts.append(out.data.get("text/plain", ""))
        elif out.output_type == "error":
            parts.append(f"{out.ename}: {out.evalue}")
    return "".join(parts)


@pytest.mark.usefixtures("kernel_elf")
def test_tour(monkeypatch):
    nb = execute("00-tour.ipynb", monkeypatch)
    by_source = {c.source: cell_text(c) for c in nb.cells if c.cell_type == "code"}
    assert "ukrepl: ready" in by_source["%boot"]
    assert by_source["%boot"].lstrip().startswith("ukrepl ")
    assert by_source["tour_greeting"].endswith('"hello from the guest"')
    assert by_source["tour_fib(20)"] == "(int) 6765"
    assert int(by_source["uk_alloc_availmem_total()"].split()[-1]) > 0
    assert by_source["uk_malloc(uk_alloc_get_default(), 64)"].startswith("(void *) 0x")
    assert "hello from a cell: 55" in by_source['printf("hello from a cell: %d\\n", tour_fib(10))']
    crash = by_source["tour_null_deref()"]
    assert "*** CRASH on CPU 0" in crash and "tour_null_deref" in crash and "GuestCrashed" in crash
    assert "guest ready" in by_source["%reboot"]
    assert by_source["tour_fib(10)"] == "(int) 55"
    # C cells
    assert by_source["int sq(int x) { return x * x; }"] == ""
    assert by_source["sq(7)"] == "(int) 49"
    assert (
        by_source["int norm2(struct point p) { return p.x * p.x + p.y * p.y; }\nnorm2(origin)"] == "(int) 25"
    )
    main = next(
        text for source, text in by_source.items() if source.startswith("#include <stdio.h>\n\nint main")
    )
    assert main == "hello from main, sq(6) = 36\n(int) 0"
    asm = by_source["%%c --show-asm\nint cube(int x) { return x * sq(x); }"]
    assert "<cube>:" in asm and "return x * sq(x);" in asm
    who = {line.split()[0]: line.split()[1] for line in by_source["%who"].splitlines()[1:]}
    assert who == {
        "sq": "function",
        "origin": "variable",
        "norm2": "function",
        "main": "function",
        "cube": "function",
        "point": "struct",
    }


@pytest.mark.usefixtures("kernel_elf")
def test_smp_workshop(monkeypatch):
    nb = execute("solutions/01-smp.ipynb", monkeypatch)
    texts = [cell_text(c) for c in nb.cells if c.cell_type == "code"]
    by_source = {c.source: cell_text(c) for c in nb.cells if c.cell_type == "code"}
    assert "lcpu: 3 CPUs found, 1 online (xAPIC)" in by_source["%boot --smp 3"]  # 0.10: the rest offline
    assert by_source["%%python\n[cpu.state for cpu in guest.cpus()]"] == "['idle', 'offline', 'offline']"
    assert by_source["ukplat_lcpu_count()"] == "(__u32) 3"
    pasted = next(source for source in by_source if source.startswith("#include <stdio.h>"))
    assert pasted in (NOTEBOOKS.parent / "kernel-src/demos/examples/smp_hello.c").read_text()  # verbatim
    hello = by_source[pasted].splitlines()
    for cpu in (1, 2):
        assert f"Hello from {cpu} {cpu}" in hello and f"Super! {cpu} {cpu}" in hello
    assert by_source["%lcpu run myfunc --cpus 1,2"] == (
        "--- CPU 1 ---\nHello from 1 1\n--- CPU 2 ---\nHello from 2 2\n"
    )
    cpus = by_source["%cpus"]
    widget, static = next(c for c in nb.cells if c.source == "%cpus").outputs
    # a live widget for JupyterLab, and a static copy as an output of its own (a saved notebook, nbconvert)
    assert "application/vnd.jupyter.widget-view+json" in widget.data
    assert {"text/html", "text/plain"} <= set(static.data) and "widget-view" not in str(set(static.data))
    assert all(f"CPU {n}: APIC ID {n}, xAPIC" in cpus for n in range(3)) and "tss64-busy" in cpus
    assert sum(text.startswith("Right:") for text in texts) == 4  # every exercise's check passed
    assert texts[-1] == "{0: [], 1: [], 2: []}"  # the cross-check with QEMU agrees on every CPU


@pytest.mark.usefixtures("kernel_elf")
def test_paging_workshop(monkeypatch):
    nb = execute("solutions/02-paging.ipynb", monkeypatch)
    texts = [cell_text(c) for c in nb.cells if c.cell_type == "code"]
    by_source = {c.source: cell_text(c) for c in nb.cells if c.cell_type == "code"}
    assert "W^X: on, cells too (code r-x, data rw-)" in by_source["%boot --smp 2"]
    assert by_source["%lcpu start"] == "CPUs online: 0, 1\n"
    dump = by_source["%pt"]
    for line in ("r-x s  -         12x4K            .text", "r-- s", ".bss: boot_stack"):
        assert line.split("  ")[0] in dump
    assert "rwx" not in dump  # the cell arena too: cells' code r-x, their data rw-
    walk = by_source["%pt translate tour_fib"]
    assert walk.count("table 0x") == 4 and "(agrees)" in walk and "P RO S" in walk
    assert by_source["paging_demo_map(0x10000200000, 1)"] == "(int) -17"  # -EEXIST
    assert by_source["paging_demo_map(0x10000200123, 1)"] == "(int) -22"  # -EINVAL
    crash = by_source["paging_demo_write_text()  // W^X says no"]
    assert "Why: write to kernel text (r-x): W^X forbids it" in crash and "GuestCrashed" in crash
    assert sum(text.startswith("Right:") for text in texts) == 3  # every exercise's check passed


@pytest.mark.arm64
@pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ARM64_TOOLS), reason=f"needs {', '.join(ARM64_TOOLS)}"
)
@pytest.mark.usefixtures("kernel_elf")
def test_arm64_paging_workshop(monkeypatch):
    nb = execute("solutions/05-arm64-paging.ipynb", monkeypatch)
    texts = [cell_text(c) for c in nb.cells if c.cell_type == "code"]
    by_source = {c.source: cell_text(c) for c in nb.cells if c.cell_type == "code"}
    assert "W^X: on, cells too (code r-x, data rw-)" in by_source["%boot --arch arm64"]
    dump = by_source["%pt"]
    assert "(arm64, 4 levels)" in dump and "rwx" not in dump
    assert re.search(r"r-x s  attr0 +\d+x4K +\.text", dump) and re.search(r"rw- s .*\.data", dump)
    assert re.search(r"^0000ff8000000000-.* 0x000000000000  rw- s .* 1x1G", dump, re.M)
    walk = by_source["%pt translate tour_fib"]
    assert walk.count("table 0x") == 4 and "page r-x EL1 UXN" in walk and "(agrees)" in walk
    assert (
        " page r-x " in by_source["%pt translate sq"] and " page rw- " in by_source["%pt translate squares"]
    )
    crash = next(t for s, t in by_source.items() if "W^X says no" in s)
    assert "(write, permission fault at level 3)" in crash and "W^X forbids it" in crash
    fetch = next(t for s, t in by_source.items() if "data is not code" in s)
    assert "Instruction abort (same EL) (EC 0x21)" in fetch and "from cell arena (rw-)" in fetch
    direct = by_source["%pt translate 0x0000ff8040200000"]
    assert "L1[1]" in direct and " block rw- " in direct and "physical 0x40200000" in direct
    assert sum(text.startswith("Right:") for text in texts) == 5  # every exercise's check passed
    assert "tour_fib(10) agrees on both: True" in "".join(texts)


@pytest.mark.usefixtures("kernel_elf")
def test_events_workshop(monkeypatch):
    nb = execute("solutions/03-events-and-sockets.ipynb", monkeypatch)
    texts = [cell_text(c) for c in nb.cells if c.cell_type == "code"]
    by_source = {c.source: cell_text(c) for c in nb.cells if c.cell_type == "code"}
    assert by_source["%lcpu start"] == "CPUs online: 0, 1\n"
    assert "AF_INET" not in texts[2] and re.search(r"AF_UNIX +1 +afunix", texts[2])  # before the cell
    # the test suite's family keeps clear of the numbers a user may pick
    assert re.search(r"family 32343 +32343 +posix-socket", texts[2])
    cell_family = next(t for t in texts if re.search(r"cell +create close", t))  # the family from a cell
    assert "3   AF_INET  SOCK_STREAM  cell" in cell_family
    assert by_source["ping()"] == "(int) 4" and by_source["got"] == '(char [16]) "ping"'
    assert "5   EPOLLIN  5     EPOLLIN       ready" in by_source["%epoll ep"]
    assert by_source["pingpong(5)"] == "(int) 5"  # five round trips with the thread on CPU 1
    assert "EPOLLIN  0     EPOLLIN       waiting" in by_source["%epoll echo_ep"]  # the thread waits
    all_sockets = [cell_text(c) for c in nb.cells if c.cell_type == "code" and c.source == "%sockets"]
    last_sockets = all_sockets[2]  # the third, while the thread waits
    assert last_sockets.count("AF_UNIX  SOCK_STREAM  afunix  connected           0 of 65536 B") == 4
    assert by_source["uk_thread_wait(echo_thread)"] == "(int) 0"
    suite = by_source['uk_test_run_suite("posix_event_eventfd")']
    assert suite.count(": PASSED (") == 5 and suite.endswith("(int) 0")
    # section 5: the 0.10 datagram driver, the same source as tests/guest/test_socket_driver.py's
    assert WERROR + DEMO_DRIVER in by_source and by_source[WERROR + DEMO_DRIVER] == ""  # no warning
    assert 'got 5 bytes "hello" from port 1' in by_source["demo_talk()"]
    assert by_source["demo_talk()"].endswith("(int) 1")
    assert re.search(r"family 46 +46 +cell +init create accept4 .* poll", texts[-1])
    assert sum(text.startswith("Right:") for text in texts) == 3  # every exercise's check passed
    assert not any("Error" in text or "Traceback" in text for text in texts)


@pytest.mark.usefixtures("kernel_elf")
def test_testing_workshop(monkeypatch):
    nb = execute("solutions/07-testing.ipynb", monkeypatch)
    texts = [cell_text(c) for c in nb.cells if c.cell_type == "code"]
    suite = next(t for t in texts if "test: usoc->sums" in t)  # the suite ran as its cell loaded
    assert "test: usoc->sums: PASSED (2 assertions)" in suite
    assert "test: usoc->doubles: sum(x, x) is 2x" in suite
    assert "[ FAILED ]  in cell" in suite and "    :\tsum(4, 4) is 8" in suite
    assert "test: usoc->doubles: FAILED (1 of 2 assertions)" in suite
    by_source = {c.source: cell_text(c) for c in nb.cells if c.cell_type == "code"}
    assert by_source["after_the_failure"] == "(int) 1"  # the case went on after its failed assert
    rerun = by_source['uk_test_run_suite("usoc")']
    assert "test: usoc->doubles: PASSED (2 assertions)" in rerun and rerun.endswith("(int) 0")
    kernel_case = by_source['uk_test_run_case("posix_socket", "calls_reach_the_driver")']
    assert "test: posix_socket->calls_reach_the_driver: PASSED (" in kernel_case
    assert sum("\nRight:" in text for text in texts) == 1  # after the suite's lines
    assert "expected `errno` to be 93" in kernel_case  # as written: macros in it stay unexpanded
    assert not any("Error" in text or "Traceback" in text for text in texts)


@pytest.mark.usefixtures("kernel_elf")
def test_syscalls_workshop(monkeypatch):
    nb = execute("04-syscalls.ipynb", monkeypatch)
    by_source = {c.source: cell_text(c) for c in nb.cells if c.cell_type == "code"}
    assert "ukrepl: ready" in by_source["%boot --libc musl"]
    assert by_source["#include <uk/syscall.h>\nuk_syscall_name(SYS_write)"].endswith('"write"')
    raw = next(text for source, text in by_source.items() if source.startswith("static long raw_syscall3"))
    assert "written by a raw syscall" in raw and raw.endswith("(long) 25")
    assert by_source["uk_syscall_r(500, 4, 2)"] == "(long) 402"
    assert by_source["raw_syscall3(500, 7, 5, 0)"] == "(long) 705"
    printf_counts = [text for source, text in by_source.items() if source == "%syscalls"]
    assert all("writev" in text for text in printf_counts)
    assert any(
        source.startswith("#include <stdlib.h>") and text.endswith('"5.00"')
        for source, text in by_source.items()
    )
    assert any(text.endswith('"musl\'s malloc on a ramfs\\n"') for text in by_source.values())
    assert "hello, world! I am pid" in by_source["%exec {hello} world"]
    assert by_source["%exec {hello} world"].endswith("(int) 42")
    first, second = [c for c in nb.cells if c.cell_type == "code" and c.source == "%exec {answer}"]
    assert "syscall 501 says -1" in cell_text(first) and "lacks" in cell_text(first)
    assert "syscall 501 says 42" in cell_text(second) and cell_text(second).endswith("(int) 0")


@pytest.mark.usefixtures("kernel_elf")
def test_debugging_workshop(monkeypatch):
    nb = execute("06-debugging.ipynb", monkeypatch)
    texts = [cell_text(c) for c in nb.cells if c.cell_type == "code"]
    by_source = {c.source: cell_text(c) for c in nb.cells if c.cell_type == "code"}
    # section 1: the planted overflow, found by a watchpoint
    assert by_source["leds.brightness"] == "(int) 57"  # the symptom: '9' landed in it
    caught = next(t for t in texts if "watchpoint 4 on leds.brightness" in t)
    assert "stopped on CPU 0 in led_rename (cell1.c:20)" in caught and "(50 -> 57)" in caught
    assert ">   20  \t\tdev->name[i] = name[i];" in caught
    assert any("arg name = " in t and "\ni = 8" in t for t in texts)  # %locals at the stop
    assert 'name = "hallway", brightness = 50' in by_source["leds"]
    # section 2: CPU 1's stack while CPU 0 is stopped
    stacks = by_source["%bt --all-cpus"]
    assert "#0 meet at cell3.c:20" in stacks and "#1 dispatch at cell3.c:34" in stacks
    cpu1 = stacks.split("--- CPU 1 ---")[1]
    assert "#0 worker_wait at cell3.c:8" in cpu1 and "#1 worker at cell3.c:14" in cpu1
    assert "lcpu_ipi_run_handler" in cpu1
    # section 3: a page-table entry appears between two walks
    assert "stopped on CPU 0 in map_one (cell4.c:10): breakpoint 6" in by_source["map_one(0x10000200000)"]
    assert by_source["before"] == "(__pte_t) 0"
    assert "stopped on CPU 0 in ukplat_page_map (api.c:" in by_source["%step"]
    assert "#1 map_one at cell4.c:11" in by_source["%bt"]
    assert by_source["after & 1"] == "(unsigned long) 1"
    assert "0000010000200000-0000010000201000" in texts[-1] and "rw-" in texts[-1]
    assert sum("returned; the guest is parked again" in t for t in texts) == 3
    assert not any("Error" in text or "Traceback" in text for text in texts)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_the_blank_exercises_fail_their_checks(monkeypatch, solution):
    """The student version (notebooks/NAME, answers blanked): every check cell says "not yet", in one
    line with a hint, and no cell shows a traceback."""
    if "arm64" in solution.name and not all(shutil.which(tool) for tool in ARM64_TOOLS):
        pytest.skip(f"needs {', '.join(ARM64_TOOLS)}")
    nb = execute(solution.name, monkeypatch, allow_errors=True)
    code = [c for c in nb.cells if c.cell_type == "code"]
    checks = [c for c in code if re.search(r"^(answered|check)\(", c.source, re.MULTILINE)]
    assert checks
    for cell in checks:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert [e.ename for e in errors] == ["NotYet"], (cell.source, cell_text(cell))
        assert errors[0].evalue.startswith("not yet: ") and "\n(" not in errors[0].evalue
        assert len(errors[0].traceback) == 1 and errors[0].evalue.endswith(")")  # the hint, no traceback
        assert "Right:" not in cell_text(cell)
    for cell in code:
        text = cell_text(cell) + "".join("".join(o.get("traceback", [])) for o in cell.outputs)
        assert "Traceback" not in text and "internal error" not in text, (cell.source, text)
