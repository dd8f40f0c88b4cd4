"""C cells against real guests (TCG): compile, load into the arena, run, and what later cells see."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BOTH_ARCHES, arch_marks, ctrl_c_on_console, guest_fixture
from test_jupyter import run, text_of

from ukrepl.compiler import CellError
from ukrepl.guest import Guest, GuestCrashed, GuestInterrupted, State
from ukrepl.options import BootOptions

tcg_guest = guest_fixture(arches=BOTH_ARCHES)
ARCHES = [pytest.param(arch, marks=arch_marks(arch)) for arch in BOTH_ARCHES]

POINT = """\
#include <stdio.h>
struct point { int x, y; };
struct point origin = {3, 4};
int norm2(struct point p) { return p.x * p.x + p.y * p.y; }
"""


def console_after(guest, action):
    """What the guest printed while `action` ran."""
    guest.flush_console()
    before = len(guest.console_sink.text)
    action()
    guest.flush_console()
    return guest.console_sink.text[before:]


def test_functions_types_and_globals_carry_over_to_later_cells(tcg_guest):
    assert tcg_guest.run_cell("int sq(int x) { return x * x; }").value is None
    assert str(tcg_guest.evaluate("sq(7)")) == "(int) 49"
    tcg_guest.run_cell(POINT)
    # a later cell uses the type, the global and both functions
    run = tcg_guest.run_cell("struct point far = { 6, 8 };\nint total = norm2(origin) + sq(far.x);\ntotal")
    assert str(run.value) == "(int) 61"
    assert str(tcg_guest.evaluate("total")) == "(int) 61"
    assert str(tcg_guest.evaluate("origin")) == "(struct point) {x = 3, y = 4}"


def test_single_expressions_go_to_gdb_and_the_rest_to_the_compiler(tcg_guest):
    tcg_guest.run_cell("#include <uk/essentials.h>\nint sq(int x) { return x * x; }")
    assert tcg_guest.expression_of("sq(7)") == "sq(7)"
    assert tcg_guest.expression_of("tour_fib(10)") == "tour_fib(10)"
    assert tcg_guest.expression_of("no_such_thing + 1") == "no_such_thing + 1"  # GDB: No symbol
    assert tcg_guest.expression_of("__PAGE_SIZE * 2") is None  # a macro of a header a cell included
    assert tcg_guest.expression_of("int y = sq(2);") is None
    # the compiled path shows a value the same way
    run = tcg_guest.run_cell('sq(3) + ARRAY_SIZE("ab")')
    assert str(run.value) == "(unsigned long) 12"


def test_values_keep_their_c_type(tcg_guest):
    assert str(tcg_guest.run_cell('"a string"').value).endswith('"a string"')
    assert str(tcg_guest.run_cell("(char)'A' + 1").value) == "(int) 66"
    tcg_guest.run_cell(POINT)
    assert str(tcg_guest.run_cell("origin").value) == "(struct point) {x = 3, y = 4}"
    assert tcg_guest.run_cell("void nothing(void) {}\nnothing()").value is None  # void: no value


def test_statements_run_at_once_and_initializers_may_call(tcg_guest):
    printed = console_after(
        tcg_guest,
        lambda: tcg_guest.run_cell(
            "#include <stdio.h>\n"
            "#include <uk/alloc.h>\n"
            "struct uk_alloc *a = uk_alloc_get_default();\n"
            "void *block = uk_malloc(a, 64);\n"
            'printf("block %s\\n", block ? "allocated" : "missing");\n'
        ),
    )
    assert "block allocated" in printed
    assert int(tcg_guest.evaluate("(unsigned long)block").text) != 0


def test_compiler_errors_point_into_the_cell_and_leave_the_guest_alone(tcg_guest):
    tcg_guest.run_cell("int sq(int x) { return x * x; }")
    arena_next = tcg_guest.cells.next_address
    with pytest.raises(CellError) as error:
        tcg_guest.run_cell("int a = 1;\nint b = 2;\nstruct point *p = 3.5;\n")
    message = str(error.value)
    assert re.search(r"^cell\d+\.c:3:\d+: error: ", message, re.MULTILINE), message
    assert "struct point *p = 3.5;" in message  # gcc quotes the cell's own line
    assert "unit" not in message and "/tmp" not in message
    assert tcg_guest.cells.next_address == arena_next
    assert str(tcg_guest.evaluate("sq(5)")) == "(int) 25"


def test_redefinition_replaces_a_function_and_old_pointers_keep_the_old_code(tcg_guest):
    tcg_guest.run_cell("int sq(int x) { return x * x; }\nint (*old_sq)(int) = sq;")
    tcg_guest.run_cell("long sq(int x) { return 1000L * x; }")
    assert str(tcg_guest.evaluate("sq(7)")) == "(long) 7000"
    assert str(tcg_guest.run_cell("sq(2) + old_sq(3)").value) == "(long) 2009"
    assert str(tcg_guest.evaluate("old_sq(4)")) == "(int) 16"  # GDB calls through the pointer too


def test_kernel_functions_cannot_be_redefined(tcg_guest):
    with pytest.raises(CellError, match="tour_fib is defined by the kernel"):
        tcg_guest.run_cell("int tour_fib(int n) { return n; }")


def test_main_runs_and_shows_its_return_value(tcg_guest):
    run = tcg_guest.run_cell(
        "#include <stdio.h>\n"
        "int main(int argc, char *argv[])\n"
        '{\n\tprintf("main of %s, %d argument(s)\\n", argv[0], argc);\n\treturn 42;\n}\n'
    )
    assert str(run.value) == "(int) 42"
    assert re.search(r"main of cell\d+, 1 argument\(s\)", tcg_guest.console_log)


SEED_SMP_PROGRAM = (Path(__file__).resolve().parents[2] / "kernel-src/demos/examples/smp_hello.c").read_text()


@pytest.mark.parametrize("arch", ARCHES)
def test_the_smp_release_program_runs_as_pasted(kernel_elf, arch):
    """The Unikraft 0.10 release post's SMP test program, verbatim (the kernel keeps the same text
    in demos/examples/smp_hello.c), in a C cell of a three-CPU guest: its main runs and every
    secondary CPU prints whole lines."""
    assert (
        SEED_SMP_PROGRAM.startswith("#include <stdio.h>") and "int main(int argc __unused" in SEED_SMP_PROGRAM
    )
    guest = Guest()
    guest.boot(BootOptions(smp=3, accel="tcg", arch=arch))
    try:
        run = guest.run_cell(SEED_SMP_PROGRAM)
        assert str(run.value) == "(int) 0"
        guest.flush_console()
        lines = guest.console_log.splitlines()
        for cpu in (1, 2):
            assert f"Hello from {cpu} {cpu}" in lines and f"Super! {cpu} {cpu}" in lines
    finally:
        guest.shutdown()


def test_registration_sections_run_when_the_cell_loads(tcg_guest):
    printed = console_after(
        tcg_guest,
        lambda: tcg_guest.run_cell(
            "#include <stdio.h>\n"
            "#include <uk/init.h>\n"
            'static int cell_init(void) { printf("cell init ran\\n"); return 0; }\n'
            "uk_lib_initcall(cell_init);\n"
            "static void __attribute__((constructor)) cell_ctor(void)\n"
            '{ printf("cell constructor ran\\n"); }\n'
            'printf("cell statements ran\\n");\n'
        ),
    )
    # boot order: init table, constructors, then the cell's statements
    assert (
        printed.index("cell init ran")
        < printed.index("cell constructor ran")
        < printed.index("statements ran")
    )


def test_a_failing_init_function_is_reported(tcg_guest):
    with pytest.raises(Exception, match=r"registration sections \(\.uk_inittab39\) failed: -22"):
        tcg_guest.run_cell(
            "#include <uk/init.h>\nstatic int bad(void) { return -22; }\nuk_lib_initcall(bad);"
        )
    assert tcg_guest.state is State.READY


CELL_SUITE = """#include <uk/test.h>
static int cellsuite_init(struct uk_testsuite *s) { (void)s; return 0; }
uk_testsuite_register(cellsuite, cellsuite_init);
UK_TESTCASE(cellsuite, adds) { UK_TEST_EXPECT_SNUM_EQ(1 + 1, 2); }
UK_TESTCASE(cellsuite, fails) { UK_TEST_EXPECT_SNUM_EQ(1 + 1, %d); }
"""


def test_a_test_suite_defined_in_a_cell_registers_and_runs(tcg_guest):
    tcg_guest.run_cell(CELL_SUITE % 3)
    printed = console_after(tcg_guest, lambda: tcg_guest.call("uk_test_run_suite", '"cellsuite"'))
    assert "test: cellsuite->adds: PASSED (1 assertions)" in printed
    assert "test: cellsuite->fails: FAILED (1 of 1 assertions)" in printed
    # the same suite again: its cases replace the earlier cell's
    tcg_guest.run_cell(CELL_SUITE % 2)
    printed = console_after(tcg_guest, lambda: tcg_guest.call("uk_test_run_suite", '"cellsuite"'))
    assert printed.count("test: cellsuite->") == 4 and "FAIL" not in printed  # a title and a result each
    # forgotten cells take their cases with them
    tcg_guest.reset_cells()
    printed = console_after(tcg_guest, lambda: tcg_guest.call("uk_test_run_suite", '"cellsuite"'))
    assert "cellsuite" not in printed


def test_a_crash_in_a_cell_names_the_cell_function_then_reboot_and_replay(tcg_guest):
    tcg_guest.run_cell("#include <stddef.h>\nint deref(int *p)\n{\n\treturn *p;\n}")
    with pytest.raises(GuestCrashed) as crash:
        tcg_guest.run_cell("int a = 1;\nint v = deref(NULL);")
    assert "<deref+0x" in crash.value.report  # the kernel's own report names the cell function
    where = str(crash.value)
    assert re.search(r"#0 deref\+0x[0-9a-f]+ in cell\d+\.c:4: return \*p;", where), where
    # x86_64: deref faulted before making a frame, its caller comes from the top of the stack;
    # arm64: leaf functions make a frame record first (-mno-omit-leaf-frame-pointer), a frame of its own
    caller = r"(called from|#1) the statements of cell \d+ in cell\d+\.c:2: int v = deref\(NULL\);"
    assert re.search(caller, where), where
    assert tcg_guest.state is State.CRASHED
    tcg_guest.reboot()
    assert tcg_guest.run_cell("int twice(int x) { return 2 * x; }\ntwice(21)").value.text == "42"
    assert tcg_guest.previous_cells and "deref" in tcg_guest.previous_cells[0]
    assert tcg_guest.replay() == 1  # the crashing cell did not run to its end: not replayed
    assert str(tcg_guest.evaluate("deref(&tour_counter)")) == "(int) 0"
    with pytest.raises(GuestCrashed, match=r"in cell code:\n  #0 deref\+0x[0-9a-f]+ in cell\d+\.c:4"):
        tcg_guest.evaluate("deref(0)")  # a crash from an expression is placed in cell code too


def test_a_looping_cell_can_be_interrupted(tcg_guest):
    ctrl_c_on_console(tcg_guest, "cell spinning")
    with pytest.raises(GuestInterrupted):
        tcg_guest.run_cell('#include <stdio.h>\nprintf("cell spinning\\n");\nfor (;;)\n\t__asm__("");')
    assert tcg_guest.state is State.READY
    assert tcg_guest.run_cell("int one(void) { return 1; }\none()").value.text == "1"


def test_reset_forgets_cells(tcg_guest):
    tcg_guest.run_cell("int sq(int x) { return x * x; }")
    assert tcg_guest.reset_cells() == 1
    assert tcg_guest.cells is None
    with pytest.raises(Exception, match="sq"):
        tcg_guest.evaluate("sq(2)")
    assert tcg_guest.run_cell("int sq(int x) { return x + x; }\nsq(4)").value.text == "8"


small_arena_guest = guest_fixture(config=("UKREPL_CELL_ARENA_SIZE=128",), arches=BOTH_ARCHES)


def test_a_full_arena_names_the_option_to_raise(small_arena_guest):
    small_arena_guest.run_cell("char small[16 * 1024];")
    with pytest.raises(CellError, match="CONFIG_UKREPL_CELL_ARENA_SIZE") as error:
        small_arena_guest.run_cell("char big[60 * 1024];")
    assert "%boot --config UKREPL_CELL_ARENA_SIZE=" in str(error.value)
    assert small_arena_guest.evaluate("sizeof(small)").text == "16384"


def test_who_and_show_asm_in_a_notebook(kernel):
    km, kc = kernel
    run(kc, "%boot --accel tcg")
    reply, out = run(kc, "%%c --show-asm\nint sq(int x) { return x * x; }\nstruct point { int x, y; };")
    assert reply["status"] == "ok", text_of(out)
    text = text_of(out)
    assert "<sq>:" in text and "imul" in text and "return x * x;" in text  # with the cell's source lines
    run(kc, "int counter = 5;")
    reply, out = run(kc, "%who")
    rows = {line.split()[0]: line.split() for line in text_of(out).splitlines()}
    assert rows["sq"][1] == "function" and rows["sq"][2].startswith("0x") and rows["sq"][-1] == "1"
    assert rows["counter"][1:2] == ["variable"] and rows["counter"][3] == "4"
    assert rows["point"][1:3] == ["struct", "-"]
