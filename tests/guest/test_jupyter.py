"""The Jupyter kernel through jupyter_client, as a front end drives it."""

from __future__ import annotations

import os
import signal

import psutil
from jupyter_client.manager import start_new_kernel


def run(kc, code, on_output=None, timeout=60):
    """Execute a cell; return (reply content, outputs as (msg_type, content))."""
    outputs = []

    def hook(msg):
        if msg["msg_type"] in ("stream", "execute_result", "error", "display_data"):
            outputs.append((msg["msg_type"], msg["content"]))
            if on_output:
                on_output(msg)

    reply = kc.execute_interactive(code, output_hook=hook, timeout=timeout)
    return reply["content"], outputs


def text_of(outputs):
    parts = []
    for kind, content in outputs:
        if kind == "stream":
            parts.append(content["text"])
        elif kind in ("execute_result", "display_data"):
            parts.append(content["data"].get("text/plain", ""))
        elif kind == "error":
            parts.append(f"{content['ename']}: {content['evalue']}")
    return "".join(parts)


def guest_processes(kernel_pid):
    """QEMU and GDB started by the kernel (they live in their own sessions, still its children)."""
    return [
        p
        for p in psutil.Process(kernel_pid).children(recursive=True)
        if p.name().startswith(("qemu-system", "gdb"))
    ]


def test_boot_expression_and_errors(kernel):
    km, kc = kernel
    reply, out = run(kc, "%boot --accel tcg")
    assert reply["status"] == "ok", text_of(out)
    assert "ukrepl: ready" in text_of(out) and "accel=tcg" in text_of(out)
    reply, out = run(kc, "uk_alloc_availmem_total()")
    assert reply["status"] == "ok"
    assert int(out[-1][1]["data"]["text/plain"].split()[-1]) > 0
    reply, out = run(kc, "no_such_symbol * 2")
    assert reply["status"] == "error"
    assert [k for k, _ in out] == ["error"]
    assert "No symbol" in out[0][1]["evalue"] and len(out[0][1]["traceback"]) == 1
    reply, out = run(kc, "%nosuchmagic")
    assert reply["status"] == "error"
    reply, out = run(kc, "tour_fib(12)")
    assert text_of(out).strip() == "(int) 144"


def test_interrupt_stops_a_looping_call(kernel):
    km, kc = kernel
    run(kc, "%boot --accel tcg")

    streamed = []  # the console line may arrive split over several stream messages

    def interrupt_when_spinning(msg):
        if msg["msg_type"] == "stream":
            streamed.append(msg["content"]["text"])
            if "tour_spin: spinning" in "".join(streamed):
                streamed.clear()
                km.interrupt_kernel()

    reply, out = run(kc, "tour_spin()", on_output=interrupt_when_spinning)
    assert reply["status"] == "error"
    assert "GuestInterrupted" in text_of(out)
    reply, out = run(kc, "tour_fib(10)")
    assert text_of(out).strip() == "(int) 55"


def test_crash_and_reboot(kernel):
    km, kc = kernel
    run(kc, "%boot --accel tcg")
    reply, out = run(kc, "tour_null_deref()")
    assert reply["status"] == "error"
    text = text_of(out)
    assert "*** CRASH on CPU 0" in text and "tour_null_deref" in text and "GuestCrashed" in text
    reply, out = run(kc, "%reboot")
    assert reply["status"] == "ok"
    reply, out = run(kc, "tour_fib(5)")
    assert text_of(out).strip() == "(int) 5"


def test_python_cells_see_the_guest(kernel):
    km, kc = kernel
    run(kc, "%boot --accel tcg")
    reply, out = run(kc, "%%python\nv = guest.call('tour_fib', 8)\nprint('py', v.text)\nv.type")
    assert reply["status"] == "ok"
    assert "py 21" in text_of(out) and "'int'" in text_of(out)


def test_completion_and_inspection(kernel):
    km, kc = kernel
    reply = kc.complete("tour_f", 6, reply=True)["content"]
    assert "tour_fib" in reply["matches"]
    reply = kc.complete("%bo", 3, reply=True)["content"]
    assert reply["matches"] == ["%boot"]
    reply = kc.inspect("tour_fib(3)", 3, reply=True)["content"]
    assert reply["found"]
    assert "int tour_fib(int n)" in reply["data"]["text/plain"]


def test_shutdown_ends_qemu_and_gdb(kernel_elf):
    km, kc = start_new_kernel(kernel_name="ukrepl")
    try:
        run(kc, "%boot --accel tcg")
        children = guest_processes(km.provisioner.process.pid)
        assert len(children) == 2
    finally:
        kc.stop_channels()
        km.shutdown_kernel()
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert alive == []


def test_sigkilled_kernel_leaves_no_qemu_or_gdb(kernel_elf):
    km, kc = start_new_kernel(kernel_name="ukrepl")
    try:
        run(kc, "%boot --accel tcg")
        pid = km.provisioner.process.pid
        children = guest_processes(pid)
        assert sorted(p.name()[:3] for p in children) == ["gdb", "qem"]
        os.kill(pid, signal.SIGKILL)
        gone, alive = psutil.wait_procs(children, timeout=10)
        assert alive == []
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_c_cells_define_functions_for_later_cells(kernel):
    km, kc = kernel
    run(kc, "%boot --accel tcg")
    reply, out = run(kc, "int sq(int x) { return x * x; }")
    assert reply["status"] == "ok" and text_of(out) == ""
    reply, out = run(kc, "sq(7)")
    assert text_of(out).strip() == "(int) 49"
    assert "sq" in kc.complete("s", 1, reply=True)["content"]["matches"]
    inspected = kc.inspect("sq(7)", 1, reply=True)["content"]
    assert inspected["found"]
    assert inspected["data"]["text/plain"].startswith("int sq(int x);\ndefined in cell 1")
    reply, out = run(kc, '#include <stdio.h>\nprintf("squares: %d\\n", sq(3));\nsq(4) + 1')
    assert text_of(out) == "squares: 9\n(int) 17"


def test_c_cell_type_errors_show_the_cells_own_line(kernel):
    km, kc = kernel
    run(kc, "%boot --accel tcg")
    reply, out = run(kc, "struct point { int x, y; };\nint a = 1;\nstruct point p = 3;")
    assert reply["status"] == "error"
    evalue = out[-1][1]["evalue"]
    assert out[-1][1]["ename"] == "CellError"
    assert ":3:18: error: invalid initializer" in evalue and "struct point p = 3;" in evalue
    reply, out = run(kc, "tour_fib(6)")
    assert text_of(out).strip() == "(int) 8"


def test_c_cell_crash_names_the_cell_function_then_reboot(kernel):
    km, kc = kernel
    run(kc, "%boot --accel tcg")
    run(kc, "#include <stddef.h>\nint deref(int *p) { return *p; }")
    reply, out = run(kc, "int crashed = deref(NULL);")
    assert reply["status"] == "error"
    text = text_of(out)
    assert "*** CRASH on CPU 0" in text and "<deref+0x" in text and "GuestCrashed" in text
    assert "in cell code" in text and "return *p;" in text
    reply, out = run(kc, "%reboot")
    assert reply["status"] == "ok" and "%replay" in text_of(out)
    reply, out = run(kc, "int twice(int x) { return 2 * x; }\ntwice(21)")
    assert text_of(out).strip() == "(int) 42"
    reply, out = run(kc, "%replay")
    assert reply["status"] == "ok" and "1 C cell(s) loaded again" in text_of(out)
    reply, out = run(kc, "deref(&tour_counter)")
    assert text_of(out).strip() == "(int) 0"
